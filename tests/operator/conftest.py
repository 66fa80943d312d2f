"""Integration fixtures: the local API server with our CRDs, FakePhoenix, the local Job runner and the operator
in-process (kopf's KopfRunner), one namespace per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scanner_operator.testing.fake_phoenix import FakePhoenix
from scanner_operator.testing.localcluster import LocalCluster
from tests.cluster import kube  # noqa: F401
from tests.fixtures.objectstores import azure_store, gcs_store, http_store, s3_store  # noqa: F401
from tests.operator.harness import Harness, apply_crds


@pytest.fixture(scope="session")
def crds(kube: LocalCluster) -> LocalCluster:  # noqa: F811
    apply_crds(kube)
    return kube


@pytest.fixture
def fake_phoenix() -> Iterator[FakePhoenix]:
    with FakePhoenix() as fake:
        yield fake


@pytest.fixture
def harness(crds: LocalCluster, fake_phoenix: FakePhoenix, request: pytest.FixtureRequest) -> Iterator[Harness]:
    h = Harness.create(crds, fake_phoenix, request.node.name)
    try:
        h.start_runner()
        h.start_operator()
        yield h
    finally:
        h.close()
