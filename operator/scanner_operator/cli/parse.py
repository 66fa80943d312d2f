"""`phoenix-scanner parse FILE [--scanner ...] [--summary]`: the normalized result of one report as JSON.

The full output is streamed finding by finding, so a large report does not have to fit in memory.
"""

from __future__ import annotations

import argparse
import sys
from typing import IO, Any

import orjson

from scan_parsers import AssetType, InvalidReport, ReportError, UnknownScanner, UnrecognisedFormat, parse_report
from scan_parsers.serialize import asset_to_dict, empty_severity_counts, finding_to_dict, warning_to_dict

from ..contract import ExitCode
from ._common import anonymize_key


def register(sub: Any) -> None:
    p = sub.add_parser("parse", help="parse a report and print the normalized result as JSON")
    p.add_argument("file", help="report file (zip and gzip are opened transparently)")
    p.add_argument("--scanner", default="auto", help="auto (default), a format id, an alias or a scan-type name")
    p.add_argument("--asset-type", choices=[t.value for t in AssetType], help="override the asset type")
    p.add_argument("--summary", action="store_true", help="print only format, counts and severity counts")
    p.add_argument("--no-fix-data", dest="fix_data", action="store_false", help="do not repair field values")
    p.add_argument(
        "--anonymize", action="store_true", help="pseudonymise identifying data with the key in $PHOENIX_ANONYMIZE_KEY"
    )
    p.set_defaults(func=run)


def _dump(out: IO[str], value: Any) -> None:
    out.write(orjson.dumps(value).decode())


def run(args: argparse.Namespace) -> int:
    key = anonymize_key(args.anonymize)
    try:
        parsed = parse_report(
            args.file,
            args.scanner,
            fix_data=args.fix_data,
            anonymize_key=key,
            asset_type=AssetType(args.asset_type) if args.asset_type else None,
        )
        if args.summary:
            counts = empty_severity_counts()
            n = 0
            for f in parsed.findings:
                counts[f.severity.value] += 1
                n += 1
            _dump(
                sys.stdout,
                {"format": parsed.format.id, "assets": len(parsed.assets), "findings": n, "severityCounts": counts},
            )
            sys.stdout.write("\n")
            return ExitCode.OK
        # Findings first (streamed), then assets and warnings, which are complete only after the findings.
        out = sys.stdout
        out.write('{"format":')
        _dump(out, parsed.format.id)
        out.write(',"findings":[')
        for i, f in enumerate(parsed.findings):
            if i:
                out.write(",")
            _dump(out, finding_to_dict(f))
        out.write('],"assets":')
        _dump(out, [asset_to_dict(a) for a in parsed.assets])
        out.write(',"warnings":')
        _dump(out, [warning_to_dict(w) for w in parsed.warnings])
        out.write("}\n")
        return ExitCode.OK
    except (UnrecognisedFormat, UnknownScanner) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return ExitCode.UNRECOGNISED
    except (InvalidReport, ReportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return ExitCode.INVALID
