"""Mozilla (MDN) HTTP Observatory results as JSON: the `observatory-cli --format=json <host>` output (a map of test
name to result) and the full scan document of the API / `mdn-http-observatory-scan <host>` ({scan: {grade, score,
tests_failed, ...}, tests: {<test>: {...}}}). A test result is {name, expectation, pass, result,
score_description, score_modifier, output}.

One finding per test, as DefectDojo counts them: a passed test is emitted inactive with `details["status"] =
"passed"`. Severity comes from the test's score modifier, the weight the Observatory gives it: none or a bonus
info, down to -10 low, down to -20 medium, below -20 high. The test output is not copied (it holds the policies and
cookie attributes as seen). Asset: WEB, the host the redirection test started from (the report names the target
nowhere else); without it a per-tool placeholder site.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._scan_common import web_asset

_TEST_KEYS = ("expectation", "result", "score_modifier")


@register
class MozillaObservatory(ReportFormat):
    id = "mozilla_observatory"
    scan_types = ("Mozilla Observatory Scan",)
    aliases = ("observatory", "http-observatory")
    default_asset_type = AssetType.WEB
    recognises = "Mozilla HTTP Observatory JSON: {scan, tests} or a map of test name to {expectation, pass, result}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("tests", "scan") and sniff.has_any_path("scan.grade", "scan.tests_quantity"):
            return 0.9
        for test in ("content-security-policy", "redirection", "x-content-type-options", "cookies"):
            if all(sniff.has_paths(f"{test}.{k}") for k in _TEST_KEYS):
                return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        if not isinstance(doc, dict):
            raise InvalidReport(f"{report.name}: not a Mozilla Observatory report (expected a JSON object)")
        raw_tests, raw_scan = doc.get("tests"), doc.get("scan")
        tests: dict[str, Any] = raw_tests if isinstance(raw_tests, dict) else doc
        scan: dict[str, Any] = raw_scan if isinstance(raw_scan, dict) else {}
        results = [t for t in tests.values() if isinstance(t, dict)]
        if (not results and not scan) or any(not all(k in t for k in _TEST_KEYS) for t in results):
            raise InvalidReport(
                f"{report.name}: no Observatory test results (name, expectation, result, score_modifier): not a "
                "Mozilla Observatory report"
            )
        for key in ("grade", "score", "likelihood_indicator"):
            if scan.get(key) is not None:
                ctx.meta.extra[key] = scan[key]
        site = _site(tests)
        for name, test in tests.items():
            if isinstance(test, dict):
                yield _finding(ctx, site, text(test.get("name")) or name, test)


def _site(tests: dict[str, Any]) -> str:
    redirection = tests.get("redirection")
    output = redirection.get("output") if isinstance(redirection, dict) else None
    if isinstance(output, dict):
        route = output.get("route")
        if isinstance(route, list) and route:
            return text(route[0])
        return text(output.get("destination"))
    return ""


def _severity(modifier: Any) -> Severity:
    try:
        value = int(modifier)
    except (TypeError, ValueError):
        return Severity.INFO
    if value >= 0:
        return Severity.INFO
    if value >= -10:
        return Severity.LOW
    if value >= -20:
        return Severity.MEDIUM
    return Severity.HIGH


def _finding(ctx: ParseContext, site: str, name: str, test: dict[str, Any]) -> Finding:
    passed = test.get("pass") is True
    result = text(test.get("result"))
    return Finding(
        asset=web_asset(ctx, "mozilla_observatory", site or None),
        name=name,
        severity=Severity.INFO if passed else _severity(test.get("score_modifier")),
        description=text(test.get("score_description")) or result,
        remedy="" if passed else f"Make the site meet the Observatory's expectation {text(test.get('expectation'))}.",
        location=site or None,
        active=not passed,
        details={
            k: v
            for k, v in {
                "result": result,
                "expectation": text(test.get("expectation")),
                "scoreModifier": test.get("score_modifier"),
                "status": "passed" if passed else None,
            }.items()
            if v is not None and v != ""
        },
    )
