"""Fortify: report XML (issues folded per category/file/line, recommendations from the group), FVDL (descriptions
read in a second pass, replacement keys filled in), FPR zip with suppressed issues, broken input."""

from __future__ import annotations

import io
import zipfile

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _issue(iid: str, line: str, friority: str = "Critical") -> str:
    return f"""<Issue iid="{iid}" ruleID="r1"><Category>SQL Injection</Category><Folder>{friority}</Folder>
<Kingdom>Input Validation and Representation</Kingdom><Abstract>Untrusted data reaches a query.</Abstract>
<Friority>{friority}</Friority><Primary><FileName>Dao.java</FileName><FilePath>src/Dao.java</FilePath>
<LineStart>{line}</LineStart><Snippet>stmt.execute(q)</Snippet><TargetFunction>execute()</TargetFunction></Primary></Issue>"""


REPORT_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<ReportDefinition type="standard"><TemplateName>Fortify Security Report</TemplateName>
<ReportSection><Title>Executive Summary</Title><SubSection><Title>Issues Overview</Title>
<Text>On 2022-5-9, a source code review was performed over the shop code base.</Text></SubSection></ReportSection>
<ReportSection><Title>Results Outline</Title><SubSection><IssueListing><Chart>
<GroupingSection count="2"><groupTitle>SQL Injection</groupTitle><MajorAttributeSummary>
<MetaInfo><Name>Recommendations</Name><Value>Use parameterized queries.</Value></MetaInfo></MajorAttributeSummary>
{_issue("A", "10")}{_issue("B", "20", "High")}</GroupingSection></Chart></IssueListing></SubSection></ReportSection>
<ReportSection><Title>Issue Count by Category</Title>{_issue("A", "10")}</ReportSection>
</ReportDefinition>"""


def test_report_xml() -> None:
    data = REPORT_XML.encode()
    assert detect_format(open_report(data, name="fortify.xml")).id == "fortify"
    parsed = parse_report(data, "fortify")
    first, second = list(parsed.findings)  # issue A is listed twice
    assert (first.severity, second.severity) == (Severity.CRITICAL, Severity.HIGH)
    assert first.name == "SQL Injection" and first.location == "src/Dao.java:10"
    assert first.remedy == "Use parameterized queries."
    assert "stmt.execute(q)" in first.description
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "shop"


FVDL = """<?xml version="1.0" encoding="UTF-8"?>
<FVDL xmlns="xmlns://www.fortifysoftware.com/schema/fvdl" version="1.12">
<Build><Project>shop-web</Project><BuildID>shop-web</BuildID></Build>
<Vulnerabilities>
<Vulnerability><ClassInfo><ClassID>C1</ClassID><Kingdom>Security Features</Kingdom><Type>Password Management</Type>
<Subtype>Hardcoded Password</Subtype><DefaultSeverity>4.0</DefaultSeverity></ClassInfo>
<InstanceInfo><InstanceID>I1</InstanceID><InstanceSeverity>4.0</InstanceSeverity><Confidence>5.0</Confidence></InstanceInfo>
<AnalysisInfo><Unified><ReplacementDefinitions>
<Def key="PrimaryLocation.file" value="Hello.java"/></ReplacementDefinitions>
<Trace><Primary><Entry><Node><SourceLocation path="src/Hello.java" line="16"/></Node></Entry></Primary></Trace>
</Unified></AnalysisInfo></Vulnerability>
<Vulnerability><ClassInfo><ClassID>C2</ClassID><Type>Null Dereference</Type></ClassInfo>
<InstanceInfo><InstanceID>I2</InstanceID><InstanceSeverity>2.0</InstanceSeverity></InstanceInfo>
<AnalysisInfo><Unified><Trace><Primary><Entry>
<Node><SourceLocation path="src/A.java" line="3"/></Node></Entry></Primary>
</Trace></Unified></AnalysisInfo></Vulnerability>
</Vulnerabilities>
<Description classID="C1">
<Abstract>&lt;Content&gt;Password in &lt;Replace key="PrimaryLocation.file"/&gt;.&lt;/Content&gt;</Abstract>
<Recommendations>&lt;Content&gt;Read passwords from a vault.&lt;/Content&gt;</Recommendations></Description>
</FVDL>"""

AUDIT = """<?xml version="1.0"?><ns2:Audit xmlns:ns2="xmlns://www.fortify.com/schema/audit"><ns2:IssueList>
<ns2:Issue instanceId="I2" suppressed="true"/></ns2:IssueList></ns2:Audit>"""


def test_fvdl_and_fpr() -> None:
    data = FVDL.encode()
    assert detect_format(open_report(data, name="audit.fvdl")).id == "fortify"
    password, null = list(parse_report(data, "fortify").findings)
    assert password.name == "Password Management: Hardcoded Password"
    # Fortify's quadrant: impact 4.0 and confidence 5.0 critical; impact 2.0, no likelihood low
    assert password.severity is Severity.CRITICAL and null.severity is Severity.LOW
    assert password.description == "Password in Hello.java."
    assert password.remedy == "Read passwords from a vault."
    assert password.location == "src/Hello.java:16"
    assert null.tags == []

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("audit.fvdl", FVDL)
        zf.writestr("audit.xml", AUDIT)
        zf.writestr("VERSION", "1")
    fpr = buf.getvalue()
    assert detect_format(open_report(fpr, name="project.fpr")).id == "fortify"
    parsed = parse_report(fpr, "fortify", name="project.fpr")
    finding, suppressed = list(parsed.findings)  # I2 is suppressed in the audit
    assert finding.name == "Password Management: Hardcoded Password" and finding.active
    assert not suppressed.active and suppressed.details["status"] == "suppressed in the audit"
    assert not parsed._ctx.skipped
    assert parsed.assets[0].attributes["scannerSource"] == "shop-web"


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b"<Other/>", "fortify").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'<ReportDefinition><Issue iid="x"><Category>A', "fortify").findings)


def test_fvdl_priority_from_rule_metadata() -> None:
    """With EngineData/RuleInfo, likelihood is Accuracy x Confidence x Probability / 25 (Fortify's Friority)."""
    rule_info = """<EngineData><RuleInfo><Rule id="C1"><MetaInfo><Group name="Impact">4.0</Group>
<Group name="Accuracy">1.0</Group><Group name="Probability">2.0</Group></MetaInfo></Rule></RuleInfo></EngineData>"""
    data = FVDL.replace("</FVDL>", rule_info + "</FVDL>").encode()
    password, _null = list(parse_report(data, "fortify").findings)
    assert password.severity is Severity.HIGH  # likelihood 1.0 x 5.0 x 2.0 / 25 = 0.4


def test_fvdl_without_namespace_and_report_template_without_vendor_name() -> None:
    bare = FVDL.replace(' xmlns="xmlns://www.fortifysoftware.com/schema/fvdl"', "")
    assert detect_format(open_report(bare.encode(), name="audit.fvdl")).id == "fortify"
    workbook = """<?xml version="1.0"?><ReportDefinition type="standard"><TemplateName>Developer Workbook</TemplateName>
<ReportSection enabled="true"><Title>Issue Details</Title><SubSection><IssueListing><Chart><GroupingSection>
<groupTitle>SQL Injection</groupTitle><Issue iid="A1"><Category>SQL Injection</Category><Friority>Critical</Friority>
<Primary><FileName>Dao.java</FileName><FilePath>src/Dao.java</FilePath><LineStart>9</LineStart></Primary></Issue>
</GroupingSection></Chart></IssueListing></SubSection></ReportSection></ReportDefinition>"""
    assert detect_format(open_report(workbook.encode(), name="workbook.xml")).id == "fortify"
    (f,) = list(parse_report(workbook.encode(), "fortify").findings)
    assert f.severity is Severity.CRITICAL and f.location == "src/Dao.java:9"
