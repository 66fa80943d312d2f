"""Shared fixtures. The local control plane fixture lives in tests/cluster_fixtures.py."""
