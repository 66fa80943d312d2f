"""Helpers shared by the static-analysis, secret and infrastructure-as-code formats (SAST, gitleaks, checkov, ...).

Asset choice: SAST reports describe a code base (CODE, identified by the project the report names), secret
scanners a repository (REPOSITORY), IaC scanners the build/deployment files they checked (BUILD, one per file).
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Severity
from ..source import ReportInput
from ._sca_common import parse_datetime, text


def code_asset(ctx: ParseContext, source: Any, origin: str) -> Asset:
    """The code base a SAST report is about; reports that do not name one share a per-tool placeholder."""
    name = text(source)
    return ctx.asset(AssetType.CODE, {"scannerSource": name or origin, "origin": origin}, placeholder=not name)


def repository_asset(ctx: ParseContext, repository: Any, origin: str) -> Asset:
    name = text(repository)
    return ctx.asset(AssetType.REPOSITORY, {"repository": name or origin, "origin": origin}, placeholder=not name)


def build_asset(ctx: ParseContext, build_file: Any, origin: str) -> Asset:
    name = text(build_file)
    return ctx.asset(AssetType.BUILD, {"buildFile": name or origin, "origin": origin}, placeholder=not name)


def mask_secret(secret: Any) -> str:
    """A secret as it may be shown in a finding: its first four characters, then stars.

    The cleartext of a leaked credential must not be copied into another system; the short prefix and the digest
    (see `secret_digest`) are enough to find it again in the repository.
    """
    value = text(secret)
    if not value:
        return ""
    visible = value[:4] if len(value) >= 12 else ""
    return visible + "*" * 8


def secret_digest(secret: Any) -> str:
    """A short SHA-256 digest of a secret: stable identity for deduplication without carrying the secret."""
    return hashlib.sha256(text(secret).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def location(path: Any, line: Any = None) -> str:
    p, n = text(path), text(line)
    if p and n and n not in ("0", "None"):
        return f"{p}:{n}"
    return p


def drop_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "", [], {})}


@contextmanager
def zip_member(report: ReportInput, member: str) -> Iterator[ReportInput]:
    """One member of a zipped report as a report of its own, copied to a temporary file so that it can be
    streamed (the archive's size and ratio were checked when it was opened)."""
    source: Any = report.path if report.path is not None else io.BytesIO(report.read_all())
    with zipfile.ZipFile(source) as zf, tempfile.TemporaryDirectory(prefix="scan-parsers-") as tmp:
        target = Path(tmp) / Path(member).name
        with zf.open(member) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        inner = ReportInput.from_path(target, limits=report.limits)
        inner.fix_data = report.fix_data
        inner.repair_sink = report.repair_sink
        yield inner


SECRET_REMEDY = "Revoke and rotate the secret, then remove it from the code and its history."  # noqa: S105 - advice text


def strings_found_finding(ctx: ParseContext, doc: dict[str, Any], tool: str, label: str) -> Finding:
    """A finding of the classic truffleHog document ({path, reason, stringsFound, branch, commitHash, date}), which
    truffleHog 2 and trufflehog3's legacy output share. Only digests of the secrets are kept, never the secrets."""
    path = text(doc.get("path"))
    reason = text(doc.get("reason")) or "secret"
    strings = [s for s in doc.get("stringsFound") or [] if isinstance(s, str)]
    where = path or "the repository"
    return Finding(
        asset=repository_asset(ctx, None, tool),
        name=f"Hard-coded secret: {reason}",
        severity=Severity.HIGH,
        description=f"{label} found {len(strings)} string(s) matching {reason!r} in {where}"
        + (f" on branch {text(doc.get('branch'))}." if doc.get("branch") else "."),
        remedy=SECRET_REMEDY,
        location=path or None,
        published=parse_datetime(doc.get("date")),
        details=drop_empty(
            {
                "reason": reason,
                "branch": text(doc.get("branch")),
                "commitHash": text(doc.get("commitHash")),
                "secretDigests": [secret_digest(s) for s in strings[:20]],
            }
        ),
    )
