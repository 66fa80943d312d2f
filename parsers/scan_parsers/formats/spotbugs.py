"""SpotBugs (and FindBugs) XML (`spotbugs -textui -xml[:withMessages]`, the Maven/Gradle plugins' spotbugsXml.xml,
FindBugs 2.x and SpotBugs 3.x-4.x): <BugCollection version=...><Project projectName=...> then one <BugInstance
type= priority= rank= category= cweid=?> per bug with <ShortMessage>/<LongMessage> (withMessages only),
<Class>, <Method>, <SourceLine sourcepath= start= end=>; then <Errors>, <FindBugsSummary>, and with messages
<BugPattern type=><ShortDescription/><Details/></BugPattern> and <BugCategory>. A clean run has no BugInstance.

One finding per bug pattern (BugInstance type), as DefectDojo counts them: further instances of a pattern are
folded into it (their places listed in details["locations"]) and counted with ctx.skip. Severity is SpotBugs'
priority (its confidence): 1 high, 2 medium, 3 low, 4/5 (experimental) info; a folded pattern takes the highest.
The asset is the analysed project (CODE, Project@projectName).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._sca_common import text
from ._scan_common import child_text, strip_html
from ._static_common import code_asset, drop_empty, location

_PRIORITY = {"1": Severity.HIGH, "2": Severity.MEDIUM, "3": Severity.LOW, "4": Severity.INFO, "5": Severity.INFO}


@dataclass
class _Bug:
    type: str
    category: str
    severity: Severity
    message: str
    long_message: str
    cwe: str
    locations: list[str] = field(default_factory=list)


@register
class SpotBugs(ReportFormat):
    id = "spotbugs"
    scan_types = ("SpotBugs Scan",)
    aliases = ("spotbugs", "findbugs")
    default_asset_type = AssetType.CODE
    recognises = "XML <BugCollection> with <Project> and <BugInstance type priority category>"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml" and sniff.xml_root == "BugCollection":
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if sniff(report).xml_root != "BugCollection":
            raise InvalidReport(f"{report.name}: not a SpotBugs XML report (expected a <BugCollection> root)")
        project = ""
        bugs: dict[str, _Bug] = {}
        patterns: dict[str, str] = {}
        for _, el in iter_xml(report, ("Project", "BugInstance", "BugPattern")):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "Project":
                project = project or text(el.get("projectName"))
            elif tag == "BugInstance":
                _fold(ctx, report, bugs, el)
            else:
                patterns[text(el.get("type"))] = strip_html(child_text(el, "Details"))
            clear_element(el)
        asset = code_asset(ctx, project, "spotbugs")
        for bug in bugs.values():
            details = patterns.get(bug.type, "")
            yield Finding(
                asset=asset,
                name=bug.message or bug.type,
                severity=bug.severity,
                description="\n\n".join(p for p in (bug.long_message or bug.message or bug.type, details) if p),
                remedy=f"See https://spotbugs.readthedocs.io/en/latest/bugDescriptions.html#{bug.type.lower()}",
                cwes=[f"CWE-{bug.cwe}"] if bug.cwe.isdigit() and bug.cwe != "0" else [],
                location=bug.locations[0] if bug.locations else None,
                details=drop_empty(
                    {
                        "type": bug.type,
                        "category": bug.category,
                        "instances": len(bug.locations) or 1,
                        "locations": bug.locations[:50],
                    }
                ),
            )


def _source_line(el: Any) -> str:
    # the bug's own SourceLine is a direct child; without one, the class's or method's
    line = el.find("SourceLine")
    if line is None:
        line = el.find("./*/SourceLine")
    if line is None:
        return ""
    path = text(line.get("sourcepath")) or text(line.get("sourcefile")) or text(line.get("classname"))
    return location(path, line.get("start"))


def _fold(ctx: ParseContext, report: ReportInput, bugs: dict[str, _Bug], el: Any) -> None:
    kind = text(el.get("type"))
    if not kind:
        raise InvalidReport(f"{report.name}: a SpotBugs BugInstance has no type")
    severity = _PRIORITY.get(text(el.get("priority")), Severity.MEDIUM)
    where = _source_line(el)
    bug = bugs.get(kind)
    if bug is None:
        bug = bugs[kind] = _Bug(
            type=kind,
            category=text(el.get("category")),
            severity=severity,
            message=child_text(el, "ShortMessage"),
            long_message=child_text(el, "LongMessage"),
            cwe=text(el.get("cweid")),
        )
    else:
        ctx.skip("another instance of the same bug pattern")
        if severity.score > bug.severity.score:
            bug.severity = severity
    if where:
        bug.locations.append(where)
