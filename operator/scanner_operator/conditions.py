"""metav1.Condition bookkeeping following kstatus: `Ready` is always present after the first visit,
`Reconciling` and `Stalled` only while True. `lastTransitionTime` changes only when `status` flips.
Pure functions over plain dicts (the shape stored in `status.conditions`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

READY = "Ready"
RECONCILING = "Reconciling"
STALLED = "Stalled"

TRUE = "True"
FALSE = "False"
UNKNOWN = "Unknown"

MAX_MESSAGE = 1024

Condition = dict[str, Any]


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def find(conditions: list[Condition] | None, type_: str) -> Condition | None:
    for condition in conditions or []:
        if condition.get("type") == type_:
            return condition
    return None


def is_true(conditions: list[Condition] | None, type_: str) -> bool:
    condition = find(conditions, type_)
    return condition is not None and condition.get("status") == TRUE


def set_condition(
    conditions: list[Condition] | None,
    type_: str,
    status: str,
    reason: str,
    message: str,
    *,
    generation: int,
    now: datetime,
) -> list[Condition]:
    """Return a new list with `type_` set; the previous lastTransitionTime is kept unless status changed."""
    previous = find(conditions, type_)
    if previous is not None and previous.get("status") == status and previous.get("lastTransitionTime"):
        transition = previous["lastTransitionTime"]
    else:
        transition = rfc3339(now)
    updated: Condition = {
        "type": type_,
        "status": status,
        "reason": reason,
        "message": message[:MAX_MESSAGE],
        "lastTransitionTime": transition,
        "observedGeneration": generation,
    }
    result = [dict(c) for c in conditions or [] if c.get("type") != type_]
    result.append(updated)
    return sorted(result, key=_order)


def remove_condition(conditions: list[Condition] | None, type_: str) -> list[Condition]:
    return [dict(c) for c in conditions or [] if c.get("type") != type_]


def _order(condition: Condition) -> tuple[int, str]:
    # A stable order keeps status patches minimal and `kubectl get -o yaml` readable.
    rank = {READY: 0, RECONCILING: 1, STALLED: 2}
    return rank.get(str(condition.get("type")), 3), str(condition.get("type"))
