"""FakePhoenix is strict: bad bodies and bad auth get the answers a strict server gives."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from scanner_operator.phoenix import PhoenixClient
from scanner_operator.testing.fake_phoenix import FakePhoenix

GOOD: dict[str, Any] = {
    "importType": "new",
    "assessment": {"assetType": "CODE", "name": "strict"},
    "assets": [
        {
            "attributes": {"scannerSource": "app.jar"},
            "findings": [{"name": "n", "description": "d", "remedy": "r", "severity": "10.0", "location": "a.py:1"}],
        }
    ],
}


def _set(path: str, value: Any) -> dict[str, Any]:
    body = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    node: Any = body
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value
    return body


_DELETE = object()
F = "assets.0.findings.0"

BAD = {
    "import type": _set("importType", "replace"),
    "asset type": _set("assessment.assetType", "SERVER"),
    "no assessment name": _set("assessment.name", ""),
    "missing required attribute": _set("assets.0.attributes", {"repository": "x"}),
    "severity 0": _set(f"{F}.severity", "0.5"),
    "severity 11": _set(f"{F}.severity", 11),
    "severity word": _set(f"{F}.severity", "high"),
    "empty description": _set(f"{F}.description", ""),
    "blank remedy": _set(f"{F}.remedy", "   "),
    "no location for CODE": _set(f"{F}.location", _DELETE),
    "empty publishedDateTime": _set(f"{F}.publishedDateTime", ""),
    "empty referenceIds": _set(f"{F}.referenceIds", []),
    "bad cwe": _set(f"{F}.cwes", ["79"]),
    "legacy cve key": _set(f"{F}.cve", "CVE-2024-1"),
    "null value": _set(f"{F}.details", {"x": None}),
    "tag without value": _set("assets.0.tags", [{"key": "k", "value": ""}]),
}


@pytest.fixture
def client(fake: FakePhoenix) -> PhoenixClient:
    return PhoenixClient(fake.url, fake.client_id, fake.client_secret)


def post(
    fake: FakePhoenix, client: PhoenixClient, body: bytes, content_type: str = "application/json"
) -> httpx.Response:
    return httpx.post(
        fake.url + "/v1/import/assets",
        content=body,
        headers={"Authorization": f"Bearer {client.token()}", "Content-Type": content_type},
    )


def test_good_body_accepted_in_every_success_form(fake: FakePhoenix, client: PhoenixClient) -> None:
    statuses = {post(fake, client, json.dumps(GOOD).encode()).status_code for _ in range(4)}
    assert statuses == {200, 201}
    assert fake.accepted_imports == 4 and fake.replayed_imports == 3


def test_numeric_severity_accepted(fake: FakePhoenix, client: PhoenixClient) -> None:
    assert post(fake, client, json.dumps(_set(f"{F}.severity", 7.5)).encode()).status_code < 300


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_bodies_get_400_with_a_message(fake: FakePhoenix, client: PhoenixClient, case: str) -> None:
    resp = post(fake, client, json.dumps(BAD[case]).encode())
    assert resp.status_code == 400, case
    assert resp.json()["error"]
    assert fake.accepted_imports == 0


def test_not_json_and_wrong_content_type(fake: FakePhoenix, client: PhoenixClient) -> None:
    assert post(fake, client, b"{nope").status_code == 400
    assert post(fake, client, json.dumps(GOOD).encode(), "text/plain").status_code == 400


def test_auth_rules(fake: FakePhoenix) -> None:
    assert httpx.get(fake.url + "/v1/auth/access_token").status_code == 401
    assert httpx.get(fake.url + "/v1/auth/access_token", auth=(fake.client_id, "wrong")).status_code == 401
    ok = httpx.get(fake.url + "/v1/auth/access_token", auth=(fake.client_id, fake.client_secret))
    assert ok.status_code == 200 and ok.json()["token"] and ok.json()["expiry"] > 0
    resp = httpx.post(fake.url + "/v1/import/assets", content=json.dumps(GOOD), headers={"Authorization": "Bearer x"})
    assert resp.status_code == 401


def test_fail_ratio_answers_about_that_fraction(fake: FakePhoenix) -> None:
    fake.set_fail_ratio(0.3, seed=1)
    codes = [
        httpx.get(fake.url + "/v1/auth/access_token", auth=(fake.client_id, fake.client_secret)).status_code
        for _ in range(200)
    ]
    refused = sum(1 for c in codes if c in (429, 503))
    assert 40 <= refused <= 80
    assert set(codes) <= {200, 429, 503}


def test_standalone_prints_url_and_credentials_then_serves(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "scanner_operator.testing.fake_phoenix", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        resp = httpx.get(info["url"] + "/v1/auth/access_token", auth=(info["clientId"], info["clientSecret"]))
        assert resp.status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0
