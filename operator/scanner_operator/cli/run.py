"""`phoenix-scanner run`: start the operator (kopf) with the configuration from environment and flags."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from .. import config as configuration


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "run", help="run the operator", description="Run the ScanImport (and InsightVMScan) operator."
    )
    configuration.add_flags(parser)
    parser.add_argument("--verbose", action="store_true", help="debug logging")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import kopf

    from .. import metrics
    from ..handlers import OperatorContext, build_registry, build_settings
    from ..kube import Kube

    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    config = configuration.from_args(args)
    ctx = OperatorContext(config=config, kube=Kube())
    metrics_server = metrics.serve(config.metrics_port)
    try:
        kopf.run(
            registry=build_registry(ctx),
            settings=build_settings(config),
            standalone=config.peering is None,
            clusterwide=not config.namespaces,
            namespaces=list(config.namespaces),
            liveness_endpoint=f"http://0.0.0.0:{config.liveness_port}/healthz",
        )
    finally:
        metrics_server.shutdown()
        ctx.close()
    return 0
