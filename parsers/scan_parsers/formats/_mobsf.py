"""Helpers shared by the two readers of MobSF's static-analysis JSON (`mobsf` reads its analysis sections,
`mobsf_scorecard` its "appsec" scorecard): what identifies the document, the app it is about, MobSF's severity words.

Asset: a mobile app has no URL or host. The project has no app asset type; like the other readers of app binaries
(qark), a MobSF report is a CODE asset, named by the Android package name or the iOS bundle id (what identifies the
app across builds), else the app or file name.
"""

from __future__ import annotations

import re
from typing import Any

from ..context import ParseContext
from ..model import Asset, Severity
from ..sniff import Sniff
from ._sca_common import text
from ._static_common import code_asset

#: Members of a static-analysis report of which at least one is always written (Android or iOS, MobSF 0.9-4.x).
ANALYSIS_SECTIONS = (
    "permissions",
    "manifest_analysis",
    "code_analysis",
    "binary_analysis",
    "certificate_analysis",
    "android_api",
    "ios_api",
    "ats_analysis",
    "appsec",
)
#: What names the analysed app in the report (Android, then iOS, then either).
_APP_KEYS = ("package_name", "bundle_id", "app_name", "file_name")
_VERSION = re.compile(r"v?(\d+)\.")

#: MobSF's severity words. "good" and "secure" mark a protection that is in place (a passed check).
SEVERITIES = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "dangerous": Severity.MEDIUM,
    "warning": Severity.MEDIUM,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "hotspot": Severity.LOW,
    "info": Severity.INFO,
    "normal": Severity.INFO,
    "good": Severity.INFO,
    "secure": Severity.INFO,
}
PASSED = frozenset({"good", "secure"})


def is_static_report(sniff: Sniff) -> bool:
    """A MobSF static-analysis report: the app's hashes and names and at least one analysis section."""
    if sniff.kind != "json" or sniff.json_root != "object":
        return False
    if (
        sniff.has_any_path("md5", "sha256")
        and sniff.has_any_path("package_name", "bundle_id")
        and sniff.has_any_path(*ANALYSIS_SECTIONS)
    ):
        return True
    # The members MobSF writes last (its download directory and host OS) name the tool when the app's members are
    # beyond the head: a big report whose keys come in another order opens with these and the string inventories.
    return sniff.has_paths("dwd_dir", "base_url", "host_os") and sniff.has_any_path(
        "firebase_urls", "trackers", "playstore_details", "appstore_details", "virus_total"
    )


def major_version(value: Any) -> int | None:
    """MobSF's major version from its "version" member ("v3.6.7 Beta" -> 3), None when it is missing."""
    m = _VERSION.match(text(value))
    return int(m.group(1)) if m else None


def is_static_document(doc: Any) -> bool:
    return (
        isinstance(doc, dict)
        and any(k in doc for k in _APP_KEYS)
        and any(isinstance(doc.get(k), (dict, list)) for k in ANALYSIS_SECTIONS)
    )


def app_asset(ctx: ParseContext, doc: dict[str, Any]) -> Asset:
    name = next((text(doc.get(k)) for k in _APP_KEYS if text(doc.get(k))), "")
    return code_asset(ctx, name, "mobsf")


def severity(value: Any) -> Severity:
    return SEVERITIES.get(text(value).lower(), Severity.MEDIUM)


def passed(value: Any) -> bool:
    return text(value).lower() in PASSED
