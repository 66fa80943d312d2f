"""What Anchore's policy evaluations share between anchore-cli (Enterprise policy check) and anchorectl: how a
triggered gate's severity is read, and the image asset it is about."""

from __future__ import annotations

import re

from ..context import ParseContext
from ..model import Asset, AssetType, Severity
from ..severity import label
from ._sca_common import container_attributes

#: The vulnerabilities gate starts its output with the vulnerability's severity ("MEDIUM Vulnerability found ...");
#: policies may do the same in their own descriptions ("CRITICAL User root found ...").
_LEADING_SEVERITY = re.compile(r"^\s*(critical|high|medium|low|negligible|unknown)\b", re.IGNORECASE)
#: Otherwise the gate's action decides: a stop fails the evaluation, a warn does not, a go is informational.
_ACTION_SEVERITY = {"stop": Severity.HIGH, "warn": Severity.MEDIUM, "go": Severity.LOW}


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
