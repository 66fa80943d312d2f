"""Severity labels and scores as scanners spell them, mapped onto the model's five labels."""

from __future__ import annotations

from .model import Severity

_LABELS: dict[str, Severity] = {
    "critical": Severity.CRITICAL,
    "crit": Severity.CRITICAL,
    "urgent": Severity.CRITICAL,
    "blocker": Severity.CRITICAL,
    "very high": Severity.CRITICAL,
    "veryhigh": Severity.CRITICAL,
    "emergency": Severity.CRITICAL,
    "high": Severity.HIGH,
    "severe": Severity.HIGH,
    "error": Severity.HIGH,
    "major": Severity.HIGH,
    "important": Severity.HIGH,
    "serious": Severity.HIGH,
    "danger": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "moderate": Severity.MEDIUM,
    "warning": Severity.MEDIUM,
    "warn": Severity.MEDIUM,
    "med": Severity.MEDIUM,
    "minor": Severity.LOW,
    "low": Severity.LOW,
    "note": Severity.LOW,
    "info": Severity.INFO,
    "informational": Severity.INFO,
    "information": Severity.INFO,
    "none": Severity.INFO,
    "negligible": Severity.INFO,
    "unknown": Severity.INFO,
    "trivial": Severity.INFO,
    "debug": Severity.INFO,
    "style": Severity.INFO,
    "pass": Severity.INFO,
    "ok": Severity.INFO,
}


def label(value: object, default: Severity = Severity.MEDIUM) -> Severity:
    """Map a scanner's severity word (any case, with stray spaces) to a label; unknown words give `default`."""
    if value is None:
        return default
    key = str(value).strip().lower().replace("_", " ")
    if key in _LABELS:
        return _LABELS[key]
    try:
        return from_cvss(float(key))
    except ValueError:
        return default


def from_cvss(score: float) -> Severity:
    """CVSS v3 qualitative ratings: 9.0+ critical, 7.0+ high, 4.0+ medium, 0.1+ low, else info."""
    if score >= 9.0:
        return Severity.CRITICAL
    if score >= 7.0:
        return Severity.HIGH
    if score >= 4.0:
        return Severity.MEDIUM
    if score > 0.0:
        return Severity.LOW
    return Severity.INFO


def known(value: object) -> bool:
    """True when `value` is a severity word this module understands (used by fix_data to flag odd spellings)."""
    return value is not None and str(value).strip().lower().replace("_", " ") in _LABELS
