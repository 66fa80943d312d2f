"""What tells the Acunetix 360 / Netsparker / Invicti JSON exports apart.

The three products (one vendor) write the same JSON: {Generated, Target: {ScanId, Url, ...}, Vulnerabilities:
[{Name, Type, Url, Severity, State, Certainty, Classification, Description, RemedialProcedure, ...}]}. Only the
product name in the issue texts and links tells them apart: Netsparker was renamed Invicti in 2021 and later
exports name Invicti ("Invicti identified a cookie..."). The recorded HTTP traffic is left out of that look: it
is the scanned site's text (Invicti's own test sites are titled "Invicti Test Web Site" in Netsparker-era exports).
An export with no issues names nobody, and the acunetix format keeps those; so does one that names Acunetix.
"""

from __future__ import annotations

import re

from ..sniff import Sniff

#: HttpRequest/HttpResponse bodies and raw traffic: {"Content": "GET / HTTP/1.1..."}.
_TRAFFIC = re.compile(r'"(?:Content|RawContent|Body)"\s*:\s*"(?:[^"\\]|\\.)*"', re.I)


def export_shape(sniff: Sniff) -> bool:
    return sniff.json_root == "object" and sniff.has_paths("Target", "Vulnerabilities")


def names(sniff: Sniff) -> set[str]:
    """The products named in the export's own texts (issue descriptions, links), not in the recorded traffic."""
    text = sniff.text.lower()
    if "acunetix" in text:
        return {"acunetix"}
    text = _TRAFFIC.sub('""', text)
    return {n for n in ("netsparker", "invicti") if n in text}


def detect(sniff: Sniff, product: str) -> float:
    """0.85 when the export names `product` (and, for Netsparker, not its successor Invicti), nothing when it names
    Acunetix (the acunetix format's claim), a low "could be" for an export that names nobody."""
    if sniff.kind != "json" or not export_shape(sniff):
        return 0.0
    named = names(sniff)
    if "acunetix" in named:
        return 0.0
    if product == "invicti":
        return 0.85 if "invicti" in named else 0.0
    if "netsparker" in named and "invicti" not in named:
        return 0.85
    return 0.3 if not named and sniff.has_paths("Target.ScanId") else 0.0
