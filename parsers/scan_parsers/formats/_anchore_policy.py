"""What Anchore's policy evaluations share between anchore-cli (Enterprise policy check) and anchorectl: how a
triggered gate's severity is read, and the image asset it is about."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Severity
from ..severity import label
from ._sca_common import container_attributes, cves_in, unique

#: The vulnerabilities gate starts its output with the vulnerability's severity ("MEDIUM Vulnerability found ...");
#: policies may do the same in their own descriptions ("CRITICAL User root found ...").
_LEADING_SEVERITY = re.compile(r"^\s*(critical|high|medium|low|negligible|unknown)\b", re.IGNORECASE)
#: Otherwise the gate's action decides: a stop fails the evaluation, a warn does not, a go is informational.
_ACTION_SEVERITY = {"stop": Severity.HIGH, "warn": Severity.MEDIUM, "go": Severity.LOW}
#: "... found in non-os package type (java) - /usr/app.jar:commons (CVE-... - url)": the package path
_PACKAGE_PATH = re.compile(r" - (/\S+) \(")


@dataclass(slots=True)
class Trigger:
    """One gate trigger that fired in a policy evaluation, whichever client wrote it."""

    gate: str
    trigger: str
    trigger_id: str
    output: str
    action: str
    policy_id: str = ""
    allowlisted: bool = False


def policy_severity(output: str, action: str) -> Severity:
    """The severity of one triggered gate: the severity word its output starts with, else its action's."""
    m = _LEADING_SEVERITY.match(output)
    if m:
        return label(m.group(1), Severity.INFO)
    return _ACTION_SEVERITY.get(action.strip().lower(), Severity.MEDIUM)


def image_asset(ctx: ParseContext, tag: str, digest: str, origin: str) -> Asset:
    """The CONTAINER image evaluated: its tag and digest (a placeholder when the report names neither)."""
    image = tag or digest or "unknown-image"
    return ctx.asset(
        AssetType.CONTAINER, container_attributes(image, digest or None, origin), placeholder=not (tag or digest)
    )


def gate_finding(asset: Asset, t: Trigger) -> Finding:
    """The finding of one fired trigger. The vulnerabilities gate's trigger id names the vulnerability and the
    package ("CVE-2015-2992+struts-core-1.3.8.jar") and its output the package path; other gates' ids are hashes."""
    subject = t.trigger_id.split("+", 1)[0] if t.gate == "vulnerabilities" and t.trigger_id else ""
    path = _PACKAGE_PATH.search(t.output) if subject else None
    cves = cves_in(t.output)
    details: dict[str, Any] = {"gate": t.gate, "trigger": t.trigger, "triggerId": t.trigger_id, "action": t.action}
    if t.policy_id:
        details["policyId"] = t.policy_id
    if t.allowlisted:
        details["status"] = "allowlisted"
    return Finding(
        asset=asset,
        name=f"{t.gate} {t.trigger}: {subject}" if subject else f"{t.gate} {t.trigger}",
        severity=policy_severity(t.output, t.action),
        description=t.output or f"Anchore policy gate {t.gate} trigger {t.trigger} fired ({t.action})",
        reference_ids=unique([*cves, subject if subject and not cves else None]),
        location=path.group(1) if path else "/".join(p for p in (t.gate, t.trigger, t.trigger_id) if p),
        details=details,
        active=not t.allowlisted,
    )
