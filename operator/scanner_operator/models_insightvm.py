"""Pydantic models of the InsightVMScan custom resource; registered with `crdgen` like ScanImport.

spec.state Running | Paused | Stopped is the desired state of one console scan; the operator starts it, keeps
it in that state and mirrors the console's view in status.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated

from pydantic import ConfigDict, Field, model_validator

from .models import (
    AGE_COLUMN,
    DNS_SUBDOMAIN,
    READY_COLUMNS,
    SECRET_KEY_PATTERN,
    Condition,
    ImportType,
    KubeModel,
    LocalObjectReference,
    PhoenixConnection,
    PrinterColumn,
    ResourceModel,
    Tag,
    register_resource,
)

DURATION_PATTERN = r"^([0-9]+h)?([0-9]+m)?([0-9]+s)?$"
#: The shortest duration is `1s`: two characters keep the empty string (which the pattern allows) out.
Duration = Annotated[str, Field(pattern=DURATION_PATTERN, min_length=2, max_length=32)]
# CEL durations read the same `8h`, `1h30m`, `90s` as parse_duration.
TIMEOUT_RULE = (
    "!has(self.timeout) || duration(self.timeout) > duration(has(self.pollInterval) ? self.pollInterval : '60s')"
)
TIMEOUT_MESSAGE = "spec.timeout must be longer than spec.pollInterval"
_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
ObjectName = Annotated[str, Field(min_length=1, max_length=253, pattern=DNS_SUBDOMAIN)]
DataKey = Annotated[str, Field(min_length=1, max_length=253, pattern=SECRET_KEY_PATTERN)]
DateTime = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


def parse_duration(text: str) -> float:
    """`90s`, `5m`, `8h`, `1h30m` -> seconds (a Go-style duration without fractions)."""
    match = _DURATION.match(text.strip())
    if not match or not any(match.groups()):
        raise ValueError(f"invalid duration {text!r}: use e.g. 90s, 5m, 8h or 1h30m")
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return float(hours * 3600 + minutes * 60 + seconds)


class DesiredScanState(str, Enum):
    Running = "Running"
    Paused = "Paused"
    Stopped = "Stopped"


class ConsoleCredentialsRef(KubeModel):
    name: ObjectName = Field(description="Secret in the InsightVMScan's namespace with the console credentials.")
    usernameKey: DataKey = Field(default="username", description="Key of the user name in the Secret.")
    passwordKey: DataKey = Field(default="password", description="Key of the password in the Secret.")
    tokenKey: DataKey | None = Field(
        default=None, description="Key of a two-factor code (sent as the `Token` header), when the account needs it."
    )


class CASecretRef(KubeModel):
    name: ObjectName = Field(description="Secret with the PEM CA bundle that signed the console's certificate.")
    key: DataKey = Field(default="ca.crt", description="Key of the PEM bundle in the Secret.")


class ConsoleConnection(KubeModel):
    url: str = Field(
        pattern=r"^https?://[^\s]+$",
        max_length=2048,
        description="Console URL, e.g. https://insightvm.example.com:3780 (the API is under /api/3/).",
    )
    credentialsSecretRef: ConsoleCredentialsRef = Field(description="Secret with the console user and password.")
    caSecretRef: CASecretRef | None = Field(
        default=None, description="CA bundle to verify the console's certificate; the system CAs when unset."
    )
    insecureSkipTLSVerify: bool = Field(
        default=False, description="Do not verify the console's certificate (self-signed consoles). Avoid."
    )


class ExportToPhoenix(KubeModel):
    enabled: bool = Field(default=False, description="Import the finished scan's results into Phoenix.")
    importType: ImportType = Field(default=ImportType.new, description="Import type of the child ScanImport.")
    assessmentName: str | None = Field(
        default=None, min_length=1, max_length=255, description="Phoenix assessment; derived when unset."
    )
    tags: list[Tag] = Field(default_factory=list, max_length=50, description="Tags added to every imported asset.")
    phoenix: PhoenixConnection | None = Field(
        default=None, description="Phoenix connection of the child ScanImport; the operator's defaults when unset."
    )


class InsightVMScanSpec(KubeModel):
    # Cross-field rules: the API server checks them on apply (CEL, Kubernetes 1.25 and newer); the operator checks
    # the same in `_cross_field_rules`, so a server without CEL (1.20) gets the same message as a Stalled reason.
    model_config = ConfigDict(
        json_schema_extra={"x-kubernetes-validations": [{"rule": TIMEOUT_RULE, "message": TIMEOUT_MESSAGE}]}
    )

    console: ConsoleConnection = Field(description="The InsightVM Security Console to run the scan on.")
    siteId: int = Field(ge=1, description="Site whose scan this is.")
    scanName: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="Scan name; the operator appends a unique suffix so a restart can find the scan again.",
    )
    templateId: str | None = Field(
        default=None, min_length=1, max_length=100, description="Scan template id; the site's when unset."
    )
    engineId: int | None = Field(default=None, ge=0, description="Scan engine id; the site's when unset.")
    hosts: list[Annotated[str, Field(min_length=1, max_length=255)]] = Field(
        default_factory=list, max_length=1000, description="Hosts or CIDRs to scan (within the site); all when empty."
    )
    assetGroupIds: list[int] = Field(
        default_factory=list, max_length=100, description="Asset groups of the site to scan."
    )
    overrideBlackout: bool = Field(default=False, description="Ask to override the site's blackout window.")
    state: DesiredScanState = Field(
        default=DesiredScanState.Running,
        description="Desired state: Running (start, or resume when paused), Paused, or Stopped (never resumable).",
    )
    timeout: Duration | None = Field(
        default=None,
        description="Stop the scan and mark it Stalled when it has not ended after this long (e.g. 8h); "
        "longer than pollInterval.",
    )
    pollInterval: Duration = Field(default="60s", description="How often the console is polled (e.g. 30s, 5m).")
    stopOnDelete: bool = Field(default=True, description="Stop a running or paused scan when this object is deleted.")
    exportToPhoenix: ExportToPhoenix | None = Field(
        default=None, description="Import the results into Phoenix through a child ScanImport once finished."
    )
    suspend: bool = Field(default=False, description="Do nothing while true; status is kept as it is.")

    @model_validator(mode="after")
    def _cross_field_rules(self) -> InsightVMScanSpec:
        if self.timeout is not None and parse_duration(self.timeout) <= parse_duration(self.pollInterval):
            raise ValueError(TIMEOUT_MESSAGE)
        return self


class VulnerabilityCounts(KubeModel):
    critical: int = Field(default=0, ge=0, description="Critical findings.")
    severe: int = Field(default=0, ge=0, description="Severe findings.")
    moderate: int = Field(default=0, ge=0, description="Moderate findings.")
    total: int = Field(default=0, ge=0, description="All findings.")


class ExportStatus(KubeModel):
    scanImport: str | None = Field(default=None, description="The child ScanImport that imports the results.")
    configMap: str | None = Field(default=None, description="The ConfigMap holding the exported report.")
    bytes: int | None = Field(default=None, ge=0, description="Size of the exported report.")
    exportedAt: DateTime | None = Field(default=None, description="When the report was exported.")


class InsightVMScanStatus(KubeModel):
    observedGeneration: int = Field(default=-1, description="Generation last acted upon; -1 before the first visit.")
    conditions: list[Condition] = Field(
        default_factory=list, description="kstatus conditions: Ready, Reconciling, Stalled."
    )
    scanId: int | None = Field(default=None, description="Console id of the scan.")
    scanName: str | None = Field(default=None, max_length=255, description="Name the scan was started with.")
    scanKey: str | None = Field(
        default=None, max_length=64, description="Digest of the spec fields that define the scan."
    )
    scanGeneration: int | None = Field(default=None, description="Generation the scan was started for.")
    scanStatus: str | None = Field(default=None, max_length=32, description="The console's own scan status.")
    assets: int | None = Field(default=None, ge=0, description="Assets found so far.")
    vulnerabilities: VulnerabilityCounts | None = Field(default=None, description="Vulnerabilities found so far.")
    duration: str | None = Field(default=None, max_length=64, description="ISO 8601 duration of the scan.")
    startTime: str | None = Field(default=None, max_length=64, description="When the console started the scan.")
    endTime: str | None = Field(default=None, max_length=64, description="When the scan ended.")
    engineName: str | None = Field(default=None, max_length=255, description="Scan engine.")
    message: str | None = Field(default=None, max_length=1024, description="The console's reason for the status.")
    startedAt: DateTime | None = Field(default=None, description="When the operator started or adopted the scan.")
    lastPolledAt: DateTime | None = Field(default=None, description="When the console was last asked.")
    timedOut: bool | None = Field(default=None, description="spec.timeout passed before the scan ended.")
    export: ExportStatus | None = Field(default=None, description="Export of the results to Phoenix.")


INSIGHTVMSCAN = register_resource(
    ResourceModel(
        kind="InsightVMScan",
        plural="insightvmscans",
        spec=InsightVMScanSpec,
        status=InsightVMScanStatus,
        short_names=("ivs",),
        description="Runs one Rapid7 InsightVM scan declaratively and mirrors its state; optionally exports the "
        "results to Phoenix.",
        printer_columns=(
            PrinterColumn("Scan ID", "integer", ".status.scanId", "Console scan id"),
            PrinterColumn("State", "string", ".status.scanStatus", "Console scan status"),
            PrinterColumn("Assets", "integer", ".status.assets", "Assets found"),
            PrinterColumn("Critical", "integer", ".status.vulnerabilities.critical", "Critical vulnerabilities"),
            PrinterColumn("Total", "integer", ".status.vulnerabilities.total", "All vulnerabilities"),
            READY_COLUMNS[0],
            AGE_COLUMN,
            PrinterColumn("Status", "string", READY_COLUMNS[1].json_path, "Ready message", priority=1),
        ),
    )
)

__all__ = [
    "INSIGHTVMSCAN",
    "ConsoleConnection",
    "DesiredScanState",
    "InsightVMScanSpec",
    "InsightVMScanStatus",
    "LocalObjectReference",
    "parse_duration",
]
