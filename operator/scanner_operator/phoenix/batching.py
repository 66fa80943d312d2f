"""Streaming batcher: findings go in one at a time (already serialized), import bodies come out as they fill.

Bounded by asset count and body bytes per request. Memory holds at most one open batch per asset type (a request
carries one asset type). The safety rule for `new`/`merge` (docs/phoenix-import.md):

* A report that fits in one request is sent as one request with the requested import type - the documented
  semantics, nothing else.
* A report that needs several requests (too big, or several asset types) is sent with every request as `delta`.
  Under `new`/`merge` each request claims to be the whole assessment, so request k could close what request k-1
  of the same report just delivered; `delta` never closes anything. The cost: findings fixed since the previous
  run stay open; the result says `strategy="split-delta"` and carries a warning.

Because every split request is `delta`, one asset's findings may safely spread over several requests, which is
what lets the batcher flush as it fills instead of holding a whole asset (possibly a million findings) in memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson

_FINDINGS_OPEN = b'"findings":['
_FINDINGS_CLOSE = b"]}"


@dataclass(frozen=True, slots=True)
class BatchInfo:
    index: int  # 1-based
    asset_type: str
    import_type: str
    assets: int
    findings: int
    size: int
    sha256: str


@dataclass(slots=True)
class _AssetSlot:
    head: bytes  # serialized asset without its closing brace: {"attributes":{...},"tags":[...]
    findings: list[bytes] = field(default_factory=list)


@dataclass(slots=True)
class _OpenBatch:
    asset_type: str
    slots: dict[int, _AssetSlot] = field(default_factory=dict)
    size: int = 0
    findings: int = 0


Sender = Callable[[bytes, BatchInfo], None]


class Batcher:
    def __init__(
        self,
        *,
        import_type: str,
        assessment_name: str,
        asset_sub_types: dict[str, str] | None = None,
        max_assets: int,
        max_bytes: int,
        send: Sender,
    ) -> None:
        self.requested_import_type = import_type
        self._assessment_name = assessment_name
        self._sub_types = asset_sub_types or {}
        self._max_assets = max_assets
        self._max_bytes = max_bytes
        self._send = send
        self._open: dict[str, _OpenBatch] = {}
        self.split = False
        self.batches_sent = 0
        self.oversize_findings = 0
        # the envelope with the longest import type, so the size bound holds whatever type is finally chosen
        self._envelope = max(len(self._prefix("merge", t)) for t in ("REPOSITORY", "CONTAINER")) + 2

    # -- body assembly ---------------------------------------------------------------------------------------
    def _prefix(self, import_type: str, asset_type: str) -> bytes:
        assessment: dict[str, str] = {"assetType": asset_type, "name": self._assessment_name}
        sub_type = self._sub_types.get(asset_type)
        if sub_type:
            assessment["assetSubType"] = sub_type
        head = orjson.dumps({"importType": import_type, "assessment": assessment})
        return head[:-1] + b',"assets":['

    @staticmethod
    def asset_head(asset: dict[str, object]) -> bytes:
        """Serialized asset (attributes, tags) without the closing brace, ready for its findings."""
        return orjson.dumps(asset)[:-1]

    @staticmethod
    def _asset_cost(head: bytes) -> int:
        # head + ,"findings":[ + ]} + separating comma
        return len(head) + 1 + len(_FINDINGS_OPEN) + len(_FINDINGS_CLOSE) + 1

    def _body(self, batch: _OpenBatch, import_type: str) -> bytes:
        parts = [self._prefix(import_type, batch.asset_type)]
        first = True
        for slot in batch.slots.values():
            if not first:
                parts.append(b",")
            first = False
            parts.append(slot.head)
            if slot.findings:
                parts.append(b"," + _FINDINGS_OPEN)
                parts.append(b",".join(slot.findings))
                parts.append(_FINDINGS_CLOSE)
            else:
                parts.append(b"}")
        parts.append(b"]}")
        return b"".join(parts)

    # -- feeding ---------------------------------------------------------------------------------------------
    def add(self, asset_type: str, asset_id: int, head: Callable[[], bytes], finding: bytes | None) -> None:
        """Add one finding (or, with finding=None, a finding-less asset) of the asset `asset_id`.

        `head` is called only when the asset is new in the open batch.
        """
        batch = self._open.get(asset_type)
        if batch is None:
            batch = self._open[asset_type] = _OpenBatch(asset_type, size=self._envelope)
        slot = batch.slots.get(asset_id)
        extra = len(finding) + 1 if finding is not None else 0
        new_head = b""
        if slot is None:
            new_head = head()
            extra += self._asset_cost(new_head)
            too_many = len(batch.slots) + 1 > self._max_assets
        else:
            too_many = False
        if batch.slots and (too_many or batch.size + extra > self._max_bytes):
            self.split = True  # the report does not fit in one request: every request becomes delta
            self._flush(batch)
            batch = self._open[asset_type] = _OpenBatch(asset_type, size=self._envelope)
            slot = None
            if not new_head:
                new_head = head()
                extra += self._asset_cost(new_head)
        if slot is None:
            slot = batch.slots[asset_id] = _AssetSlot(new_head)
        if batch.size + extra > self._max_bytes:
            self.oversize_findings += 1  # alone in its request and still over the bound: sent anyway
        batch.size += extra
        if finding is not None:
            slot.findings.append(finding)
            batch.findings += 1

    def finish(self) -> None:
        """Send what is still open. Decides the single-request case: one open batch and nothing sent before."""
        pending = [b for b in self._open.values() if b.slots]
        if len(pending) > 1:
            self.split = True
        for batch in pending:
            self._flush(batch)
        self._open.clear()

    @property
    def effective_import_type(self) -> str:
        return "delta" if self.split else self.requested_import_type

    def _flush(self, batch: _OpenBatch) -> None:
        import_type = self.effective_import_type
        body = self._body(batch, import_type)
        self.batches_sent += 1
        info = BatchInfo(
            index=self.batches_sent,
            asset_type=batch.asset_type,
            import_type=import_type,
            assets=len(batch.slots),
            findings=batch.findings,
            size=len(body),
            sha256=hashlib.sha256(body).hexdigest(),
        )
        batch.slots.clear()
        self._send(body, info)
