"""Benchmark (not a test): import a synthetic report with 1,000,000 findings into FakePhoenix.

FakePhoenix runs as a separate process (standalone mode, counts only) so the peak RSS measured is the importer's:
parse (streaming) -> map -> batch -> POST. Prints findings/s and peak RSS of both processes.

    .venv/bin/python benchmarks/bench_phoenix_import.py [--findings 1000000] [--per-asset 50] [--no-validate]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from scanner_operator.phoenix import ImportOptions, PhoenixClient, import_report


def write_report(path: Path, findings: int, per_asset: int) -> None:
    """A hadolint JSON report: findings/per_asset Dockerfiles (BUILD assets), streamed to disk."""
    levels = ("error", "warning", "info", "style")
    with open(path, "w") as out:
        out.write("[")
        for i in range(findings):
            asset, line = divmod(i, per_asset)
            item = {
                "line": line + 1,
                "code": f"DL{3000 + line % 60}",
                "message": f"Synthetic finding {i}: pin versions in apt-get install of package pkg{i % 997}",
                "column": 1,
                "file": f"services/svc{asset:06d}/Dockerfile",
                "level": levels[i % 4],
            }
            out.write(("," if i else "") + json.dumps(item))
        out.write("]")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--findings", type=int, default=1_000_000)
    ap.add_argument("--per-asset", type=int, default=50)
    ap.add_argument("--no-validate", action="store_true", help="FakePhoenix skips JSON Schema validation")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-phoenix-") as tmp:
        report = Path(tmp) / "synthetic-hadolint.json"
        t0 = time.perf_counter()
        write_report(report, args.findings, args.per_asset)
        gen_s = time.perf_counter() - t0

        cmd = [sys.executable, "-m", "scanner_operator.testing.fake_phoenix", "--port", "0", "--no-record"]
        if args.no_validate:
            cmd.append("--no-validate")
        fake = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        try:
            assert fake.stdout is not None
            info = json.loads(fake.stdout.readline())
            fake_proc = psutil.Process(fake.pid)
            fake_peak = 0
            batches_seen = 0

            def progress(p: object) -> None:
                nonlocal fake_peak, batches_seen
                batches_seen += 1
                fake_peak = max(fake_peak, fake_proc.memory_info().rss)

            t0 = time.perf_counter()
            with PhoenixClient(info["url"], info["clientId"], info["clientSecret"], timeout=300) as client:
                result = import_report(
                    report,
                    scanner="hadolint",
                    options=ImportOptions(assessment_name="bench", import_type="merge"),
                    client=client,
                    progress=progress,
                )
            import_s = time.perf_counter() - t0
        finally:
            fake.terminate()
            fake.wait(timeout=30)

        own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
        size_mb = report.stat().st_size / 1e6
        rows = [
            ("findings", f"{result.findings:,}"),
            ("assets", f"{result.assets:,}"),
            ("requests (batches)", f"{result.batches}"),
            ("strategy", f"{result.strategy} ({result.effective_import_type})"),
            ("report size", f"{size_mb:,.0f} MB"),
            ("fake validates bodies", "no" if args.no_validate else "yes (JSON Schema + rules)"),
            ("report generation", f"{gen_s:,.1f} s"),
            ("import wall time", f"{import_s:,.1f} s"),
            ("findings/s", f"{result.findings / import_s:,.0f}"),
            ("peak RSS importer", f"{own_peak / 2**20:,.0f} MiB"),
            ("peak RSS FakePhoenix (sampled)", f"{fake_peak / 2**20:,.0f} MiB"),
        ]
        width = max(len(k) for k, _ in rows)
        print(f"{'metric':<{width}}  value")
        print(f"{'-' * width}  {'-' * 30}")
        for k, v in rows:
            print(f"{k:<{width}}  {v}")
        if result.findings != args.findings:
            print(f"MISMATCH: {result.findings} findings imported, {args.findings} generated", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
