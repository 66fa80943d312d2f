"""KUBE_VERSION picks the local API server build (no server started here)."""

from __future__ import annotations

import pytest

from scanner_operator.testing.localcluster import BUILDS, DEFAULT_KUBE_VERSION, ClusterError, kube_version


def test_default_and_explicit_1_20(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KUBE_VERSION", raising=False)
    assert kube_version() is BUILDS[DEFAULT_KUBE_VERSION]
    monkeypatch.setenv("KUBE_VERSION", "1.20")
    build = kube_version()
    assert build.git_version == "v1.20.2" and build.binary == "kube-apiserver"
    assert kube_version(" ") is BUILDS[DEFAULT_KUBE_VERSION]


def test_current_says_why_it_is_not_available(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBE_VERSION", "current")
    with pytest.raises(ClusterError, match=r"KUBE_VERSION=current is not available: .*Go module.*use 1\.20"):
        kube_version()


def test_unknown_version_is_refused() -> None:
    with pytest.raises(ClusterError, match="unknown"):
        kube_version("1.99")
