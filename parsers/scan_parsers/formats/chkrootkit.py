"""chkrootkit text output (`chkrootkit`, `chkrootkit -q`, 0.4x-0.5x), saved to a file. A full run prints one line
per test, "Checking `<test>'... <result>" or "Searching for <thing>... <result>", the result padded to a column
("not found", "not infected", "nothing found", "not tested", "started", "finished", or a problem: "INFECTED",
"WARNING", "Vulnerable", "suspicious ..."), a problem often followed by detail lines up to the next test line.
Quiet mode (-q) prints only the problem lines themselves ("WARNING: ...", "<test>: WARNING: ...", "INFECTED ...").

Counting rule: one finding per test line whose result is a problem, its detail lines as description; outside a
problem test's block, one finding per line that reports a problem (WARNING, INFECTED, Vulnerable, suspicious,
Possible); test lines with a clean result and other lines are counted with ctx.skip. Severity: INFECTED high,
anything else medium. chkrootkit does not name the host, so the asset is one INFRA placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import text_stream
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import infra_asset

_TEST = re.compile(r"^(?P<test>(?:Checking|Searching for|Checking for)\b.*?)\.\.\.\s*(?P<result>.*)$")
_CLEAN = re.compile(r"^(not\b|no\b|nothing\b|started$|finished$|done$|ok$|skipped$|$)", re.I)
_PROBLEM = re.compile(r"\b(WARNING|INFECTED|Vulnerable|suspicious|Possible)\b", re.I)


@register
class Chkrootkit(ReportFormat):
    id = "chkrootkit"
    scan_types = ("chkrootkit Scan",)
    aliases = ("chkrootkit",)
    default_asset_type = AssetType.INFRA
    recognises = 'chkrootkit output: "Checking `test\'... result" lines, or -q problem lines (WARNING/INFECTED)'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind not in ("text", "csv"):
            return 0.0
        lines = [line for line in sniff.text.splitlines() if line.strip()][:50]
        if (
            any(line.startswith("ROOTDIR is `") for line in lines)
            or sum(1 for line in lines if line.startswith("Checking `") and "..." in line) >= 2
        ):
            return 0.9
        if lines and any(line.startswith("chkdirs: ") or line.startswith("chkproc: ") for line in lines):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        host = infra_asset(ctx, "chkrootkit")
        current: tuple[str, str, list[str]] | None = None  # the problem test whose detail lines follow
        recognised = False
        with report.open() as f:
            for raw in text_stream(f):
                line = raw.rstrip("\r\n")
                if not line.strip():
                    continue
                test = _TEST.match(line)
                if test:
                    recognised = True
                    if current is not None:
                        yield _finding(host, *current)
                        current = None
                    result = test["result"].strip()
                    if _CLEAN.match(result):
                        ctx.skip("test with a clean result")
                    else:
                        current = (test["test"].strip(), result, [])
                elif current is not None:
                    current[2].append(line.strip())
                elif _PROBLEM.search(line):
                    recognised = True
                    yield _finding(host, line.strip(), "", [])
                else:
                    ctx.skip("line that reports no problem")
        if current is not None:
            yield _finding(host, *current)
        if not recognised:
            raise InvalidReport(f"{report.name}: no chkrootkit test or problem line: not chkrootkit output")


def _finding(asset: Asset, test: str, result: str, detail: list[str]) -> Finding:
    infected = "INFECTED" in (result + test).upper()
    name = f"{test}: {result}" if result else test
    return Finding(
        asset=asset,
        name=name[:255],
        severity=Severity.HIGH if infected else Severity.MEDIUM,
        description="\n".join([name, *detail]),
        remedy="Investigate the host for a rootkit; reinstall it from trusted media if it is compromised.",
        details={"result": result} if result else {},
    )
