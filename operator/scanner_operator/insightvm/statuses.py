"""The console's scan status values (insightvm-api.md §4) and the classes that decide what a caller may do.

"Not running" is not "done": only the terminal set ends a wait, `paused` is stable but not terminal, and
`unknown` means the console lost track of the engine (keep polling, surface it).
"""

from __future__ import annotations

from typing import Final

DISPATCHED: Final = "dispatched"
RUNNING: Final = "running"
INTEGRATING: Final = "integrating"
PAUSED: Final = "paused"
FINISHED: Final = "finished"
STOPPED: Final = "stopped"
ERROR: Final = "error"
ABORTED: Final = "aborted"
UNKNOWN: Final = "unknown"

ALL_STATUSES: Final = frozenset({DISPATCHED, RUNNING, INTEGRATING, PAUSED, FINISHED, STOPPED, ERROR, ABORTED, UNKNOWN})
TERMINAL: Final = frozenset({FINISHED, STOPPED, ERROR, ABORTED})
IN_PROGRESS: Final = frozenset({DISPATCHED, RUNNING, INTEGRATING})

# setScanStatus actions and the states they are valid from (§5.5).
PAUSE: Final = "pause"
RESUME: Final = "resume"
STOP: Final = "stop"
VALID_FROM: Final[dict[str, frozenset[str]]] = {
    PAUSE: frozenset({RUNNING}),
    RESUME: frozenset({PAUSED}),
    STOP: frozenset({RUNNING, PAUSED}),
}


def normalise(status: object) -> str:
    """Lower-case a console status; anything missing or unrecognised counts as `unknown`."""
    if not isinstance(status, str):
        return UNKNOWN
    value = status.strip().lower()
    return value if value in ALL_STATUSES else UNKNOWN


def is_terminal(status: object) -> bool:
    return normalise(status) in TERMINAL


def is_in_progress(status: object) -> bool:
    return normalise(status) in IN_PROGRESS


def action_allowed(action: str, status: object) -> bool:
    return normalise(status) in VALID_FROM[action]
