"""Notifications about finished imports (webhooks)."""

from .events import build_import_event, scanimport_event
from .webhook import WebhookBlocked, WebhookError, WebhookNotifier, sign, verify_signature

__all__ = [
    "WebhookBlocked",
    "WebhookError",
    "WebhookNotifier",
    "build_import_event",
    "scanimport_event",
    "sign",
    "verify_signature",
]
