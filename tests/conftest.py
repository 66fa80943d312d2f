"""Shared fixtures: the local control plane is session-scoped and started only when a test asks for it."""

from tests.cluster import kube  # noqa: F401
