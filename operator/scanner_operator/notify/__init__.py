"""Notifications about finished imports (webhooks)."""

from .webhook import WebhookBlocked, WebhookError, WebhookNotifier, build_import_event

__all__ = ["WebhookBlocked", "WebhookError", "WebhookNotifier", "build_import_event"]
