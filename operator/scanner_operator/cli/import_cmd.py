"""`phoenix-scanner import FILE...`: parse reports locally and import them into Phoenix (or --dry-run to a directory).

Connection from PHOENIX_API_URL (or --api-url), PHOENIX_CLIENT_ID and PHOENIX_CLIENT_SECRET. Exit codes as in
`cli/__init__.py`: 2 invalid report or arguments, 3 format not recognised, 4 Phoenix refused or failed. With several
files every file is attempted; the exit code is that of the first failure.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import IO, Any

import orjson

from scan_parsers import ReportError, UnrecognisedFormat

from ..contract import ExitCode
from ..phoenix import (
    DryRunWriter,
    ImportOptions,
    ImportProgress,
    ImportResult,
    ImportSink,
    PhoenixClient,
    PhoenixError,
    import_report,
)
from ..phoenix.types import ASSET_TYPES, DEFAULT_MAX_BATCH_ASSETS, DEFAULT_MAX_BATCH_BYTES, IMPORT_TYPES
from ._common import anonymize_key

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="import scanner reports into Phoenix Security")
    p.add_argument("files", nargs="+", metavar="FILE", help="report files (zip and gzip are opened transparently)")
    p.add_argument(
        "--scanner",
        default="auto",
        help="auto (default), a format id, alias or scan-type name; 'translate:<Phoenix scan type>' uploads the raw "
        "file to Phoenix's translator",
    )
    p.add_argument("--assessment", help="assessment name (default: <SCANNER>-<file name>, see docs)")
    p.add_argument("--import-type", choices=IMPORT_TYPES, default="new")
    p.add_argument("--asset-type", choices=["auto", *ASSET_TYPES], default="auto")
    p.add_argument("--tag", action="append", default=[], metavar="KEY=VALUE", help="asset tag (repeatable)")
    p.add_argument("--fix-data", action=argparse.BooleanOptionalAction, default=True, help="repair field values")
    p.add_argument("--anonymize", action="store_true", help="pseudonymise with the key in $PHOENIX_ANONYMIZE_KEY")
    p.add_argument("--dry-run", metavar="DIR", type=Path, help="write the request bodies to DIR instead of sending")
    p.add_argument("--json", action="store_true", help="print a summary object on stdout at the end")
    p.add_argument("--api-url", help="Phoenix API base URL (overrides $PHOENIX_API_URL)")
    p.add_argument("--max-batch-assets", type=int, default=DEFAULT_MAX_BATCH_ASSETS)
    p.add_argument("--max-batch-bytes", type=int, default=DEFAULT_MAX_BATCH_BYTES)
    p.add_argument("--requests-per-minute", type=float, default=None, help="pace import requests (default: no pacing)")
    p.add_argument("--max-retries", type=int, default=5, help="retries of refused (429/503) or unreachable requests")
    p.set_defaults(func=run)


def _tags(values: list[str]) -> list[tuple[str | None, str]]:
    out: list[tuple[str | None, str]] = []
    for v in values:
        key, sep, value = v.partition("=")
        if not sep:
            out.append((None, v))
        elif not value:
            raise ValueError(f"--tag {v!r}: empty value")
        else:
            out.append((key or None, value))
    return out


class _ProgressBar:
    """One line on stderr, redrawn in place; only on a terminal."""

    def __init__(self, stream: IO[str], label: str) -> None:
        self._stream = stream
        self._label = label[:30]
        self._shown = False

    def __call__(self, p: ImportProgress) -> None:
        width = 30
        filled = width * p.percent // 100
        bar = "#" * filled + "-" * (width - filled)
        line = (
            f"\r{self._label:<30} [{bar}] {p.percent:3d}% {p.step:<11} "
            f"{p.assets} assets {p.findings} findings {p.batches_sent} batches"
        )
        self._stream.write(line)
        self._stream.flush()
        self._shown = True

    def done(self) -> None:
        if self._shown:
            self._stream.write("\n")
            self._stream.flush()


def _summary(result: ImportResult, file: str) -> dict[str, Any]:
    return {
        "file": file,
        "assessmentName": result.assessment_name,
        "assets": result.assets,
        "findings": result.findings,
        "batches": result.batches,
        "importType": result.import_type,
        "effectiveImportType": result.effective_import_type,
        "strategy": result.strategy,
        "severityCounts": result.severity_counts,
        "format": result.format_id,
        "translated": result.translated,
        "warnings": result.warnings,
    }


def run(args: argparse.Namespace) -> int:
    try:
        tags = _tags(args.tag)
        base = ImportOptions(
            assessment_name=args.assessment,
            import_type=args.import_type,
            asset_type=None if args.asset_type == "auto" else args.asset_type,
            tags=tags,
            max_batch_assets=args.max_batch_assets,
            max_batch_bytes=args.max_batch_bytes,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return ExitCode.INVALID
    if args.assessment and len(args.files) > 1 and args.import_type != "delta":
        # each file is its own import: with new/merge the second file would close the first file's findings
        print(
            f"error: several files into one assessment with --import-type {args.import_type} would close each "
            "other's findings; use --import-type delta or let each file get its own assessment",
            file=sys.stderr,
        )
        return ExitCode.INVALID
    key = anonymize_key(args.anonymize)

    client: PhoenixClient | None = None
    if args.dry_run is None:
        url = args.api_url or os.environ.get("PHOENIX_API_URL", "")
        cid = os.environ.get("PHOENIX_CLIENT_ID", "")
        secret = os.environ.get("PHOENIX_CLIENT_SECRET", "")
        missing = [
            n
            for n, v in (("PHOENIX_API_URL", url), ("PHOENIX_CLIENT_ID", cid), ("PHOENIX_CLIENT_SECRET", secret))
            if not v
        ]
        if missing:
            print(f"error: set {', '.join(missing)} (or use --dry-run DIR)", file=sys.stderr)
            return ExitCode.INVALID
        try:
            client = PhoenixClient(
                url, cid, secret, requests_per_minute=args.requests_per_minute, max_retries=args.max_retries
            )
        except PhoenixError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return ExitCode.INVALID

    summaries: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    exit_code: int = ExitCode.OK
    try:
        for file in args.files:
            code, summary = _import_one(args, file, base, client, key)
            if summary is not None:
                summaries.append(summary)
            else:
                failures.append({"file": file, "exitCode": code})
            if code != ExitCode.OK and exit_code == ExitCode.OK:
                exit_code = code
    finally:
        if client is not None:
            client.close()
    if args.json:
        out: dict[str, Any]
        if len(args.files) == 1 and summaries:
            out = summaries[0]
        else:
            totals = dict.fromkeys(("critical", "high", "medium", "low", "info"), 0)
            for s in summaries:
                for k, v in s["severityCounts"].items():
                    totals[k] = totals.get(k, 0) + v
            out = {
                "assessmentName": args.assessment or (summaries[0]["assessmentName"] if len(summaries) == 1 else None),
                "assets": sum(s["assets"] for s in summaries),
                "findings": sum(s["findings"] for s in summaries),
                "batches": sum(s["batches"] for s in summaries),
                "importType": args.import_type,
                "severityCounts": totals,
                "files": summaries,
                "failed": failures,
            }
        sys.stdout.write(orjson.dumps(out).decode() + "\n")
    return exit_code


def _import_one(
    args: argparse.Namespace, file: str, base: ImportOptions, client: PhoenixClient | None, key: bytes | None
) -> tuple[int, dict[str, Any] | None]:
    path = Path(file)
    options = ImportOptions(**{**base.__dict__, "source_name": path.name})
    sink: ImportSink = DryRunWriter(args.dry_run, prefix=path.name) if client is None else client
    bar = _ProgressBar(sys.stderr, path.name) if sys.stderr.isatty() and not args.json else None
    try:
        result = import_report(
            path,
            scanner=args.scanner,
            options=options,
            client=sink,
            fix_data=args.fix_data,
            anonymize_key=key,
            progress=bar,
        )
    except UnrecognisedFormat as exc:
        print(f"error: {exc}", file=sys.stderr)
        return ExitCode.UNRECOGNISED, None
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return ExitCode.INVALID, None
    except PhoenixError as exc:
        print(f"error: {file}: {exc} [{exc.reason}]", file=sys.stderr)
        return ExitCode.REFUSED, None
    except OSError as exc:
        print(f"error: {file}: {exc.strerror or exc}", file=sys.stderr)
        return ExitCode.INVALID, None
    except Exception as exc:  # an unexpected bug: say which file, exit 1
        log.debug("unexpected failure", exc_info=True)
        print(f"error: {file}: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)
        return ExitCode.FAILURE, None
    finally:
        if bar is not None:
            bar.done()
    if not args.json:
        what = "written to " + str(args.dry_run) if client is None else "imported"
        print(
            f"{file}: {result.findings} findings on {result.assets} assets {what} in {result.batches} requests "
            f"({result.format_id}, assessment {result.assessment_name!r}, {result.effective_import_type})",
            file=sys.stderr,
        )
        for w in result.warnings:
            print(f"warning: {file}: {w}", file=sys.stderr)
    return ExitCode.OK, _summary(result, file)
