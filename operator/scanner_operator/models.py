"""Pydantic models of the ScanImport custom resource and the registry of resource models that `crdgen` turns
into CustomResourceDefinitions.

Field names are the camelCase names users write in YAML (aliases); descriptions become `kubectl explain` text.
Another resource kind registers itself with `register_resource(...)` from its own `models_*.py` module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

GROUP = "scanner.phoenix.security"
VERSION = "v1alpha1"
API_VERSION = f"{GROUP}/{VERSION}"
CATEGORY = "phoenix"

DNS_SUBDOMAIN = r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"
SECRET_KEY_PATTERN = r"^[-._a-zA-Z0-9]+$"  # noqa: S105 - a pattern for data keys
HTTP_URL = r"^https?://[^\s]+$"


class KubeModel(BaseModel):
    """Base of every resource model: camelCase on the wire, unknown fields rejected."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


# --- references -------------------------------------------------------------------------------------------------
ObjectName = Annotated[str, Field(min_length=1, max_length=253, pattern=DNS_SUBDOMAIN)]
DataKey = Annotated[str, Field(min_length=1, max_length=253, pattern=SECRET_KEY_PATTERN)]


class LocalObjectReference(KubeModel):
    name: ObjectName = Field(description="Name of an object in the ScanImport's namespace.")


class KeySelector(KubeModel):
    name: ObjectName = Field(description="Name of the object in the ScanImport's namespace.")
    key: DataKey = Field(description="Key inside the object's data that holds the report.")


class CredentialsSecretRef(KubeModel):
    name: ObjectName = Field(description="Secret in the ScanImport's namespace with the Phoenix API credentials.")
    clientIdKey: DataKey = Field(default="clientId", description="Key of the Phoenix client id in the Secret.")
    clientSecretKey: DataKey = Field(
        default="clientSecret", description="Key of the Phoenix client secret in the Secret."
    )


# --- sources -----------------------------------------------------------------------------------------------------
class S3Source(KubeModel):
    bucket: str = Field(min_length=3, max_length=63, description="Bucket name.")
    key: str = Field(min_length=1, max_length=1024, description="Object key of the report.")
    endpoint: str | None = Field(
        default=None, pattern=HTTP_URL, description="Endpoint of an S3-compatible store (MinIO, Ceph); AWS if unset."
    )
    region: str | None = Field(default=None, max_length=64, description="Region of the bucket.")
    secretRef: LocalObjectReference | None = Field(
        default=None,
        description="Secret with keys accessKeyId and secretAccessKey (optional sessionToken); "
        "the pod's ambient credentials (IRSA, instance role) are used when unset.",
    )
    insecure: bool = Field(default=False, description="Skip TLS certificate verification of the endpoint.")


class GCSSource(KubeModel):
    bucket: str = Field(min_length=3, max_length=222, description="Bucket name.")
    object: str = Field(min_length=1, max_length=1024, description="Object name of the report.")
    endpoint: str | None = Field(
        default=None, pattern=HTTP_URL, description="Alternative endpoint (an emulator); Google Cloud if unset."
    )
    secretRef: LocalObjectReference | None = Field(
        default=None,
        description="Secret with a service-account key under `credentials.json` or an OAuth2 access token "
        "under `token`; anonymous access when unset.",
    )


class AzureBlobSource(KubeModel):
    accountUrl: str = Field(
        pattern=HTTP_URL, description="Blob service URL, e.g. https://ACCOUNT.blob.core.windows.net."
    )
    container: str = Field(min_length=3, max_length=63, description="Container name.")
    blob: str = Field(min_length=1, max_length=1024, description="Blob name of the report.")
    secretRef: LocalObjectReference | None = Field(
        default=None,
        description="Secret with `accountKey` (optional `accountName`) or `sasToken`; anonymous access when unset.",
    )


class HTTPSource(KubeModel):
    url: str = Field(pattern=HTTP_URL, max_length=2048, description="URL of the report (GET).")
    headersSecretRef: LocalObjectReference | None = Field(
        default=None, description="Secret whose keys and values are sent as HTTP request headers (e.g. Authorization)."
    )
    caSecretRef: LocalObjectReference | None = Field(
        default=None, description="Secret with a PEM CA bundle under `ca.crt` to verify the server with."
    )


class ScanImportSource(KubeModel):
    """Where the report comes from: exactly one of the fields is set."""

    model_config = ConfigDict(
        json_schema_extra={
            "x-kubernetes-validations": [
                {
                    "rule": "[has(self.configMap), has(self.secret), has(self.s3), has(self.gcs), "
                    "has(self.azureBlob), has(self.http)].filter(x, x).size() == 1",
                    "message": "exactly one source must be set: configMap, secret, s3, gcs, azureBlob or http",
                }
            ]
        }
    )

    configMap: KeySelector | None = Field(default=None, description="A report stored in a ConfigMap key.")
    secret: KeySelector | None = Field(default=None, description="A report stored in a Secret key.")
    s3: S3Source | None = Field(default=None, description="A report in an S3-compatible object store.")
    gcs: GCSSource | None = Field(default=None, description="A report in Google Cloud Storage.")
    azureBlob: AzureBlobSource | None = Field(default=None, description="A report in Azure Blob Storage.")
    http: HTTPSource | None = Field(default=None, description="A report downloaded over HTTP(S).")

    def kinds(self) -> list[str]:
        return [name for name in SOURCE_KINDS if getattr(self, name) is not None]


SOURCE_KINDS = ("configMap", "secret", "s3", "gcs", "azureBlob", "http")


# --- spec --------------------------------------------------------------------------------------------------------
class AssetType(str, Enum):
    auto = "auto"
    INFRA = "INFRA"
    WEB = "WEB"
    CLOUD = "CLOUD"
    CONTAINER = "CONTAINER"
    REPOSITORY = "REPOSITORY"
    CODE = "CODE"
    BUILD = "BUILD"


class ImportType(str, Enum):
    new = "new"
    merge = "merge"
    delta = "delta"


class Tag(KubeModel):
    key: str | None = Field(default=None, max_length=128, description="Tag key; a value-only tag when unset.")
    value: str = Field(min_length=1, max_length=256, description="Tag value.")


class PhoenixConnection(KubeModel):
    apiUrl: str | None = Field(
        default=None, pattern=HTTP_URL, description="Phoenix API base URL; the operator's default when unset."
    )
    credentialsSecretRef: CredentialsSecretRef | None = Field(
        default=None, description="Secret with the Phoenix API credentials; the operator's default when unset."
    )


class SigningSecretRef(KubeModel):
    name: ObjectName = Field(description="Secret in the ScanImport's namespace that holds the signing key.")
    key: DataKey = Field(default="signingKey", description="Key of the signing key in the Secret.")


class WebhookTarget(KubeModel):
    url: str = Field(
        pattern=HTTP_URL, max_length=2048, description="URL that receives a JSON POST per finished import."
    )
    headersSecretRef: LocalObjectReference | None = Field(
        default=None, description="Secret whose keys and values are sent as HTTP headers with the notification."
    )
    signingSecretRef: SigningSecretRef | None = Field(
        default=None,
        description="Secret with an HMAC key: each notification then carries X-Phoenix-Scanner-Timestamp and "
        "X-Phoenix-Scanner-Signature (sha256 over `<timestamp>.<body>`; docs/webhooks.md).",
    )


class Notify(KubeModel):
    webhook: WebhookTarget | None = Field(default=None, description="Webhook called when an import ends.")


Quantity = Annotated[str, Field(pattern=r"^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$", max_length=32)]


class ResourceList(KubeModel):
    cpu: Quantity | None = Field(default=None, description="CPU, e.g. 500m.")
    memory: Quantity | None = Field(default=None, description="Memory, e.g. 512Mi.")
    ephemeralStorage: Quantity | None = Field(
        default=None, alias="ephemeral-storage", description="Ephemeral storage, e.g. 1Gi."
    )


class ResourceRequirements(KubeModel):
    requests: ResourceList | None = Field(default=None, description="Minimum resources of the import pod.")
    limits: ResourceList | None = Field(default=None, description="Maximum resources of the import pod.")


class JobOptions(KubeModel):
    activeDeadlineSeconds: int | None = Field(
        default=None, ge=30, le=86400, description="Time limit of one import Job; the operator's default when unset."
    )
    resources: ResourceRequirements | None = Field(
        default=None, description="Resources of the import container; the operator's defaults when unset."
    )


class ScanImportSpec(KubeModel):
    source: ScanImportSource = Field(description="Where the report comes from: exactly one source kind.")
    scanner: str = Field(
        default="auto",
        min_length=1,
        max_length=100,
        description="Report format: `auto` detects it; else a format id (trivy) or a scan-type name (Trivy Scan).",
    )
    assessmentName: str | None = Field(
        default=None,
        min_length=1,
        max_length=255,
        description="Phoenix assessment to import into; derived from scanner, name and time when unset.",
    )
    assetType: AssetType = Field(default=AssetType.auto, description="Phoenix asset type; `auto` infers it.")
    importType: ImportType = Field(
        default=ImportType.new,
        description="new: a new assessment; merge: add to it; delta: close findings absent from this report.",
    )
    fixData: bool = Field(default=True, description="Repair common data problems of the report before importing.")
    anonymize: bool = Field(default=False, description="Replace host names and addresses by keyed pseudonyms.")
    tags: list[Tag] = Field(default_factory=list, max_length=50, description="Tags added to every imported asset.")
    phoenix: PhoenixConnection | None = Field(
        default=None, description="Phoenix connection; overrides the operator's defaults."
    )
    notify: Notify | None = Field(default=None, description="Notifications when an import ends.")
    suspend: bool = Field(default=False, description="Do nothing while true; status is kept as it is.")
    job: JobOptions | None = Field(default=None, description="Settings of the import Job.")


# --- status ------------------------------------------------------------------------------------------------------
class ConditionStatus(str, Enum):
    true = "True"
    false = "False"
    unknown = "Unknown"


class Condition(KubeModel):
    """metav1.Condition."""

    type: str = Field(max_length=316, description="Condition type: Ready, Reconciling, Stalled, or a domain type.")
    status: ConditionStatus = Field(description="True, False or Unknown.")
    reason: str = Field(max_length=1024, pattern=r"^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$", description="CamelCase.")
    message: str = Field(max_length=32768, description="Human-readable details.")
    lastTransitionTime: str = Field(description="When status last changed.", json_schema_extra={"format": "date-time"})
    observedGeneration: int | None = Field(default=None, ge=0, description="Generation the condition was set for.")


class Phase(str, Enum):
    Pending = "Pending"
    Running = "Running"
    Retrying = "Retrying"
    Succeeded = "Succeeded"
    Failed = "Failed"


class Outcome(str, Enum):
    Succeeded = "Succeeded"
    Failed = "Failed"


class SourceInfo(KubeModel):
    sha256: str | None = Field(default=None, pattern=r"^[a-f0-9]{64}$", description="SHA-256 of the fetched report.")
    size: int | None = Field(default=None, ge=0, description="Size of the fetched report in bytes.")


class LastResult(KubeModel):
    generation: int | None = Field(default=None, description="Generation the result belongs to.")
    outcome: Outcome | None = Field(default=None, description="Succeeded or Failed.")
    reason: str | None = Field(default=None, max_length=128, description="CamelCase reason of the outcome.")
    message: str | None = Field(default=None, max_length=4096, description="What happened, for people.")
    completedAt: str | None = Field(default=None, description="When.", json_schema_extra={"format": "date-time"})


DateTime = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


class ScanImportStatus(KubeModel):
    observedGeneration: int = Field(default=-1, description="Generation last acted upon; -1 before the first visit.")
    conditions: list[Condition] = Field(
        default_factory=list, description="kstatus conditions: Ready, Reconciling, Stalled."
    )
    phase: Phase | None = Field(default=None, description="Informational summary; conditions are the contract.")
    lastHandledReconcileAt: str | None = Field(
        default=None, description="Last handled value of the scanner.phoenix.security/requestedAt annotation."
    )
    jobName: str | None = Field(default=None, description="The import Job of the current run.")
    attempt: int | None = Field(default=None, ge=1, description="Attempt number of the current run.")
    nextRetryAt: DateTime | None = Field(default=None, description="When a transient failure is retried.")
    startedAt: DateTime | None = Field(default=None, description="When the current run's Job was created.")
    completedAt: DateTime | None = Field(default=None, description="When the current run ended.")
    progress: int | None = Field(default=None, ge=0, le=100, description="Percent done.")
    currentStep: str | None = Field(default=None, max_length=128, description="Step the worker is in.")
    scanner: str | None = Field(default=None, max_length=100, description="Detected or given report format.")
    assessmentName: str | None = Field(default=None, max_length=255, description="Assessment imported into.")
    assetsImported: int | None = Field(default=None, ge=0, description="Assets imported.")
    findingsImported: int | None = Field(default=None, ge=0, description="Findings imported.")
    severityCounts: dict[str, int] | None = Field(default=None, description="Findings by severity.")
    source: SourceInfo | None = Field(default=None, description="The fetched report.")
    recentLogs: list[Annotated[str, Field(max_length=1024)]] | None = Field(
        default=None, max_length=10, description="Last log lines of the worker."
    )
    lastResult: LastResult | None = Field(default=None, description="Result the worker reported last.")
    phoenixRequests: dict[str, int] | None = Field(
        default=None,
        description="Phoenix API requests of the current run by HTTP status (or `error`), counted by the worker; "
        "the operator adds them to phoenix_scanner_phoenix_api_requests_total when the run ends.",
    )


# --- the registry crdgen reads -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PrinterColumn:
    name: str
    type: str
    json_path: str
    description: str = ""
    priority: int = 0


READY_COLUMNS = (
    PrinterColumn("Ready", "string", '.status.conditions[?(@.type=="Ready")].status', "Ready condition"),
    PrinterColumn("Status", "string", '.status.conditions[?(@.type=="Ready")].message', "Ready message"),
)
AGE_COLUMN = PrinterColumn("Age", "date", ".metadata.creationTimestamp")


@dataclass(frozen=True)
class ResourceModel:
    kind: str
    plural: str
    spec: type[BaseModel]
    status: type[BaseModel]
    short_names: tuple[str, ...] = ()
    printer_columns: tuple[PrinterColumn, ...] = ()
    description: str = ""
    group: str = GROUP
    version: str = VERSION
    categories: tuple[str, ...] = (CATEGORY,)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def singular(self) -> str:
        return self.kind.lower()


RESOURCES: list[ResourceModel] = []


def register_resource(resource: ResourceModel) -> ResourceModel:
    if all(r.kind != resource.kind for r in RESOURCES):
        RESOURCES.append(resource)
    return resource


SCANIMPORT = register_resource(
    ResourceModel(
        kind="ScanImport",
        plural="scanimports",
        spec=ScanImportSpec,
        status=ScanImportStatus,
        short_names=("si",),
        description="Imports one vulnerability-scanner report into Phoenix Security in an operator-owned Job.",
        printer_columns=(
            *READY_COLUMNS,
            PrinterColumn("Phase", "string", ".status.phase", "Phase of the current import"),
            PrinterColumn("Scanner", "string", ".status.scanner", "Report format"),
            PrinterColumn("Findings", "integer", ".status.findingsImported", "Findings imported"),
            PrinterColumn("Progress", "integer", ".status.progress", "Percent done"),
            AGE_COLUMN,
            PrinterColumn("Assets", "integer", ".status.assetsImported", "Assets imported", priority=1),
            PrinterColumn("Critical", "integer", ".status.severityCounts.critical", "Critical findings", priority=1),
            PrinterColumn("High", "integer", ".status.severityCounts.high", "High findings", priority=1),
            PrinterColumn("Medium", "integer", ".status.severityCounts.medium", "Medium findings", priority=1),
            PrinterColumn("Low", "integer", ".status.severityCounts.low", "Low findings", priority=1),
            PrinterColumn("Assessment", "string", ".status.assessmentName", "Phoenix assessment", priority=1),
            PrinterColumn("Job", "string", ".status.jobName", "Import Job", priority=1),
        ),
    )
)
