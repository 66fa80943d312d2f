"""`phoenix-scanner formats [--json]`: every supported report format with its names and default asset type."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import orjson

from scan_parsers import all_formats


def register(sub: Any) -> None:
    p = sub.add_parser("formats", help="list supported report formats")
    p.add_argument("--json", action="store_true", help="print a JSON array instead of a table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = [
        {
            "id": f.id,
            "scanTypes": list(f.scan_types),
            "aliases": list(f.aliases),
            "defaultAssetType": f.default_asset_type.value,
            "phoenixScanType": f.phoenix_scan_type,
            "recognises": f.recognises,
        }
        for f in all_formats()
    ]
    if args.json:
        sys.stdout.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    width = max(len(r["id"]) for r in rows) if rows else 10
    print(f"{'ID':<{width}}  {'ASSET TYPE':<10}  SCAN TYPES / ALIASES")
    for r in rows:
        names = ", ".join(r["scanTypes"] + r["aliases"])
        print(f"{r['id']:<{width}}  {r['defaultAssetType']:<10}  {names}")
    print(f"{len(rows)} formats")
    return 0
