"""The seed's upload form, validated into what a ScanImport needs. Pure: no I/O, every problem a clear message."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..models import HTTP_URL

IMPORT_TYPES = ("new", "merge", "delta")
KNOWN_FIELDS = {
    "scanner_type",
    "assessment_name",
    "import_type",
    "fix_data",
    "anonymize",
    "webhook_url",
    "webhook_headers",
    "phoenix_client_id",
    "phoenix_client_secret",
    "phoenix_api_url",
    "asset_type",
}
ASSET_TYPES = ("auto", "INFRA", "WEB", "CLOUD", "CONTAINER", "REPOSITORY", "CODE", "BUILD")
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


class FormError(ValueError):
    pass


@dataclass(frozen=True)
class UploadRequest:
    scanner: str = "auto"
    assessment_name: str | None = None
    import_type: str = "new"
    asset_type: str = "auto"
    fix_data: bool = True
    anonymize: bool = False
    webhook_url: str | None = None
    webhook_headers: dict[str, str] = field(default_factory=dict)
    phoenix_client_id: str | None = None
    phoenix_client_secret: str | None = None
    phoenix_api_url: str | None = None

    def __repr__(self) -> str:  # no credential or header value in a repr
        return f"UploadRequest(scanner={self.scanner!r}, import_type={self.import_type!r})"

    @property
    def has_credentials(self) -> bool:
        return bool(self.phoenix_client_id and self.phoenix_client_secret)


def _bool(fields: dict[str, str], name: str, default: bool) -> bool:
    raw = fields.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise FormError(f"{name} must be true or false, not {raw[:20]!r}")


def known_scanner(name: str) -> bool:
    """`auto`, a format id / alias / scan-type name scan_parsers knows, or a Phoenix translate request."""
    from scan_parsers import get_format
    from scan_parsers.errors import UnknownScanner

    from ..phoenix.translate import SBOM_PREFIX, TRANSLATE_PREFIX

    if name == "auto":
        return True
    lowered = name.lower()
    if lowered.startswith(TRANSLATE_PREFIX):
        return bool(name[len(TRANSLATE_PREFIX) :].strip())
    if name.startswith(SBOM_PREFIX) and len(name) > len(SBOM_PREFIX):
        return True
    try:
        get_format(name)
    except UnknownScanner:
        return False
    return True


def parse_form(fields: dict[str, str]) -> UploadRequest:
    """Raises FormError with a message for the person who sent it."""
    unknown = sorted(set(fields) - KNOWN_FIELDS)
    if unknown:
        raise FormError(f"unknown form field(s): {', '.join(unknown)}; known: {', '.join(sorted(KNOWN_FIELDS))}")
    scanner = fields.get("scanner_type", "").strip() or "auto"
    if len(scanner) > 100 or not known_scanner(scanner):
        raise FormError(
            f"unknown scanner_type {scanner[:100]!r}: use `auto`, a format id such as trivy or grype, or "
            "`translate:<Phoenix scan type>`; GET /api/v1/scanners lists them"
        )
    import_type = fields.get("import_type", "").strip() or "new"
    if import_type not in IMPORT_TYPES:
        raise FormError(f"import_type must be one of {', '.join(IMPORT_TYPES)}, not {import_type[:20]!r}")
    asset_type = fields.get("asset_type", "").strip() or "auto"
    if asset_type not in ASSET_TYPES:
        raise FormError(f"asset_type must be one of {', '.join(ASSET_TYPES)}")
    assessment = fields.get("assessment_name", "").strip() or None
    if assessment is not None and len(assessment) > 255:
        raise FormError("assessment_name must be at most 255 characters")
    webhook_url = fields.get("webhook_url", "").strip() or None
    if webhook_url is not None and (not re.match(HTTP_URL, webhook_url) or len(webhook_url) > 2048):
        raise FormError("webhook_url must be an http:// or https:// URL")
    headers = _webhook_headers(fields.get("webhook_headers", "").strip())
    if headers and webhook_url is None:
        raise FormError("webhook_headers needs a webhook_url")
    api_url = fields.get("phoenix_api_url", "").strip() or None
    if api_url is not None and (not re.match(HTTP_URL, api_url) or len(api_url) > 2048):
        raise FormError("phoenix_api_url must be an http:// or https:// URL")
    client_id = fields.get("phoenix_client_id", "").strip() or None
    client_secret = fields.get("phoenix_client_secret", "").strip() or None
    if bool(client_id) != bool(client_secret):
        raise FormError("give both phoenix_client_id and phoenix_client_secret, or neither (the default is used)")
    return UploadRequest(
        scanner=scanner,
        assessment_name=assessment,
        import_type=import_type,
        asset_type=asset_type,
        fix_data=_bool(fields, "fix_data", True),
        anonymize=_bool(fields, "anonymize", False),
        webhook_url=webhook_url,
        webhook_headers=headers,
        phoenix_client_id=client_id,
        phoenix_client_secret=client_secret,
        phoenix_api_url=api_url,
    )


def _webhook_headers(raw: str) -> dict[str, str]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise FormError('webhook_headers must be a JSON object, e.g. {"Authorization": "Bearer ..."}') from None
    if not isinstance(value, dict):
        raise FormError('webhook_headers must be a JSON object, e.g. {"Authorization": "Bearer ..."}')
    headers: dict[str, str] = {}
    for name, val in value.items():
        if not isinstance(name, str) or not _HEADER_NAME.match(name) or len(name) > 253:
            raise FormError(f"webhook_headers: {str(name)[:40]!r} is not a valid HTTP header name")
        if not isinstance(val, str) or "\n" in val or "\r" in val:
            raise FormError(f"webhook_headers: the value of {name} must be a single-line string")
        headers[name] = val
    return headers


def secret_names(job_id: str) -> dict[str, str]:
    """The Secrets a job may own: Phoenix credentials, the fetch credentials of its report, webhook headers."""
    return {"phoenix": f"{job_id}-phoenix", "fetch": f"{job_id}-fetch", "webhook": f"{job_id}-webhook"}


def scanimport_spec(
    request: UploadRequest, source: dict[str, Any], job_id: str, default_credentials_secret: str | None
) -> dict[str, Any]:
    """The ScanImport's spec, created suspended (the gateway lifts `suspend` once the owned Secrets exist)."""
    spec: dict[str, Any] = {
        "source": source,
        "scanner": request.scanner,
        "assetType": request.asset_type,
        "importType": request.import_type,
        "fixData": request.fix_data,
        "anonymize": request.anonymize,
        "suspend": True,
    }
    if request.assessment_name:
        spec["assessmentName"] = request.assessment_name
    phoenix: dict[str, Any] = {}
    if request.phoenix_api_url:
        phoenix["apiUrl"] = request.phoenix_api_url
    if request.has_credentials:
        phoenix["credentialsSecretRef"] = {"name": secret_names(job_id)["phoenix"]}
    elif default_credentials_secret:
        phoenix["credentialsSecretRef"] = {"name": default_credentials_secret}
    if phoenix:
        spec["phoenix"] = phoenix
    if request.webhook_url:
        webhook: dict[str, Any] = {"url": request.webhook_url}
        if request.webhook_headers:
            webhook["headersSecretRef"] = {"name": secret_names(job_id)["webhook"]}
        spec["notify"] = {"webhook": webhook}
    return spec


def owned_secrets(request: UploadRequest, job_id: str, fetch_data: dict[str, str] | None) -> dict[str, dict[str, str]]:
    """Secret name -> data, for the Secrets this job needs."""
    names = secret_names(job_id)
    out: dict[str, dict[str, str]] = {}
    if request.has_credentials:
        assert request.phoenix_client_id is not None and request.phoenix_client_secret is not None
        out[names["phoenix"]] = {"clientId": request.phoenix_client_id, "clientSecret": request.phoenix_client_secret}
    if fetch_data:
        out[names["fetch"]] = dict(fetch_data)
    if request.webhook_url and request.webhook_headers:
        out[names["webhook"]] = dict(request.webhook_headers)
    return out
