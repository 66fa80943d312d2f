"""`phoenix-scanner serve`: the Phoenix Scanner Service API (upload, jobs, WebSocket, web page) over ScanImports."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="run the Scanner Service API gateway",
        description="Serve the Phoenix Scanner Service REST API, its WebSocket and web page; every upload becomes a "
        "ScanImport. Settings come from PHOENIX_GATEWAY_* variables; the flags override them.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--namespace", dest="namespace", help="namespace of the gateway and its API-key Secret")
    parser.add_argument("--keys-secret", dest="keys_secret", help="Secret holding the hashed API keys")
    parser.add_argument("--data-dir", dest="data_dir", help="the gateway's volume (spool and local storage)")
    parser.add_argument("--internal-url", dest="internal_url", help="base URL under which workers reach the gateway")
    parser.add_argument("--max-upload-mb", dest="max_upload_mb", type=int, help="upload limit in MB")
    parser.add_argument("--storage", dest="storage", choices=["local", "s3"], help="where reports are kept")
    parser.add_argument(
        "--print-key-entry",
        metavar="NAMESPACE",
        help="print a new random API key bound to NAMESPACE and the keys-Secret entry for it, then exit",
    )
    parser.add_argument("--verbose", action="store_true", help="debug logging")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..gateway.auth import key_entry, new_key

    if args.print_key_entry:
        key = new_key()
        print(f"API key (give it to the client; it is not stored): {key}")
        print(f"keys Secret entry value for namespace {args.print_key_entry}: {key_entry(args.print_key_entry, key)}")
        return 0

    import uvicorn

    from ..gateway.app import create_app
    from ..gateway.config import from_env

    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    config = from_env().with_overrides(
        namespace=args.namespace,
        keys_secret=args.keys_secret,
        data_dir=args.data_dir,
        internal_url=args.internal_url,
        max_upload_mb=args.max_upload_mb,
        storage=args.storage,
    )
    app = create_app(config)
    # No access log: a WebSocket URL may carry an api_key query parameter.
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="info", ws="websockets-sansio")
    return 0
