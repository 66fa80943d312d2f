"""Entry points: detect a report's format and parse it into the normalized model, streaming."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import ijson
from lxml import etree

from .anonymize import Anonymizer
from .context import ParseContext
from .errors import InvalidReport, ReportError, UnrecognisedFormat
from .fixdata import FindingFixer
from .model import Asset, AssetType, Finding, ParseWarning, ReportMeta
from .nesting import check_json_nesting
from .records import count_records, is_content_free
from .registry import ReportFormat, all_formats, get_format
from .sniff import Sniff, sniff
from .source import Limits, ReportInput

CLAIM = 0.5


@dataclass(frozen=True, slots=True)
class Detection:
    format: ReportFormat
    score: float


def rank_formats(s: Sniff) -> list[Detection]:
    scored = []
    for fmt in all_formats():
        try:
            score = fmt.detect(s)
        except Exception:
            score = 0.0
        if score > 0:
            scored.append(Detection(fmt, score))
    scored.sort(key=lambda d: (-d.score, d.format.id))
    return scored


def detect_format(report: ReportInput) -> ReportFormat:
    """Pick the best format for the report from one look at its head, or raise UnrecognisedFormat."""
    check_json_nesting(report)
    try:
        s = sniff(report)
    except ReportError:
        raise
    except Exception as exc:
        raise InvalidReport(f"{report.name}: could not be read ({_describe(exc)})") from exc
    ranked = rank_formats(s)
    claims = [d for d in ranked if d.score >= CLAIM]
    if not claims:
        what = {"empty": "the report is empty", "binary": "the report is binary data"}.get(
            s.kind, f"no known format matches this {s.kind.upper()} report"
        )
        raise UnrecognisedFormat(f"{report.name}: {what}", [d.format.id for d in ranked[:3]])
    if len(claims) > 1 and claims[1].score >= claims[0].score:
        raise UnrecognisedFormat(
            f"{report.name}: the report matches several formats equally well; name one with --scanner",
            [d.format.id for d in claims if d.score >= claims[0].score],
        )
    return claims[0].format


class ParsedReport:
    """A parse in progress. Iterate `findings` once; `assets`, `warnings` and `meta` are complete afterwards."""

    def __init__(
        self,
        fmt: ReportFormat,
        report: ReportInput,
        ctx: ParseContext,
        postprocess: Callable[[Finding], Finding | None] | None = None,
        anonymizer: Anonymizer | None = None,
    ) -> None:
        self.format = fmt
        self.report = report
        self._ctx = ctx
        self._post = postprocess
        self._anonymizer = anonymizer
        self._consumed = False

    @property
    def meta(self) -> ReportMeta:
        return self._ctx.meta

    @property
    def warnings(self) -> list[ParseWarning]:
        return self._ctx.warnings

    @property
    def assets(self) -> list[Asset]:
        if self._anonymizer is not None:
            return [self._anonymizer.asset(a) for a in self._ctx.assets]
        return self._ctx.assets

    @property
    def findings(self) -> Iterator[Finding]:
        if self._consumed:
            raise RuntimeError("findings of a ParsedReport can be iterated only once")
        self._consumed = True
        return self._iterate()

    def _iterate(self) -> Iterator[Finding]:
        fid = self.format.id
        if is_content_free(self.report):
            # An empty scan as tools really write it (nothing, null, [], {}): valid once the user named the format.
            self._ctx.warn("empty-report", f"{self.report.name}: the report holds no records; nothing was found")
            return
        yielded = 0
        try:
            for finding in self.format.parse(self.report, self._ctx):
                yielded += 1
                if self._post is not None:
                    out = self._post(finding)
                    if out is None:
                        continue
                    finding = out
                if not finding.fingerprint:
                    finding.fingerprint = finding.compute_fingerprint(fid)
                yield finding
        except ReportError:
            raise
        except Exception as exc:
            # Anything a parser trips over in a malformed report (a missing key, a wrong type, a decoder error)
            # surfaces as the library's own error, with the report and format named, never as a crash.
            raise InvalidReport(f"{self.report.name}: not a valid {fid} report: {_describe(exc)}") from exc
        for reason, n in sorted(self._ctx.skipped.items()):
            self._ctx.warn("skipped", f"{n} record{'s' if n != 1 else ''} skipped: {reason}")
        if yielded == 0 and not self._ctx.skipped:
            self._refuse_silent_zero()

    def _refuse_silent_zero(self) -> None:
        """No finding and nothing accounted for: believed only when the report holds no records at all."""
        records = count_records(self.report)
        if records.count:
            raise InvalidReport(
                f"{self.report.name}: read as {self.format.id}, it holds {records.count} records (at "
                f"`{records.where}`) but none is a finding of a layout this parser reads; refusing rather than "
                "importing an empty scan (name the right scanner, or report the layout as unsupported)"
            )


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, KeyError):
        text = f"missing field {text}"
    elif not isinstance(exc, (ValueError, ijson.common.JSONError, etree.LxmlError, UnicodeError, OSError)):
        text = f"{type(exc).__name__}: {text}"
    return text[:300]


def open_report(
    source: str | os.PathLike[str] | bytes, name: str | None = None, limits: Limits | None = None
) -> ReportInput:
    if isinstance(source, bytes):
        return ReportInput.from_bytes(source, name=name or "report", limits=limits)
    return ReportInput.from_path(Path(source), limits=limits)


def parse_report(
    source: str | os.PathLike[str] | bytes | ReportInput,
    scanner: str = "auto",
    *,
    asset_type: AssetType | None = None,
    fix_data: bool = True,
    anonymize_key: bytes | None = None,
    limits: Limits | None = None,
    name: str | None = None,
) -> ParsedReport:
    """Open, detect (when scanner is "auto") and start parsing a report.

    Raises UnknownScanner, UnrecognisedFormat or InvalidReport; iteration of `findings` raises InvalidReport.
    """
    report = source if isinstance(source, ReportInput) else open_report(source, name=name, limits=limits)
    if scanner not in ("", "auto"):
        check_json_nesting(report)  # detect_format checks it otherwise
    fmt = detect_format(report) if scanner in ("", "auto") else get_format(scanner)
    mode = "detailed" if scanner.lower().rstrip().endswith("detailed") else "default"
    ctx = ParseContext(fmt.id, asset_type, mode)
    report.fix_data = fix_data
    report.repair_sink = ctx.warn
    anonymizer = Anonymizer(anonymize_key) if anonymize_key else None
    return ParsedReport(fmt, report, ctx, _postprocessor(ctx, fix_data, anonymizer), anonymizer)


def _postprocessor(
    ctx: ParseContext, fix_data: bool, anonymizer: Anonymizer | None
) -> Callable[[Finding], Finding | None] | None:
    steps: list[Callable[[Finding], Finding | None]] = []
    if fix_data:
        steps.append(FindingFixer(ctx))
    if anonymizer is not None:
        steps.append(anonymizer.finding)
    if not steps:
        return None

    def run(f: Finding) -> Finding | None:
        out: Finding | None = f
        for step in steps:
            if out is None:
                return None
            out = step(out)
        return out

    return run
