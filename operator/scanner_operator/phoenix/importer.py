"""One report -> Phoenix: detect, parse (streaming), map, batch, import; or raw upload through translate."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import orjson

from scan_parsers import Asset, AssetType, Finding, ReportInput, parse_report
from scan_parsers.registry import ReportFormat

from .batching import Batcher, BatchInfo
from .errors import PhoenixError, PhoenixUncertain
from .mapping import asset_attributes, finding_payload, tag_payloads
from .translate import TranslateSink, translate_report, translate_scan_type
from .types import ImportOptions, ImportProgress, ImportResult

log = logging.getLogger(__name__)

ProgressFn = Callable[[ImportProgress], None]
SEVERITIES = ("critical", "high", "medium", "low", "info")
_PROGRESS_EVERY = 10_000
#: the vendor importer requires this sub type for Grype/Anchore container imports (phoenix-api.md §3.1)
_CONTAINER_IMAGE_FORMATS = ("anchore_grype", "anchore_engine", "anchore_enterprise", "anchorectl_vulns")


class ImportSink(TranslateSink, Protocol):
    """Where import bodies go: `PhoenixClient`, or `DryRunWriter` for --dry-run."""

    def import_assets(self, body: bytes) -> object: ...


def default_assessment_name(scanner: str, source_name: str, import_type: str, now: datetime | None = None) -> str:
    """ "<SCANNER>-<source stem>", plus "-<YYYYmmdd_HHMM>" for delta imports.

    For `new`/`merge` the name must be stable: closure works per assessment, and a time-stamped name would make
    every run a fresh assessment that never closes anything (the replaced service's defect, phoenix-api.md §10.4).
    A `delta` import closes nothing anyway, so there the time tells runs apart.
    """
    stem = re.sub(r"(\.(json|xml|csv|sarif|txt|html|gz|zip|nessus|yaml|yml))+$", "", Path(source_name).name, flags=re.I)
    name = f"{scanner.upper()}-{stem or 'report'}"
    if import_type == "delta":
        name += "-" + (now or datetime.now(UTC)).strftime("%Y%m%d_%H%M")
    return name


def import_report(
    source: Path | ReportInput,
    *,
    scanner: str = "auto",
    options: ImportOptions,
    client: ImportSink,
    fix_data: bool = True,
    anonymize_key: bytes | None = None,
    progress: ProgressFn | None = None,
    translate_poll_interval: float = 10.0,
    translate_timeout: float = 3600.0,
) -> ImportResult:
    """Import one report. Raises scan_parsers' ReportError subclasses for bad reports and PhoenixError subclasses."""
    report = source if isinstance(source, ReportInput) else ReportInput.from_path(source)
    source_name = options.source_name or report.name
    emit = _emitter(progress)

    scan_type = translate_scan_type(scanner)
    if scan_type is not None:
        return _translate(
            report=report,
            scan_type=scan_type,
            scanner_name=scan_type,
            source_name=source_name,
            options=options,
            client=client,
            emit=emit,
            poll_interval=translate_poll_interval,
            timeout=translate_timeout,
        )

    emit("Detecting", 5, message=f"detecting the format of {report.name}")
    asset_type = AssetType(options.asset_type) if options.asset_type else None
    parsed = parse_report(report, scanner, asset_type=asset_type, fix_data=fix_data, anonymize_key=anonymize_key)
    fmt = parsed.format
    scanner_name = options.scanner_name or fmt.id
    assessment = options.assessment_name or default_assessment_name(scanner_name, source_name, options.import_type)
    run = _Run(fmt=fmt, scanner_name=scanner_name, assessment=assessment, options=options, client=client, emit=emit)
    emit("Parsing", 10, message=f"parsing {report.name} as {fmt.id}")
    for finding in parsed.findings:
        run.add(finding, parsed.meta.target or report.inner_name)
    run.finish(parsed.assets, parsed.meta.target or report.inner_name)
    warnings = [w.message for w in parsed.warnings] + run.warnings
    for state, n in sorted(run.inactive.items()):
        warnings.append(
            f"{n} finding{'s' if n != 1 else ''} not imported: marked {state} in the report "
            "(left out, so a new or merge import closes them in Phoenix)"
        )
    if run.batcher.split and options.import_type != "delta":
        warnings.append(
            f"the report needed {run.batcher.batches_sent} requests, so each was sent as delta instead of "
            f"{options.import_type}: nothing was wrongly closed, but findings fixed since the last run stay open; "
            "raise the batch limits to import it in one request"
        )
    if run.batcher.oversize_findings:
        warnings.append(f"{run.batcher.oversize_findings} findings were larger than the batch byte limit on their own")
    if run.batcher.batches_sent == 0:
        warnings.append("the report has no assets: nothing was sent to Phoenix")
    result = ImportResult(
        assessment_name=assessment,
        import_type=options.import_type,
        assets=run.assets_sent,
        findings=run.findings_sent,
        batches=run.batcher.batches_sent,
        severity_counts=run.severity_counts,
        format_id=fmt.id,
        translated=False,
        warnings=warnings,
        strategy="split-delta" if run.batcher.split else "single-request",
        effective_import_type=run.batcher.effective_import_type,
    )
    emit(
        "Imported",
        100,
        assets=result.assets,
        findings=result.findings,
        batches=result.batches,
        message=f"imported {result.findings} findings on {result.assets} assets in {result.batches} requests",
    )
    return result


class _Emitter(Protocol):
    def __call__(
        self, step: str, percent: int, *, assets: int = 0, findings: int = 0, batches: int = 0, message: str = ""
    ) -> None: ...


def _emitter(progress: ProgressFn | None) -> _Emitter:
    def emit(
        step: str, percent: int, *, assets: int = 0, findings: int = 0, batches: int = 0, message: str = ""
    ) -> None:
        if progress is not None:
            progress(ImportProgress(step, percent, assets, findings, batches, message))

    return emit


class _Run:
    """State of one streaming import: mapping caches, counters and the batcher."""

    def __init__(
        self,
        *,
        fmt: ReportFormat,
        scanner_name: str,
        assessment: str,
        options: ImportOptions,
        client: ImportSink,
        emit: _Emitter,
    ) -> None:
        self.options = options
        self.client = client
        self.emit = emit
        self.warnings: list[str] = []
        #: Findings the report marks closed, by their state: counted, never sent as open findings.
        self.inactive: dict[str, int] = {}
        self._warned: set[str] = set()
        self.severity_counts = dict.fromkeys(SEVERITIES, 0)
        self.findings_parsed = 0
        self.findings_sent = 0
        self.assets_sent = 0
        self.batches_accepted = 0
        self._attrs: dict[int, dict[str, str]] = {}
        self._scanner_tags = [{"key": "scanner", "value": scanner_name}]
        self._asset_tags = tag_payloads([*options.tags, ("scanner", scanner_name), ("format", fmt.id)])
        self._assets_seen: set[int] = set()
        sub_types = {"CONTAINER": "CONTAINER_IMAGE"} if fmt.id in _CONTAINER_IMAGE_FORMATS else {}
        self.batcher = Batcher(
            import_type=options.import_type,
            assessment_name=assessment,
            asset_sub_types=sub_types,
            max_assets=options.max_batch_assets,
            max_bytes=options.max_batch_bytes,
            send=self._send,
        )

    def _warn(self, message: str) -> None:
        if message not in self._warned and len(self.warnings) < 100:
            self._warned.add(message)
            self.warnings.append(message)

    def _attributes(self, asset: Asset, fallback: str) -> dict[str, str]:
        attrs = self._attrs.get(id(asset))
        if attrs is None:
            attrs = self._attrs[id(asset)] = asset_attributes(asset, asset.type.value, fallback, self._warn)
            if asset.placeholder:
                self._warn(
                    f"some {asset.type.value} assets had no identity in the report; a stable placeholder "
                    "derived from the report was used"
                )
        return attrs

    def _head(self, asset: Asset, attrs: dict[str, str]) -> Callable[[], bytes]:
        def head() -> bytes:
            tags = tag_payloads([*asset.tags, *((t.get("key"), t["value"]) for t in self._asset_tags)])
            body: dict[str, object] = {"attributes": attrs}
            if tags:
                body["tags"] = tags
            return Batcher.asset_head(body)

        return head

    def add(self, f: Finding, fallback: str) -> None:
        asset = f.asset
        attrs = self._attributes(asset, fallback)
        asset_type = asset.type.value
        if not f.active:
            # Closed in the report: its asset is sent (so a new/merge import closes it in Phoenix), the finding not.
            state = str(f.details.get("status") or "closed")
            self.inactive[state] = self.inactive.get(state, 0) + 1
            if id(asset) not in self._assets_seen:
                self.batcher.add(asset_type, id(asset), self._head(asset, attrs), None)
                self._assets_seen.add(id(asset))
            return
        payload = finding_payload(f, asset_type, attrs, self._scanner_tags)
        data = orjson.dumps(payload, default=str)
        self._assets_seen.add(id(asset))
        self.severity_counts[f.severity.value] = self.severity_counts.get(f.severity.value, 0) + 1
        self.findings_parsed += 1
        self.batcher.add(asset_type, id(asset), self._head(asset, attrs), data)
        if self.findings_parsed % _PROGRESS_EVERY == 0:
            self._progress("Parsing", f"parsed {self.findings_parsed} findings")

    def finish(self, assets: list[Asset], fallback: str) -> None:
        for asset in assets:
            if id(asset) not in self._assets_seen:
                attrs = self._attributes(asset, fallback)
                self.batcher.add(asset.type.value, id(asset), self._head(asset, attrs), None)
                self._assets_seen.add(id(asset))
        self.batcher.finish()
        self.assets_sent = len(self._assets_seen)

    def _percent(self) -> int:
        # the total is unknown while streaming: approach 95 % as batches go out
        return 10 + int(85 * (1 - 0.8**self.batches_accepted))

    def _progress(self, step: str, message: str) -> None:
        self.emit(
            step,
            self._percent(),
            assets=len(self._assets_seen),
            findings=self.findings_sent,
            batches=self.batches_accepted,
            message=message,
        )

    def _send(self, body: bytes, info: BatchInfo) -> None:
        where = (
            f"batch {info.index} ({info.asset_type}, {info.assets} assets, {info.findings} findings, "
            f"{info.size} bytes, sha256 {info.sha256[:16]})"
        )
        log.info("sending %s as %s", where, info.import_type)
        try:
            self.client.import_assets(body)
        except PhoenixUncertain as exc:
            raise PhoenixUncertain(
                f"{where}: {exc}; {self.batches_accepted} earlier batches were accepted and nothing after this "
                "batch was sent",
                batch=info.index,
                body_sha256=info.sha256,
                batches_accepted=self.batches_accepted,
                reason=exc.reason,
            ) from None
        except PhoenixError as exc:
            accepted = f"; {self.batches_accepted} earlier batches were accepted" if self.batches_accepted else ""
            exc.args = (f"{where}: {exc}{accepted}",)
            raise
        self.batches_accepted += 1
        self.findings_sent += info.findings
        self._progress("Importing", f"{where} accepted")


def _translate(
    *,
    report: ReportInput,
    scan_type: str,
    scanner_name: str,
    source_name: str,
    options: ImportOptions,
    client: ImportSink,
    emit: _Emitter,
    poll_interval: float,
    timeout: float,
) -> ImportResult:
    label = re.sub(r"[^A-Za-z0-9]+", "_", options.scanner_name or scanner_name).strip("_") or "translate"
    assessment = options.assessment_name or default_assessment_name(label, source_name, options.import_type)
    emit("Translating", 10, message=f"uploading {report.name} to Phoenix's translator as {scan_type!r}")
    request_id = translate_report(
        client,
        report,
        scan_type=scan_type,
        assessment_name=assessment,
        import_type=options.import_type,
        poll_interval=poll_interval,
        timeout=timeout,
        on_status=lambda s: emit("Translating", 50, message=f"translate request {s.request_id}: {s.status}"),
    )
    warnings = ["the report was translated by Phoenix: asset and finding counts are not known locally"]
    if request_id is None:
        warnings.append("Phoenix returned no translate request id, so the outcome could not be followed")
    emit("Imported", 100, message=f"Phoenix translated and imported {report.name}")
    return ImportResult(
        assessment_name=assessment,
        import_type=options.import_type,
        assets=0,
        findings=0,
        batches=1,
        severity_counts=dict.fromkeys(SEVERITIES, 0),
        format_id=scan_type,
        translated=True,
        warnings=warnings,
        strategy="translate",
        effective_import_type=options.import_type,
        translate_request_id=request_id,
    )
