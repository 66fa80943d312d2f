"""The FastAPI app: thin handlers over `form`, `storage`, `cluster`, `jobs_view`, `hub` and `ws`."""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import anyio.to_thread
import httpx
from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, WebSocket
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from .. import __version__
from ..kube import GATEWAY_FIELD_MANAGER, Kube, KubeError
from . import page
from .auth import HEADER, ApiKey, KeyStore
from .cluster import GatewayCluster
from .config import GatewayConfig
from .form import FormError, owned_secrets, parse_form, scanimport_spec
from .hub import JobHub
from .jobs_view import (
    CANCELLED_ANNOTATION,
    CREATED_ANNOTATION,
    FILENAME_ANNOTATION,
    JOB_ID,
    LOCATION_ANNOTATION,
    STATUSES,
    TERMINAL,
    job_status,
    job_view,
    list_view,
    queue_figures,
    utc_now,
)
from .storage import INTERNAL_PREFIX, LocalStore, ReportStore, StorageError, build_store
from .upload import UploadError, parse_upload, too_large
from .ws import CLOSE_NOT_FOUND, CLOSE_UNAUTHORIZED, stream_job

log = logging.getLogger(__name__)
T = TypeVar("T")

UPLOAD_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "The scanner report."},
                        "scanner_type": {"type": "string", "default": "auto", "description": "auto or a format id."},
                        "assessment_name": {"type": "string"},
                        "import_type": {"type": "string", "enum": ["new", "merge", "delta"], "default": "new"},
                        "asset_type": {"type": "string", "default": "auto"},
                        "fix_data": {"type": "boolean", "default": True},
                        "anonymize": {"type": "boolean", "default": False},
                        "webhook_url": {"type": "string", "format": "uri"},
                        "webhook_headers": {"type": "string", "description": "JSON object of HTTP headers."},
                        "phoenix_client_id": {"type": "string"},
                        "phoenix_client_secret": {"type": "string", "format": "password"},
                        "phoenix_api_url": {"type": "string", "format": "uri"},
                    },
                }
            }
        },
    },
    "responses": {
        "401": {"description": "No or wrong X-API-Key"},
        "400": {"description": "Invalid form field"},
        "413": {"description": "File larger than the upload limit"},
        "422": {"description": "No file"},
    },
}


async def _blocking(fn: Callable[..., T], *args: Any) -> T:
    return await anyio.to_thread.run_sync(fn, *args)


class Gateway:
    """What the handlers share."""

    def __init__(self, config: GatewayConfig, kube: Kube, store: ReportStore) -> None:
        self.config = config
        self.cluster = GatewayCluster(kube)
        self.store = store
        self.keys = KeyStore(
            lambda: self.cluster.secret_data(config.namespace, config.keys_secret), ttl=config.keys_cache_seconds
        )
        self.hub = JobHub(kube, on_deleted=self.cleanup)
        self.spool = Path(config.data_dir) / "spool"

    def cleanup(self, obj: dict[str, Any]) -> None:
        """After a job's ScanImport is gone: its Secrets, then its report (credentials go first, so a stored report
        that is gone means its Secrets are gone too)."""
        meta = obj.get("metadata") or {}
        with contextlib.suppress(KubeError):
            self.cluster.delete_owned(str(meta.get("namespace")), str(meta.get("name")))
        location = (meta.get("annotations") or {}).get(LOCATION_ANNOTATION)
        if location:
            with contextlib.suppress(StorageError):
                self.store.delete(location)

    async def operator_state(self) -> dict[str, Any]:
        url = self.config.operator_health_url
        if not url:
            return {"state": "unknown", "detail": "no operator health URL configured"}
        try:
            async with httpx.AsyncClient(timeout=2.0) as client:
                response = await client.get(url)
        except httpx.HTTPError as exc:
            return {"state": "unreachable", "detail": type(exc).__name__}
        return {"state": "running" if response.status_code == 200 else "unhealthy", "http_status": response.status_code}


async def require_key(request: Request, x_api_key: Annotated[str | None, Header(alias=HEADER)] = None) -> ApiKey:
    gw: Gateway = request.app.state.gateway
    if not x_api_key:
        raise HTTPException(401, "Missing API key: send it in the X-API-Key header.")
    key = await _blocking(gw.keys.authenticate, x_api_key)
    if key is None:
        raise HTTPException(401, "Invalid API key.")
    return key


Key = Annotated[ApiKey, Depends(require_key)]


def create_app(config: GatewayConfig, kube: Kube | None = None, store: ReportStore | None = None) -> FastAPI:
    gw = Gateway(config, kube or Kube(field_manager=GATEWAY_FIELD_MANAGER), store or build_store(config))

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        gw.spool.mkdir(parents=True, exist_ok=True)
        gw.hub.start()
        try:
            yield
        finally:
            await _blocking(gw.hub.stop)

    app = FastAPI(
        title="Phoenix Scanner Service API",
        version=__version__,
        description="Upload scanner reports for import into Phoenix Security. Each upload is a ScanImport "
        "handled by the Phoenix Scanner Operator.",
        lifespan=lifespan,
    )
    app.state.gateway = gw

    async def find_job(key: ApiKey, job_id: str) -> dict[str, Any]:
        obj = await _blocking(gw.cluster.get_job, key.namespace, job_id) if JOB_ID.match(job_id) else None
        if obj is None:
            raise HTTPException(404, f"Job {job_id[:64]} not found.")
        return obj

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse(page.render(__version__, config.max_upload_mb))

    @app.get("/api/v1/health")
    async def health(x_api_key: Annotated[str | None, Header(alias=HEADER)] = None) -> dict[str, Any]:
        key = await _blocking(gw.keys.authenticate, x_api_key) if x_api_key else None
        figures = queue_figures(gw.hub.objects(key.namespace if key else None))
        operator = await gw.operator_state()
        healthy = gw.hub.synced.is_set() and operator["state"] in ("running", "unknown")
        return {
            "status": "healthy" if healthy else "degraded",
            "version": __version__,
            "timestamp": utc_now(),
            "kubernetes": "connected" if gw.hub.synced.is_set() else "connecting",
            "operator": operator,
            "storage": gw.store.kind,
            "websocket_clients": gw.hub.subscriber_count,
            **figures,
        }

    @app.get("/api/v1/scanners")
    async def scanners() -> dict[str, Any]:
        from scan_parsers import all_formats

        formats = [{"id": f.id, "aliases": list(f.aliases), "scan_types": list(f.scan_types)} for f in all_formats()]
        return {"scanners": ["auto", *(f["id"] for f in formats)], "formats": formats}

    @app.post("/api/v1/upload", openapi_extra=UPLOAD_OPENAPI)
    async def upload(request: Request, key: Key) -> JSONResponse:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > config.max_upload_bytes + 1024 * 1024:
            raise HTTPException(413, too_large(config.max_upload_bytes).message)
        try:
            form = await parse_upload(
                request.headers.get("content-type"), request.stream(), gw.spool, config.max_upload_bytes
            )
        except UploadError as exc:
            raise HTTPException(exc.status, exc.message) from None
        try:
            if form.file is None:
                raise HTTPException(422, "No file: send the report in the multipart field `file`.")
            if form.file.size == 0:
                raise HTTPException(400, f"The file {form.file.filename} is empty.")
            try:
                req = parse_form(form.fields)
            except FormError as exc:
                raise HTTPException(400, str(exc)) from None
            default_secret = None if req.has_credentials else config.default_credentials_secret
            if default_secret and not await _blocking(gw.cluster.secret_exists, key.namespace, default_secret):
                raise HTTPException(
                    400,
                    "No Phoenix credentials in the form (phoenix_client_id, phoenix_client_secret) and the default "
                    f"credentials Secret {default_secret} does not exist in namespace {key.namespace}.",
                )
            job_id = "job-" + secrets.token_hex(8)
            filename, size = form.file.filename, form.file.size
            names_fetch = f"{job_id}-fetch"
            try:
                stored = await _blocking(gw.store.store, key.namespace, job_id, form.file, names_fetch)
            except StorageError as exc:
                raise HTTPException(503, str(exc)) from None
            form.file = None  # the store owns it now
            created_at = utc_now()
            annotations = {
                FILENAME_ANNOTATION: filename,
                CREATED_ANNOTATION: created_at,
                LOCATION_ANNOTATION: stored.location,
            }
            spec = scanimport_spec(req, stored.source, job_id, default_secret)
            try:
                obj = await _blocking(gw.cluster.create_scanimport, key.namespace, job_id, spec, annotations)
            except KubeError as exc:
                await _blocking(gw.store.delete, stored.location)
                log.warning("creating the ScanImport of %s failed: %s", job_id, exc)
                raise HTTPException(503, "The job could not be created; try again.") from None
            try:
                for name, data in owned_secrets(req, job_id, stored.fetch_secret_data).items():
                    await _blocking(gw.cluster.create_owned_secret, obj, name, data)
                updated = await _blocking(
                    gw.cluster.patch_scanimport, key.namespace, job_id, {"spec": {"suspend": False}}
                )
            except KubeError as exc:
                log.warning("setting up job %s failed: %s", job_id, exc)
                await _blocking(_undo, gw, obj)
                raise HTTPException(503, "The job could not be created; try again.") from None
            if updated is not None:
                gw.hub.apply("MODIFIED", updated)
            log.info("job %s: %s (%d bytes) from key %s", job_id, filename, size, key.id)
            base = config.public_url.rstrip("/") or str(request.base_url).rstrip("/")
            ws_base = "ws" + base[4:] if base.startswith("http") else base
            return JSONResponse(
                {
                    "job_id": job_id,
                    "status": "queued",
                    "message": "File uploaded successfully. Job queued for processing.",
                    "created_at": created_at,
                    "websocket_url": f"{ws_base}/ws/{job_id}",
                }
            )
        finally:
            form.discard()

    @app.get("/api/v1/jobs/{job_id}")
    async def get_job(job_id: str, key: Key) -> dict[str, Any]:
        return job_view(await find_job(key, job_id))

    @app.get("/api/v1/jobs")
    async def list_jobs(
        key: Key,
        status: Annotated[str | None, Query()] = None,
        page: Annotated[int, Query(ge=1)] = 1,
        page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> dict[str, Any]:
        if status is not None and status not in STATUSES:
            raise HTTPException(400, f"status must be one of {', '.join(STATUSES)}")
        objects = await _blocking(gw.cluster.list_jobs, key.namespace)
        return list_view(objects, status=status, page=page, page_size=page_size)

    @app.delete("/api/v1/jobs/{job_id}")
    async def delete_job(job_id: str, key: Key) -> dict[str, Any]:
        obj = await find_job(key, job_id)
        state = job_status(obj)
        location = (obj["metadata"].get("annotations") or {}).get(LOCATION_ANNOTATION)
        if state in TERMINAL:
            await _blocking(gw.cluster.delete_scanimport, key.namespace, job_id)
            await _blocking(gw.cleanup, obj)
            return {"job_id": job_id, "status": state, "message": "Job deleted, with its stored report."}
        patch = {"metadata": {"annotations": {CANCELLED_ANNOTATION: utc_now()}}, "spec": {"suspend": True}}
        updated = await _blocking(gw.cluster.patch_scanimport, key.namespace, job_id, patch)
        stopped = await _blocking(gw.cluster.delete_import_jobs, key.namespace, job_id)
        if location:
            with contextlib.suppress(StorageError):
                await _blocking(gw.store.delete, location)
        if updated is not None:
            gw.hub.apply("MODIFIED", updated)
        detail = " Its running import was stopped." if stopped else ""
        return {"job_id": job_id, "status": "cancelled", "message": f"Job cancelled.{detail}"}

    @app.websocket("/ws/{job_id}")
    async def websocket(websocket: WebSocket, job_id: str) -> None:
        presented = websocket.headers.get(HEADER) or websocket.query_params.get("api_key")
        key = await _blocking(gw.keys.authenticate, presented) if presented else None
        if (presented and key is None) or (config.ws_require_key and key is None):
            await websocket.close(code=CLOSE_UNAUTHORIZED)
            return
        obj: dict[str, Any] | None = None
        if JOB_ID.match(job_id):
            if key is not None:
                obj = gw.hub.get(key.namespace, job_id) or await _blocking(gw.cluster.get_job, key.namespace, job_id)
            else:
                obj = gw.hub.find(job_id)
        if obj is None:
            await websocket.close(code=CLOSE_NOT_FOUND)
            return
        await websocket.accept()
        await stream_job(websocket, gw.hub, obj, config.heartbeat_seconds)

    if isinstance(gw.store, LocalStore):
        local: LocalStore = gw.store

        @app.get(INTERNAL_PREFIX + "/{namespace}/{job_id}/{filename}", include_in_schema=False)
        async def internal_report(
            namespace: str,
            job_id: str,
            filename: str,
            authorization: Annotated[str | None, Header()] = None,
        ) -> FileResponse:
            if not local.verify(namespace, job_id, authorization):
                raise HTTPException(401, "This report URL needs its bearer token.")
            path = local.path(namespace, job_id, filename)
            if path is None:
                raise HTTPException(404, "No such report (the job was cancelled or deleted).")
            return FileResponse(path, media_type="application/octet-stream")

    return app


def _undo(gw: Gateway, obj: dict[str, Any]) -> None:
    meta = obj["metadata"]
    with contextlib.suppress(KubeError):
        gw.cluster.delete_scanimport(meta["namespace"], meta["name"])
    gw.cleanup(obj)
