"""Keyed, deterministic, shape-preserving pseudonyms for identifying data in reports.

HMAC-SHA256 with a key the user supplies: the same input gives the same pseudonym across files and runs (so Phoenix
asset identity stays stable), different keys give unrelated pseudonyms, and without the key nothing maps back.
Shapes are kept: an IPv4 stays an IPv4 (in 10.0.0.0/8), an IPv6 an IPv6 (in fd00::/8), a hostname keeps its number
of labels and top-level domain, an e-mail stays an e-mail, a repository URL keeps its scheme and host.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from typing import Any

from .model import Asset, Finding

_IPV4 = re.compile(r"(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_REPO_URL = re.compile(r"^(?P<scheme>[a-z+]+://|git@)(?P<host>[^/:]+)(?P<sep>[/:])(?P<path>.+?)(?P<suffix>\.git)?/?$")

#: Asset attributes and how to pseudonymise them.
_ATTRIBUTE_KINDS = {
    "ip": "ip",
    "hostname": "host",
    "fqdn": "host",
    "netbios": "host",
    "macAddress": "mac",
    "repository": "repo",
    "providerAccountId": "account",
    "providerAccountName": "account",
}


class Anonymizer:
    def __init__(self, key: bytes) -> None:
        if not key:
            raise ValueError("an anonymization key is required")
        self._key = key
        self._done: set[int] = set()
        #: original -> pseudonym for hostnames seen in assets, replaced in free text too
        self._names: dict[str, str] = {}

    def _digest(self, kind: str, value: str) -> bytes:
        return hmac.new(self._key, f"{kind}\x00{value}".encode(), hashlib.sha256).digest()

    # --- values ----------------------------------------------------------------------------------------------
    def ip(self, value: str) -> str:
        try:
            addr = ipaddress.ip_address(value.strip())
        except ValueError:
            return self.host(value)
        d = self._digest("ip", str(addr))
        if addr.version == 4:
            return f"10.{d[0]}.{d[1]}.{max(1, d[2])}"
        return str(ipaddress.IPv6Address(b"\xfd" + d[:15]))

    def host(self, value: str) -> str:
        value = value.strip()
        if not value:
            return value
        if _IPV4.fullmatch(value):
            return self.ip(value)
        labels = value.rstrip(".").split(".")
        out = [f"h{self._digest('label', label.lower()).hex()[:8]}" for label in labels[:-1]] if len(labels) > 1 else []
        if len(labels) == 1:
            out = [f"host-{self._digest('host', value.lower()).hex()[:10]}"]
        else:
            out.append(labels[-1].lower())  # the top-level domain says nothing about the owner
        pseudonym = ".".join(out)
        self._names[value] = pseudonym
        return pseudonym

    def email(self, value: str) -> str:
        local, _, domain = value.partition("@")
        return f"user-{self._digest('email', local.lower()).hex()[:8]}@{self.host(domain)}"

    def user(self, value: str) -> str:
        return f"user-{self._digest('user', value.lower()).hex()[:8]}"

    def mac(self, value: str) -> str:
        d = self._digest("mac", value.lower())
        return ":".join(f"{b:02x}" for b in (b"\x02" + d[:5]))  # locally administered

    def account(self, value: str) -> str:
        digits = str(int.from_bytes(self._digest("account", value)[:8], "big"))[:12].rjust(12, "0")
        return re.sub(r"\d{12}", digits, value) if re.search(r"\d{12}", value) else f"account-{digits}"

    def repo(self, value: str) -> str:
        m = _REPO_URL.match(value.strip())
        if not m:
            return "/".join(f"r{self._digest('path', p).hex()[:8]}" if p else p for p in value.split("/"))
        path = "/".join(f"r{self._digest('path', p).hex()[:8]}" for p in m.group("path").split("/"))
        return f"{m.group('scheme')}{m.group('host')}{m.group('sep')}{path}{m.group('suffix') or ''}"

    def text(self, value: str) -> str:
        """Replace IPs, e-mail addresses and the hostnames already seen in assets inside free text."""
        value = _EMAIL.sub(lambda m: self.email(m.group(0)), value)
        value = _IPV4.sub(lambda m: self.ip(m.group(0)), value)
        for original, pseudonym in self._names.items():
            if len(original) > 3 and original in value:
                value = value.replace(original, pseudonym)
        return value

    def _any(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self._any(v) for v in value]
        if isinstance(value, dict):
            return {k: self._any(v) for k, v in value.items()}
        return value

    # --- model -----------------------------------------------------------------------------------------------
    def asset(self, asset: Asset) -> Asset:
        """Pseudonymise an asset's identifying attributes in place (once per asset object)."""
        if id(asset) in self._done:
            return asset
        self._done.add(id(asset))
        attrs = {}
        for k, v in asset.attributes.items():
            kind = _ATTRIBUTE_KINDS.get(k)
            attrs[k] = getattr(self, kind)(v) if kind else self.text(v)
        asset.attributes = attrs
        return asset

    def finding(self, f: Finding) -> Finding:
        self.asset(f.asset)
        f.name = self.text(f.name)
        f.description = self.text(f.description)
        f.remedy = self.text(f.remedy)
        if f.location:
            f.location = self.text(f.location)
        if f.details:
            f.details = self._any(f.details)
        return f
