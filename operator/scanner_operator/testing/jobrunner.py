"""A local stand-in for the Job controller and the kubelet, for the local API server (which runs no Pods).

It watches Jobs labelled `app.kubernetes.io/managed-by=phoenix-scanner-operator`, runs each Job's container
command once as a local process — `phoenix-scanner ...` becomes this virtualenv's console script — with

  * the container's env, resolving `valueFrom.secretKeyRef` / `configMapKeyRef` / `fieldRef` by reading the
    objects (a missing non-optional reference fails the Job, as CreateContainerConfigError would block a Pod);
  * the mounted ConfigMaps and Secrets materialised into a temporary directory: mounts under the worker's
    mount root (/var/run/phoenix-scanner) land under PHOENIX_SCANNER_MOUNT_ROOT, which the worker honours;
    an emptyDir at /tmp becomes TMPDIR;
  * KUBECONFIG of the local cluster, so the worker patches the ScanImport's status through the API server;

then writes the Job's status as the Job controller would: `active`/`startTime` when it starts, and
`succeeded` + `Complete` or `failed` + `Failed` (the message carries "exited with code N") when it ends, or
`Failed/DeadlineExceeded` after `activeDeadlineSeconds`. At most `max_parallel` processes run at once.
"""

from __future__ import annotations

import base64
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..jobs import MANAGED_BY, MANAGED_BY_LABEL
from ..kube import Kube, KubeError
from ..sources.base import DEFAULT_MOUNT_ROOT, MOUNT_ROOT_ENV

log = logging.getLogger(__name__)

SELECTOR = f"{MANAGED_BY_LABEL}={MANAGED_BY}"


class ContainerConfigError(Exception):
    """A reference of the Pod spec cannot be resolved (the kubelet would not start the container)."""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _is_finished(job: dict[str, Any]) -> bool:
    return any(
        c.get("type") in ("Complete", "Failed") and c.get("status") == "True"
        for c in (job.get("status") or {}).get("conditions") or []
    )


@dataclass
class RunRecord:
    namespace: str
    name: str
    exit_code: int | None = None
    output: deque[str] = field(default_factory=lambda: deque(maxlen=200))


class LocalJobRunner:
    def __init__(
        self,
        kube: Kube,
        kubeconfig: Path,
        *,
        executable: Path | None = None,
        max_parallel: int = 4,
        extra_env: dict[str, str] | None = None,
        poll_interval: float = 0.5,
        command_override: list[str] | None = None,
    ) -> None:
        self.kube = kube
        self.kubeconfig = kubeconfig
        self.executable = executable or default_executable()
        self.max_parallel = max_parallel
        self.extra_env = dict(extra_env or {})
        self.poll_interval = poll_interval
        # Benchmarks of the operator alone run a trivial command instead of the worker.
        self.command_override = command_override
        self.records: dict[str, RunRecord] = {}  # by Job uid
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=max_parallel, thread_name_prefix="jobrunner")
        self._procs: dict[str, subprocess.Popen[bytes]] = {}
        self._thread: threading.Thread | None = None
        self._workdir = Path(tempfile.mkdtemp(prefix="phoenix-jobrunner-"))

    # --- lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> LocalJobRunner:
        self._thread = threading.Thread(target=self._loop, name="jobrunner-watch", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        with self._lock:
            procs = list(self._procs.values())
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self._workdir, ignore_errors=True)

    def __enter__(self) -> LocalJobRunner:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def started_count(self) -> int:
        with self._lock:
            return len(self._seen)

    # --- discovery -------------------------------------------------------------------------------------------
    def _loop(self) -> None:
        """List our Jobs, then follow a watch from that resourceVersion; re-list when the watch ends."""
        while not self._stop.is_set():
            try:
                listing = self.kube.request("GET", "/apis/batch/v1/jobs", query={"labelSelector": SELECTOR}) or {}
                for job in listing.get("items") or []:
                    self._consider(job)
                version = (listing.get("metadata") or {}).get("resourceVersion", "")
                self._watch(version)
            except Exception as exc:  # keep running whatever the API server does; tests see the effects
                if not self._stop.is_set():
                    log.warning("job runner: %s", exc)
                    self._stop.wait(self.poll_interval)

    def _watch(self, resource_version: str) -> None:
        import json

        api = self.kube.api
        path = (
            f"/apis/batch/v1/jobs?watch=1&allowWatchBookmarks=false&timeoutSeconds=5"
            f"&labelSelector={quote(SELECTOR)}&resourceVersion={quote(resource_version)}"
        )
        method, url, headers, _, _ = api.param_serialize(
            method="GET",
            resource_path=path,
            header_params={"Accept": "application/json"},
            auth_settings=["BearerToken"],
        )
        response = api.rest_client.pool_manager.request(method, url, headers=headers, preload_content=False, timeout=15)
        try:
            buffer = b""
            for chunk in response.stream(65536):
                if self._stop.is_set():
                    return
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if not line.strip():
                        continue
                    event = json.loads(line)
                    if event.get("type") == "ERROR":
                        return  # e.g. 410 Gone: re-list
                    if event.get("type") in ("ADDED", "MODIFIED"):
                        self._consider(event["object"])
                    elif event.get("type") == "DELETED":
                        self._kill(event["object"]["metadata"]["uid"])
        finally:
            response.release_conn()

    def _consider(self, job: dict[str, Any]) -> None:
        uid = job["metadata"]["uid"]
        with self._lock:
            if uid in self._seen or _is_finished(job) or (job.get("status") or {}).get("startTime"):
                self._seen.add(uid)
                return
            self._seen.add(uid)
        self._pool.submit(self._run_safely, job)

    def _kill(self, uid: str) -> None:
        """A deleted Job's Pod is killed (the kubelet would stop it, after its grace period)."""
        with self._lock:
            proc = self._procs.get(uid)
        if proc is not None and proc.poll() is None:
            proc.terminate()

    # --- one Job ---------------------------------------------------------------------------------------------
    def _run_safely(self, job: dict[str, Any]) -> None:
        meta = job["metadata"]
        try:
            self._run(job)
        except Exception:
            log.exception("job runner failed on %s/%s", meta["namespace"], meta["name"])

    def _run(self, job: dict[str, Any]) -> None:
        meta = job["metadata"]
        namespace, name, uid = meta["namespace"], meta["name"], meta["uid"]
        record = RunRecord(namespace, name)
        with self._lock:
            self.records[uid] = record
        if self._stop.is_set():
            return
        started = _now()
        self._patch_status(namespace, name, {"active": 1, "startTime": started})
        pod = job["spec"]["template"]["spec"]
        container = pod["containers"][0]
        sandbox = Path(tempfile.mkdtemp(prefix=f"{name[:40]}-", dir=self._workdir))
        try:
            try:
                env = self._environment(namespace, name, pod, container, sandbox)
            except ContainerConfigError as exc:
                record.exit_code = None
                self._finish(
                    namespace, name, started, failed=True, reason="CreateContainerConfigError", message=str(exc)
                )
                return
            argv = [*container.get("command", []), *container.get("args", [])]
            if self.command_override is not None:
                argv = list(self.command_override)
            elif argv and argv[0] == "phoenix-scanner":
                argv[0] = str(self.executable)
            deadline = job["spec"].get("activeDeadlineSeconds")
            code, timed_out = self._execute(uid, argv, env, cwd=sandbox, record=record, deadline=deadline)
            record.exit_code = code
            if timed_out:
                self._finish(
                    namespace,
                    name,
                    started,
                    failed=True,
                    reason="DeadlineExceeded",
                    message="Job was active longer than specified deadline",
                )
            elif code == 0:
                self._finish(namespace, name, started, failed=False)
            elif (rule := _fail_job_rule(job, container.get("name", ""), code)) is not None:
                # As the Job controller words it (pkg/controller/job/pod_failure_policy.go).
                self._finish(
                    namespace,
                    name,
                    started,
                    failed=True,
                    reason="PodFailurePolicy",
                    message=f"Container {container.get('name', '')} for pod {namespace}/{name}-local failed with "
                    f"exit code {code} matching FailJob rule at index {rule}",
                )
            else:
                self._finish(
                    namespace,
                    name,
                    started,
                    failed=True,
                    reason="BackoffLimitExceeded",
                    message=f"Job has reached the specified backoff limit: container "
                    f"{container.get('name', 'worker')} exited with code {code}",
                )
        finally:
            shutil.rmtree(sandbox, ignore_errors=True)

    def _execute(
        self,
        uid: str,
        argv: list[str],
        env: dict[str, str],
        *,
        cwd: Path,
        record: RunRecord,
        deadline: int | None,
    ) -> tuple[int, bool]:
        proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        with self._lock:
            self._procs[uid] = proc
        timer_fired = threading.Event()

        def expire() -> None:
            timer_fired.set()
            proc.kill()

        timer = threading.Timer(float(deadline), expire) if deadline else None
        if timer is not None:
            timer.start()
        try:
            assert proc.stdout is not None
            for raw in proc.stdout:
                record.output.append(raw.decode(errors="replace").rstrip())
            code = proc.wait()
        finally:
            if timer is not None:
                timer.cancel()
            with self._lock:
                self._procs.pop(uid, None)
        return code, timer_fired.is_set()

    def _finish(
        self, namespace: str, name: str, started: str, *, failed: bool, reason: str = "", message: str = ""
    ) -> None:
        if self._stop.is_set():
            return  # the runner is going away: like a node that vanished, it reports nothing
        now = _now()
        if failed:
            condition = {
                "type": "Failed",
                "status": "True",
                "reason": reason,
                "message": message,
                "lastProbeTime": now,
                "lastTransitionTime": now,
            }
            status = {"active": None, "failed": 1, "startTime": started, "conditions": [condition]}
        else:
            condition = {"type": "Complete", "status": "True", "lastProbeTime": now, "lastTransitionTime": now}
            status = {
                "active": None,
                "succeeded": 1,
                "startTime": started,
                "completionTime": now,
                "conditions": [condition],
            }
        self._patch_status(namespace, name, status)

    def _patch_status(self, namespace: str, name: str, status: dict[str, Any]) -> None:
        path = f"/apis/batch/v1/namespaces/{quote(namespace)}/jobs/{quote(name)}/status"
        for attempt in range(5):
            try:
                self.kube.request("PATCH", path, {"status": status}, content_type="application/merge-patch+json")
                return
            except KubeError as exc:
                if attempt == 4 or exc.status < 500:
                    raise
                time.sleep(0.2 * (attempt + 1))

    # --- the container's environment and mounts --------------------------------------------------------------
    def _environment(
        self, namespace: str, job_name: str, pod: dict[str, Any], container: dict[str, Any], sandbox: Path
    ) -> dict[str, str]:
        env: dict[str, str] = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(sandbox),
            "KUBECONFIG": str(self.kubeconfig),
            "LANG": "C.UTF-8",
        }
        for var in container.get("env") or []:
            value = self._env_value(namespace, job_name, var)
            if value is not None:
                env[var["name"]] = value
        mount_root = sandbox / "mounts"
        env[MOUNT_ROOT_ENV] = str(mount_root)
        volumes = {v["name"]: v for v in pod.get("volumes") or []}
        for mount in container.get("volumeMounts") or []:
            volume = volumes.get(mount["name"])
            if volume is None:
                raise ContainerConfigError(f"volume {mount['name']} is mounted but not defined")
            path = mount["mountPath"]
            if path == "/tmp":  # noqa: S108 - the Pod's emptyDir for /tmp
                tmp = sandbox / "tmp"
                tmp.mkdir()
                env["TMPDIR"] = str(tmp)
                continue
            if not path.startswith(DEFAULT_MOUNT_ROOT):
                raise ContainerConfigError(f"the local job runner cannot mount at {path}")
            target = mount_root / path[len(DEFAULT_MOUNT_ROOT) :].lstrip("/")
            self._materialise(namespace, volume, target)
        env.update(self.extra_env)
        return env

    def _env_value(self, namespace: str, job_name: str, var: dict[str, Any]) -> str | None:
        if "value" in var:
            return str(var["value"])
        source = var.get("valueFrom") or {}
        if "secretKeyRef" in source:
            ref = source["secretKeyRef"]
            data = self._object_data(namespace, "secrets", ref["name"])
            return self._pick(data, ref, "Secret", decode=True)
        if "configMapKeyRef" in source:
            ref = source["configMapKeyRef"]
            data = self._object_data(namespace, "configmaps", ref["name"])
            return self._pick(data, ref, "ConfigMap", decode=False)
        if "fieldRef" in source:
            path = source["fieldRef"].get("fieldPath")
            return {"metadata.namespace": namespace, "metadata.name": f"{job_name}-local"}.get(path, "")
        return ""

    @staticmethod
    def _pick(data: dict[str, str] | None, ref: dict[str, Any], kind: str, *, decode: bool) -> str | None:
        optional = bool(ref.get("optional"))
        if data is None:
            if optional:
                return None
            raise ContainerConfigError(f'{kind.lower()} "{ref["name"]}" not found')
        if ref["key"] not in data:
            if optional:
                return None
            raise ContainerConfigError(f"couldn't find key {ref['key']} in {kind} {ref['name']}")
        raw = data[ref["key"]]
        return base64.b64decode(raw).decode() if decode else raw

    def _object_data(self, namespace: str, plural: str, name: str) -> dict[str, str] | None:
        obj = self.kube.request("GET", f"/api/v1/namespaces/{quote(namespace)}/{plural}/{quote(name)}")
        if obj is None:
            return None
        data = dict(obj.get("data") or {})
        if plural == "configmaps":
            # binaryData is base64 like a Secret's data; keep text data as is.
            for key, value in (obj.get("binaryData") or {}).items():
                data[key] = base64.b64decode(value).decode("latin-1")
        return data

    def _materialise(self, namespace: str, volume: dict[str, Any], target: Path) -> None:
        target.mkdir(parents=True, exist_ok=True)
        if "emptyDir" in volume:
            return
        if "configMap" in volume:
            spec, plural, decode = volume["configMap"], "configmaps", False
            name = spec["name"]
        elif "secret" in volume:
            spec, plural, decode = volume["secret"], "secrets", True
            name = spec["secretName"]
        else:
            raise ContainerConfigError(f"the local job runner cannot provide volume {volume.get('name')}")
        data = self._object_data(namespace, plural, name)
        if data is None:
            if spec.get("optional"):
                return
            raise ContainerConfigError(f"{plural[:-1]} {name} not found")
        items = spec.get("items") or [{"key": k, "path": k} for k in data]
        for item in items:
            if item["key"] not in data:
                if spec.get("optional"):
                    continue
                raise ContainerConfigError(f"key {item['key']} not found in {plural[:-1]} {name}")
            raw = data[item["key"]]
            content = base64.b64decode(raw) if decode else raw.encode()
            path = target / item["path"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            path.chmod(0o440)


def _fail_job_rule(job: dict[str, Any], container: str, code: int) -> int | None:
    """Index of the first podFailurePolicy rule that matches this exit code, when its action is FailJob.

    Only what the API server kept is seen: servers before 1.26 drop spec.podFailurePolicy on create.
    """
    rules = ((job.get("spec") or {}).get("podFailurePolicy") or {}).get("rules") or []
    for index, rule in enumerate(rules):
        on_codes = rule.get("onExitCodes")
        if not on_codes or on_codes.get("containerName") not in (None, container):
            continue
        values = set(on_codes.get("values") or [])
        matched = code in values if on_codes.get("operator") == "In" else code not in values
        if matched:
            return index if rule.get("action") == "FailJob" else None
    return None


def default_executable() -> Path:
    """This virtualenv's `phoenix-scanner` console script (the image's entry point in a real cluster)."""
    import sys

    candidate = Path(sys.executable).parent / "phoenix-scanner"
    if candidate.exists():
        return candidate
    found = shutil.which("phoenix-scanner")
    if found is None:
        raise FileNotFoundError("phoenix-scanner is not installed in this environment")
    return Path(found)
