"""Options, progress and result of one report import."""

from __future__ import annotations

from dataclasses import dataclass, field

IMPORT_TYPES = ("new", "merge", "delta")
ASSET_TYPES = ("INFRA", "WEB", "CLOUD", "CONTAINER", "REPOSITORY", "CODE", "BUILD")

#: Vendor batch importer: 20 MB per request (§7). The asset bound is the scanner service's 500, above the vendor
#: batcher's 100, because with `new`/`merge` one request is the only split-free option (§7.1: raise limits first).
DEFAULT_MAX_BATCH_ASSETS = 500
DEFAULT_MAX_BATCH_BYTES = 20 * 1000 * 1000


@dataclass
class ImportOptions:
    assessment_name: str | None = None
    import_type: str = "new"
    #: INFRA | WEB | CLOUD | CONTAINER | REPOSITORY | CODE | BUILD; None or "auto" = the parser's choice
    asset_type: str | None = None
    #: user tags (key may be None) added to every asset
    tags: list[tuple[str | None, str]] = field(default_factory=list)
    max_batch_assets: int = DEFAULT_MAX_BATCH_ASSETS
    max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES
    #: name used in tags and the default assessment name; default: the detected format id
    scanner_name: str | None = None
    #: file/object name of the report, for the default assessment name; default: the report's file name
    source_name: str | None = None

    def __post_init__(self) -> None:
        if self.import_type not in IMPORT_TYPES:
            raise ValueError(f"import type must be one of {', '.join(IMPORT_TYPES)}, not {self.import_type!r}")
        if self.asset_type in ("", "auto", "AUTO"):
            self.asset_type = None
        if self.asset_type is not None:
            self.asset_type = self.asset_type.upper()
            if self.asset_type not in ASSET_TYPES:
                raise ValueError(f"asset type must be auto or one of {', '.join(ASSET_TYPES)}, not {self.asset_type!r}")
        if self.max_batch_assets < 1:
            raise ValueError("max_batch_assets must be at least 1")
        if self.max_batch_bytes < 1024:
            raise ValueError("max_batch_bytes must be at least 1024")


@dataclass(frozen=True)
class ImportProgress:
    step: str  # Detecting | Parsing | Importing | Translating | Imported
    percent: int
    assets: int
    findings: int
    batches_sent: int
    message: str


@dataclass
class ImportResult:
    assessment_name: str
    import_type: str
    assets: int
    findings: int
    batches: int
    severity_counts: dict[str, int]
    format_id: str
    translated: bool
    warnings: list[str]
    #: "single-request": the report went in one request with `import_type`; "split-delta": it needed several
    #: requests, each sent as `delta` so no batch closes another's findings (docs/phoenix-import.md);
    #: "translate": raw upload; "dry-run" prefix when nothing was sent.
    strategy: str = "single-request"
    #: import type each request actually carried
    effective_import_type: str = ""
    translate_request_id: str | None = None
