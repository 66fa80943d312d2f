"""The not-Ready gauge behind the PhoenixScannerResourcesNotReady alert."""

from __future__ import annotations

from scanner_operator import metrics


def gauge(kind: str) -> float:
    return float(metrics.RESOURCES_NOT_READY.labels(kind=kind)._value.get())


def ready(flag: bool) -> dict[str, object]:
    return {"conditions": [{"type": "Ready", "status": "True" if flag else "False", "reason": "R", "message": "m"}]}


def test_gauge_counts_not_ready_objects_per_kind_and_forgets_deleted_ones() -> None:
    base = gauge("ScanImport")
    metrics.observe_readiness("ScanImport", "ns", "a", ready(False))
    metrics.observe_readiness("ScanImport", "ns", "b", {"observedGeneration": 1})  # no conditions yet
    metrics.observe_readiness("ScanImport", "ns", "a", ready(False))  # counted once
    assert gauge("ScanImport") == base + 2
    metrics.observe_readiness("ScanImport", "ns", "a", ready(True))
    assert gauge("ScanImport") == base + 1
    metrics.observe_readiness("ScanImport", "ns", "b", None)  # deleted
    assert gauge("ScanImport") == base
    metrics.observe_readiness("InsightVMScan", "ns", "a", ready(False))
    assert gauge("InsightVMScan") >= 1 and gauge("ScanImport") == base
    metrics.observe_readiness("InsightVMScan", "ns", "a", None)
