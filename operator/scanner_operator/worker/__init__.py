"""The import Job's worker: `phoenix-scanner worker` fetches the report, imports it into Phoenix and mirrors
progress and result into the ScanImport's status."""

from ..contract import PERMANENT_REASONS, ExitCode
from .outcome import (
    InvalidInput,
    Outcome,
    classify,
)
from .reporter import StatusReporter
from .run import run_worker
from .settings import WorkerSettings, load_settings
from .status import KubeStatusSink, StatusSink, StatusWriteFailed, kube_custom_objects_api

__all__ = [
    "PERMANENT_REASONS",
    "ExitCode",
    "InvalidInput",
    "KubeStatusSink",
    "Outcome",
    "StatusReporter",
    "StatusSink",
    "StatusWriteFailed",
    "WorkerSettings",
    "classify",
    "kube_custom_objects_api",
    "load_settings",
    "run_worker",
]
