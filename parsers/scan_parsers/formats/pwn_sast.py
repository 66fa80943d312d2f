"""PWN SAST (the `pwn_sast` driver of the PWN security automation framework, 0.4/0.5) JSON report:

    {"report_name": "...", "data": [{"timestamp", "security_references": {"sast_module": "PWN::SAST::Eval",
       "section", "nist_800_53_uri", "cwe_id", "cwe_uri"},
       "filename": {"git_repo_root_uri", "entry": "request.php"},
       "line_no_and_contents": [{"line_no", "contents", "author"}], "raw_content", "test_case_filter"}]}

Each data entry is one SAST module's matches in one file; one finding per module, file and line (a line listed
twice is one finding, as DefectDojo folds it). PWN rates nothing: every finding is medium. The asset is the CODE
base the entries' `git_repo_root_uri` names (a per-tool placeholder when it is absent). `data: []` is a clean scan.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_fields import member_dict, member_list
from ._sca_common import cwe_id, parse_datetime, text
from ._static_common import code_asset, drop_empty, location


@register
class PwnSast(ReportFormat):
    id = "pwn_sast"
    scan_types = ("PWN SAST",)
    aliases = ("pwn-sast",)
    default_asset_type = AssetType.CODE
    recognises = "JSON {report_name, data[]} of PWN SAST modules: security_references.sast_module, line_no_and_contents"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("data.item.security_references", "data.item.line_no_and_contents"):
            return 0.95
        if set(sniff.json_top_keys) == {"report_name", "data"}:
            return 0.6  # a clean scan: PWN's envelope and nothing else
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = 0
        for entry in iter_json(report, "data.item"):
            seen += 1
            if not isinstance(entry, dict) or not isinstance(entry.get("line_no_and_contents"), list):
                raise InvalidReport(f"{report.name}: an entry has no line_no_and_contents: not a PWN SAST report")
            lines: set[str] = set()
            for hit in entry["line_no_and_contents"]:
                if not isinstance(hit, dict):
                    raise InvalidReport(f"{report.name}: a line of a PWN SAST entry is not an object")
                line = text(hit.get("line_no"))
                if line in lines:
                    continue
                lines.add(line)
                yield _finding(ctx, entry, hit)
        if not seen:
            doc = load_json(report)  # no entries: small
            if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
                raise InvalidReport(f"{report.name}: no `data` list: not a PWN SAST report")


def _finding(ctx: ParseContext, entry: dict[str, Any], hit: dict[str, Any]) -> Finding:
    refs = member_dict(entry, "security_references")
    where = member_dict(entry, "filename")
    module = text(refs.get("sast_module")) or "PWN::SAST"
    section = text(refs.get("section"))
    path = text(where.get("entry"))
    contents = text(hit.get("contents"))
    cwe = cwe_id(refs.get("cwe_id"))
    nist = text(refs.get("nist_800_53_uri"))
    return Finding(
        asset=code_asset(ctx, text(where.get("git_repo_root_uri")) or None, "pwn_sast"),
        name=f"{module.rsplit('::', 1)[-1]}: {section.title()}" if section else module,
        severity=Severity.MEDIUM,
        description=f"{module} matched {path}" + (f":\n{contents}" if contents else "."),
        remedy=f"Review the code against NIST 800-53: {nist}" if nist else "",
        cwes=[cwe] if cwe else [],
        location=location(path, text(hit.get("line_no"))) or None,
        published=parse_datetime(entry.get("timestamp")),
        details=drop_empty(
            {
                "sastModule": module,
                "section": section,
                "nist80053": nist,
                "author": text(hit.get("author")).removeprefix("Author:").strip(),
                "testCaseFilter": text(entry.get("test_case_filter")),
                "lines": len(member_list(entry, "line_no_and_contents")),
            }
        ),
    )
