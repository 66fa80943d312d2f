"""YARA command-line output (`yara [-m] [-g] [-s] rules.yar <target>` saved to a file, YARA 3.x-4.x): one line per
rule match, "<rule> [<tags>] [<meta>] <file>" (the tag list with -g, the meta list `key="value",key=90,...` with
-m, both optional), followed with -s by the matched strings, one per line: "0x<offset>:$<identifier>: <data>".

One finding per rule and file (the rule-match line); its string matches are evidence, not findings. Severity:
the rule's `severity` meta when it has one (critical / high / medium / low / info), else medium. The matched
bytes may be credentials or other secrets (YARA rules hunt for them), so only offsets, identifiers and masked
data are kept. A YARA run does not name the host: the asset is one INFRA placeholder, the file is the location.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import text_stream
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import infra_asset
from ._static_common import mask_secret

_RULE = re.compile(r"^(?P<rule>[A-Za-z_]\w*)\s+(?P<rest>\S.*)$")
_STRING = re.compile(r"^0x(?P<offset>[0-9a-fA-F]+):(?P<id>\$\w*):\s?(?P<data>.*)$")
_META = re.compile(r'(\w+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\]]*)')


@dataclass
class _Match:
    rule: str
    path: str
    meta: dict[str, str]
    tags: list[str]
    strings: list[dict[str, str]] = field(default_factory=list)


@register
class Yara(ReportFormat):
    id = "yara"
    scan_types = ("YARA Scan",)
    aliases = ("yara",)
    default_asset_type = AssetType.INFRA
    recognises = "yara -m -s output: '<rule> [meta] <file>' lines followed by '0x<offset>:$<id>: <data>' lines"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind not in ("text", "csv"):
            return 0.0
        lines = [line.strip() for line in sniff.text.splitlines() if line.strip()][:200]
        if not lines or not _RULE.match(lines[0]):
            return 0.0
        if any(_STRING.match(line) for line in lines[1:3]):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        current: _Match | None = None
        asset: Asset | None = None
        with report.open() as f:
            for n, raw in enumerate(text_stream(f), 1):
                line = raw.strip()
                if not line:
                    continue
                string = _STRING.match(line)
                if string and current is not None:
                    current.strings.append(string.groupdict())
                    continue
                match = _parse_rule_line(line)
                if match is None:
                    raise InvalidReport(f"{report.name}: line {n} is neither a YARA rule match nor a string match")
                if current is not None:
                    asset = asset or infra_asset(ctx, "yara")
                    yield _finding(asset, current)
                current = match
        if current is not None:
            yield _finding(asset or infra_asset(ctx, "yara"), current)


def _parse_rule_line(line: str) -> _Match | None:
    head = _RULE.match(line)
    if head is None:
        return None
    rest = head["rest"]
    groups: list[str] = []
    while rest.startswith("["):
        end = _closing_bracket(rest)
        if end < 0:
            return None
        groups.append(rest[1:end])
        rest = rest[end + 1 :].lstrip()
    if not rest:
        return None
    meta: dict[str, str] = {}
    tags: list[str] = []
    for group in groups:
        if "=" in group:
            meta.update({k: _unquote(v) for k, v in _META.findall(group)})
        else:
            tags += [t.strip() for t in group.split(",") if t.strip()]
    return _Match(head["rule"], rest, meta, tags)


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value.replace('\\"', '"')


def _closing_bracket(text: str) -> int:
    """Index of the "]" that closes the "[" at 0, ignoring brackets inside quoted meta values."""
    quoted = False
    escaped = False
    for i, ch in enumerate(text[1:], 1):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == "]" and not quoted:
            return i
    return -1


def _finding(asset: Asset, match: _Match) -> Finding:
    description = match.meta.get("description", "")
    severity = match.meta.get("severity", "")
    evidence = [
        {"offset": "0x" + s["offset"], "identifier": s["id"], "data": mask_secret(s["data"])} for s in match.strings
    ]
    return Finding(
        asset=asset,
        name=match.rule,
        severity=label(severity) if severity else Severity.MEDIUM,
        description="\n\n".join(p for p in (description, f"YARA rule {match.rule} matched {match.path}.") if p),
        location=match.path,
        reference_ids=[match.meta["reference"]] if match.meta.get("reference") else [],
        details={
            k: v
            for k, v in {
                "rule": match.rule,
                "tags": match.tags,
                "author": match.meta.get("author", ""),
                "strings": evidence[:50],
            }.items()
            if v
        },
    )
