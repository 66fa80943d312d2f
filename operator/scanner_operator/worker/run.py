"""One import, end to end: fetch the source, import it with the Phoenix pipeline, report progress and result."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from ..contract import ExitCode, last_result
from ..phoenix import ImportProgress, ImportResult, PhoenixClient, import_report
from ..sources import Fetched, get_source
from .logs import WorkerLog, utc_now
from .outcome import Outcome, classify
from .reporter import StatusReporter
from .settings import WorkerSettings, load_settings
from .status import StatusSink

# The fetch is the first slice of the progress bar; the import pipeline's own percent fills the rest.
FETCHED_PERCENT = 5

PhoenixFactory = Callable[[WorkerSettings], PhoenixClient]


def default_phoenix(settings: WorkerSettings) -> PhoenixClient:
    return PhoenixClient(settings.api_url, settings.client_id, settings.client_secret)


def run_worker(
    namespace: str,
    name: str,
    generation: int,
    sink: StatusSink,
    *,
    env: Mapping[str, str] | None = None,
    phoenix: PhoenixFactory = default_phoenix,
    stream: TextIO | None = None,
    workdir: Path | None = None,
    status_interval: float = 2.0,
) -> int:
    """Run the import for `namespace/name` at `generation`; returns the process exit code."""
    environ = os.environ if env is None else env
    reporter = StatusReporter(sink, min_interval=status_interval)
    clients: list[PhoenixClient] = []

    def tracked(settings: WorkerSettings) -> PhoenixClient:
        # The operator turns these counts into phoenix_scanner_phoenix_api_requests_total: the Job's own process
        # lives too briefly to be scraped.
        client = phoenix(settings)
        clients.append(client)
        return client

    log = WorkerLog(
        {"namespace": namespace, "scanimport": name, "generation": generation}, stream=stream, recent=reporter.log_line
    )
    try:
        if not sink.is_current():
            # A newer generation (or deletion) overtook this Job: its result would belong to nobody.
            WorkerLog({"namespace": namespace, "scanimport": name}, stream=stream).info(
                "the ScanImport moved past this generation or is gone; nothing to do"
            )
            return ExitCode.OK
        with tempfile.TemporaryDirectory(prefix="phoenix-import-", dir=workdir) as tmp:
            settings = load_settings(namespace, name, generation, environ)
            result = _import(settings, Path(tmp), env=environ, reporter=reporter, log=log, phoenix=tracked)
        outcome = Outcome(ExitCode.OK, "Imported", _summary(result))
        log.info(outcome.message, reason=outcome.reason)
        reporter.finish(
            progress=100,
            currentStep="Imported",
            lastResult=_last_result(generation, outcome),
            **_request_counts(clients),
        )
    except Exception as exc:
        outcome = classify(exc)
        log.error(outcome.message, reason=outcome.reason, exitCode=outcome.exit_code)
        reporter.finish(currentStep="Failed", lastResult=_last_result(generation, outcome), **_request_counts(clients))
    finally:
        reporter.close()
    if reporter.superseded:
        log.warning("status not written: the ScanImport moved past this generation")
    return outcome.exit_code


def _import(
    settings: WorkerSettings,
    tmp: Path,
    *,
    env: Mapping[str, str],
    reporter: StatusReporter,
    log: WorkerLog,
    phoenix: PhoenixFactory,
) -> ImportResult:
    source_spec = settings.spec["source"]
    source = get_source(source_spec)
    where = source.describe(source_spec)
    options = settings.import_options()
    scanner = settings.scanner
    reporter.update(progress=0, currentStep="Fetching", **({"scanner": scanner} if scanner != "auto" else {}))
    log.info(f"fetching the report from {where}", source=source.key)
    fetched: Fetched = source.fetch(source_spec, tmp, settings.max_bytes, env=env)
    log.info(f"fetched {fetched.size} bytes, sha256 {fetched.sha256[:12]}", size=fetched.size, sha256=fetched.sha256)
    reporter.update(
        progress=FETCHED_PERCENT,
        currentStep="Fetched",
        source={"sha256": fetched.sha256, "size": fetched.size},
    )

    last_message: list[str] = [""]

    def on_progress(p: ImportProgress) -> None:
        fields: dict[str, Any] = {
            "progress": min(99, max(FETCHED_PERCENT, p.percent)),
            "currentStep": p.step,
            "assetsImported": p.assets,
            "findingsImported": p.findings,
        }
        reporter.update(**fields)
        if p.message and p.message != last_message[0]:
            last_message[0] = p.message
            log.info(p.message, step=p.step, percent=p.percent)

    with phoenix(settings) as client:
        result = import_report(
            fetched.path,
            scanner=scanner,
            options=options,
            client=client,
            fix_data=settings.fix_data,
            anonymize_key=settings.anonymize_key,
            progress=on_progress,
        )
    for warning in result.warnings[:5]:
        log.warning(warning)
    reporter.update(
        scanner=result.format_id,
        assessmentName=result.assessment_name,
        assetsImported=result.assets,
        findingsImported=result.findings,
        severityCounts=dict(result.severity_counts),
    )
    return result


def _summary(result: ImportResult) -> str:
    how = "translated by Phoenix and imported" if result.translated else "imported"
    text = (
        f"{result.findings} findings on {result.assets} assets {how} into assessment "
        f"{result.assessment_name!r} ({result.import_type}, {result.batches} "
        f"batch{'es' if result.batches != 1 else ''})"
    )
    if result.warnings:
        text += f"; {len(result.warnings)} warning{'s' if len(result.warnings) != 1 else ''}"
    return text


def _request_counts(clients: list[PhoenixClient]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for client in clients:
        for status, n in client.responses.items():
            counts[status] = counts.get(status, 0) + n
    return {"phoenixRequests": counts} if counts else {}


def _last_result(generation: int, outcome: Outcome) -> dict[str, Any]:
    return last_result(generation, outcome.succeeded, outcome.reason, outcome.message, utc_now())
