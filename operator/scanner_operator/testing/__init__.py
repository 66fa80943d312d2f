"""Test and demo stand-ins that are real servers on 127.0.0.1: the local control plane, FakePhoenix,
FakeInsightVM and the local Job runner. Shipped in the package so `make demo` and users' own tests can use them."""
