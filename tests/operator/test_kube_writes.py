"""`Kube` names its field manager on every write and speaks server-side apply (no server: a stub transport)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from scanner_operator.kube import APPLY_PATCH, FIELD_MANAGER, GATEWAY_FIELD_MANAGER, Kube


class _Response:
    status = 200
    data = b"{}"

    def read(self) -> None:
        return None


class StubApi:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, str], Any]] = []

    def param_serialize(self, *, method: str, resource_path: str, header_params: dict[str, str], **_: Any) -> Any:
        return method, resource_path, header_params, None, None

    def call_api(self, method: str, url: str, *, header_params: dict[str, str], body: Any, **_: Any) -> _Response:
        self.calls.append((method, url, header_params, body))
        return _Response()


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_writes_carry_the_field_manager(method: str) -> None:
    api = StubApi()
    Kube(api).request(method, "/api/v1/namespaces/ns/configmaps", {"metadata": {"name": "x"}})
    assert query_of(api.calls[0][1]) == {"fieldManager": [FIELD_MANAGER]}


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_reads_and_deletes_do_not(method: str) -> None:
    api = StubApi()
    Kube(api).request(method, "/api/v1/namespaces/ns/configmaps/x", query={"labelSelector": "a=b"})
    assert query_of(api.calls[0][1]) == {"labelSelector": ["a=b"]}


def test_own_manager_and_an_explicit_one_win() -> None:
    api = StubApi()
    Kube(api, field_manager=GATEWAY_FIELD_MANAGER).request("POST", "/x")
    Kube(api).request("PATCH", "/y", {}, query={"fieldManager": "someone-else"})
    Kube(api, field_manager=None).request("POST", "/z")
    assert query_of(api.calls[0][1]) == {"fieldManager": [GATEWAY_FIELD_MANAGER]}
    assert query_of(api.calls[1][1]) == {"fieldManager": ["someone-else"]}
    assert query_of(api.calls[2][1]) == {}


def test_apply_is_a_server_side_apply_patch() -> None:
    api = StubApi()
    manifest = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"k": "v"}}
    Kube(api, field_manager="flux").apply("/api/v1/namespaces/ns/configmaps/x", manifest, force=True)
    Kube(api, field_manager="flux").apply("/api/v1/namespaces/ns/configmaps/x", manifest)
    (method, url, headers, body), (_, plain_url, _, _) = api.calls
    assert method == "PATCH" and headers["Content-Type"] == APPLY_PATCH
    assert query_of(url) == {"fieldManager": ["flux"], "force": ["true"]}
    assert query_of(plain_url) == {"fieldManager": ["flux"]}
    assert json.loads(json.dumps(body)) == manifest


def test_apply_needs_a_field_manager() -> None:
    with pytest.raises(ValueError, match="field manager"):
        Kube(StubApi(), field_manager=None).apply("/x", {})
