"""Parser throughput and memory on large synthetic reports (a benchmark, not a test).

For each format: MB/s and peak RSS for detection and for a full parse, beside the floor of a bare decode of the
same file (orjson.loads for JSON, lxml iterparse with element clearing for XML). Each measurement runs in a fresh
process so peak RSS is its own.

    python benchmarks/bench_parsers.py [--size-mb 100] [--nessus-gb 1] [--formats trivy,tenable] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import RECIPES, generate

CHILD = r"""
import json, resource, sys, time
op, fmt, path = sys.argv[1:4]
t0 = time.perf_counter()
count = 0
if op == "parse":
    from scan_parsers import parse_report
    for _ in parse_report(path, fmt).findings:
        count += 1
elif op == "detect":
    # loading the registry (every format module) happens once per process: timed apart from the detection
    from scan_parsers import all_formats, detect_format, open_report
    count = len(all_formats())
    loaded = time.perf_counter()
    count = int(detect_format(open_report(path)).id == fmt)
    t0, load_seconds = loaded, loaded - t0
elif op == "floor-json":
    import orjson
    with open(path, "rb") as f:
        count = len(orjson.loads(f.read()))
elif op == "floor-xml":
    from lxml import etree
    for _, el in etree.iterparse(path, events=("end",), resolve_entities=False, huge_tree=True):
        el.clear(keep_tail=False)
        while el.getprevious() is not None:
            del el.getparent()[0]
        count += 1
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "count": count, "load_seconds": locals().get("load_seconds", 0.0),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(op: str, fmt: str, path: Path, repeat: int = 1) -> dict[str, float]:
    """The fastest of `repeat` runs (each in a fresh process), with the highest peak RSS seen: the best time is
    the one least disturbed by whatever else the machine is doing."""
    runs = [_measure_once(op, fmt, path) for _ in range(repeat)]
    failed = [r for r in runs if "error" in r]
    if failed:
        return failed[0]
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "rss_mb": max(r["rss_mb"] for r in runs)}


def _measure_once(op: str, fmt: str, path: Path) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, op, fmt, str(path)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        return {"error": 1.0, "seconds": 0.0, "count": 0, "rss_mb": 0.0, "message": proc.stderr.strip()[-200:]}  # type: ignore[dict-item]
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=int, default=100)
    ap.add_argument("--nessus-gb", type=float, default=0, help="also parse a Nessus XML file of this many GB")
    ap.add_argument("--formats", default=",".join(RECIPES))
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest counts")
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "phoenix-bench")
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    plan = [(f, args.size_mb) for f in args.formats.split(",")]
    if args.nessus_gb:
        plan.append(("tenable", int(args.nessus_gb * 1024)))
    print(
        f"{'format':<14}{'size MB':>9}{'findings':>10}{'parse MB/s':>12}{'parse RSS MB':>14}"
        f"{'floor MB/s':>12}{'floor RSS MB':>14}{'ratio':>7}{'detect ms':>11}{'load ms':>9}{'detect RSS MB':>15}"
    )
    worst_ratio = 1.0
    for fmt, size in plan:
        path = generate(fmt, args.dir, size)
        mb = path.stat().st_size / (1 << 20)
        floor_op = "floor-xml" if RECIPES[fmt].kind == "xml" else "floor-json"
        repeat = args.repeat if size <= 512 else 1
        parse = measure("parse", fmt, path, repeat)
        floor = (
            measure(floor_op, fmt, path, repeat) if size <= 1024 and (floor_op == "floor-xml" or size <= 512) else None
        )
        detect = measure("detect", fmt, path, repeat)
        if "error" in parse:
            print(f"{fmt:<14}{mb:>9.0f}  parse failed: {parse.get('message')}")
            continue
        p_rate = mb / parse["seconds"]
        f_rate = mb / floor["seconds"] if floor else float("nan")
        ratio = p_rate / f_rate if floor else float("nan")
        if floor and RECIPES[fmt].kind == "json":
            worst_ratio = min(worst_ratio, ratio)
        print(
            f"{fmt:<14}{mb:>9.0f}{int(parse['count']):>10}{p_rate:>12.1f}{parse['rss_mb']:>14.0f}"
            f"{f_rate:>12.1f}{(floor or {}).get('rss_mb', float('nan')):>14.0f}{ratio:>7.2f}"
            f"{detect['seconds'] * 1000:>11.1f}{detect.get('load_seconds', 0.0) * 1000:>9.0f}{detect['rss_mb']:>15.0f}"
        )
    print(f"\nworst JSON parse/floor ratio: {worst_ratio:.2f} (target >= 0.50)")
    print(
        "detect ms: one pass of every detector over the head; load ms: importing the format registry, once per process"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
