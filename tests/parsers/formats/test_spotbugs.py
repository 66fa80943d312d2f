"""SpotBugs XML: priorities, folding per bug pattern, messages and pattern details, project asset, refusals."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _bug(kind: str, priority: str = "2", line: int = 10, extra: str = "") -> str:
    return (
        f'<BugInstance type="{kind}" priority="{priority}" rank="15" category="SECURITY" cweid="89">'
        f'<Class classname="a.B"><SourceLine classname="a.B" sourcepath="a/B.java" start="1" end="90"/></Class>'
        f"{extra}"
        f'<SourceLine classname="a.B" start="{line}" end="{line}" sourcepath="a/B.java"/></BugInstance>'
    )


def _doc(*bugs: str, tail: str = "") -> bytes:
    return (
        '<?xml version="1.0"?><BugCollection version="4.8.0"><Project projectName="shop"><Jar>t.jar</Jar></Project>'
        + "".join(bugs)
        + "<Errors/><FindBugsSummary total_bugs='1'/>"
        + tail
        + "</BugCollection>"
    ).encode()


def test_bug_fields() -> None:
    data = _doc(_bug("SQL_INJECTION_JDBC", "1", extra="<ShortMessage>SQL injection</ShortMessage>"))
    assert detect_format(open_report(data, name="spotbugsXml.xml")).id == "spotbugs"
    (f,) = parse_report(data).findings
    assert (f.name, f.severity, f.cwes) == ("SQL injection", Severity.HIGH, ["CWE-89"])
    assert f.location == "a/B.java:10"
    assert f.asset.type is AssetType.CODE and f.asset.attributes["scannerSource"] == "shop"


@pytest.mark.parametrize(("priority", "expected"), [("2", Severity.MEDIUM), ("3", Severity.LOW), ("5", Severity.INFO)])
def test_priorities(priority: str, expected: Severity) -> None:
    (f,) = parse_report(_doc(_bug("DM_DEFAULT_ENCODING", priority)), "spotbugs").findings
    assert f.severity is expected and f.name == "DM_DEFAULT_ENCODING"


def test_instances_of_a_pattern_fold_and_pattern_details_are_used() -> None:
    pattern = (
        '<BugPattern type="EI_EXPOSE_REP"><ShortDescription>x</ShortDescription>'
        "<Details>&lt;p&gt;Returns a mutable field&lt;/p&gt;</Details></BugPattern>"
    )
    data = _doc(_bug("EI_EXPOSE_REP", "3", 4), _bug("EI_EXPOSE_REP", "1", 8), _bug("NM_METHOD", "2"), tail=pattern)
    parsed = parse_report(data, "spotbugs")
    rep, name = parsed.findings
    assert rep.severity is Severity.HIGH and rep.details["locations"] == ["a/B.java:4", "a/B.java:8"]
    assert "Returns a mutable field" in rep.description and name.name == "NM_METHOD"
    assert parsed._ctx.skipped["another instance of the same bug pattern"] == 1


def test_clean_and_refused() -> None:
    assert list(parse_report(_doc(), "spotbugs").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"<pmd><file/></pmd>", "spotbugs").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(_doc('<BugInstance priority="1"/>'), "spotbugs").findings)
