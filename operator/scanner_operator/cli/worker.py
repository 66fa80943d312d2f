"""`phoenix-scanner worker`: the import Job's entry point (run by the operator's Jobs, not by people)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "worker",
        help="run one ScanImport's import (the operator's Job runs this)",
        description="Fetch the report of a ScanImport, import it into Phoenix and report progress in its status. "
        "Reads the spec from PHOENIX_SCANIMPORT_SPEC and the Phoenix connection from PHOENIX_API_URL, "
        "PHOENIX_CLIENT_ID and PHOENIX_CLIENT_SECRET. Exit codes: 0 imported, 2 invalid report or input, "
        "3 format not recognised, 4 Phoenix refused, 75 transient failure.",
    )
    parser.add_argument("--namespace", required=True, help="namespace of the ScanImport")
    parser.add_argument("--name", required=True, help="name of the ScanImport")
    parser.add_argument("--generation", required=True, type=int, help="generation this Job imports")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..worker import KubeStatusSink, kube_custom_objects_api, run_worker

    sink = KubeStatusSink(kube_custom_objects_api(), args.namespace, args.name, args.generation)
    return run_worker(args.namespace, args.name, args.generation, sink)
