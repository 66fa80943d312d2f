"""The session-wide local control plane (real kube-apiserver v1.20.2 + etcd on 127.0.0.1).

Import the fixture in a conftest: `from tests.cluster import kube  # noqa: F401`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from scanner_operator.testing.localcluster import LocalCluster, start_temporary


@pytest.fixture(scope="session")
def kube() -> Iterator[LocalCluster]:
    cluster = start_temporary()
    cluster.use_as_default()
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(cluster.workdir, ignore_errors=True)
