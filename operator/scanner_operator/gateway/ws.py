"""`WS /ws/{job_id}`: the job's log lines, progress, and finally `complete` or `error`, driven by the hub's watch.

On connect the client gets what is known already (recent log lines, the current progress, and the end when the
job is over); then one message batch per change of the ScanImport, a `heartbeat` when nothing happened for a
while, and the socket is closed after `complete` or `error`.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from .hub import JobHub
from .jobs_view import TERMINAL, job_status, message, ws_messages

CLOSE_NOT_FOUND = 4404
CLOSE_UNAUTHORIZED = 4401


def _ends(messages: list[dict[str, Any]]) -> bool:
    return any(m["type"] in ("complete", "error") for m in messages)


async def stream_job(websocket: WebSocket, hub: JobHub, obj: dict[str, Any], heartbeat: float) -> None:
    """Serve one accepted WebSocket for the job `obj` until it ends or the client leaves."""
    meta = obj["metadata"]
    namespace, job_id = meta["namespace"], meta["name"]
    queue = hub.subscribe(namespace, job_id)
    try:
        current = hub.get(namespace, job_id) or obj
        first = ws_messages(None, current)
        for m in first:
            await websocket.send_json(m)
        if _ends(first) or job_status(current) in TERMINAL:
            return
        last = current
        while True:
            try:
                kind, _before, after = await asyncio.wait_for(queue.get(), timeout=heartbeat)
            except TimeoutError:
                await websocket.send_json(message("heartbeat", job_id))
                continue
            if kind == "DELETED":
                await websocket.send_json(
                    message("error", job_id, {"status": "cancelled", "error_message": "The job was deleted."})
                )
                return
            batch = ws_messages(last, after)
            last = after
            for m in batch:
                await websocket.send_json(m)
            if _ends(batch):
                return
    except WebSocketDisconnect:
        return
    finally:
        hub.unsubscribe(namespace, job_id, queue)
        with contextlib.suppress(RuntimeError):  # already closed by the client
            await websocket.close()
