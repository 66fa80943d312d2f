"""A real local Kubernetes control plane: Debian's etcd plus kube-apiserver v1.20.2 built from Debian's sources
(hack/build-kube-apiserver.sh), on free 127.0.0.1 ports, with a static token and a kubeconfig.

It runs no controllers and no Pods: no garbage collection, no Job controller, no CEL. Used by the pytest session
fixture (tests/cluster.py), `make cluster-up` / `make cluster-down` and `make demo`.

    python -m scanner_operator.testing.localcluster up      # prints the kubeconfig path
    python -m scanner_operator.testing.localcluster down    # stops it by PID

`KUBE_VERSION` picks the API server (`BUILDS`); `1.20` is the only one this module can build so far.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CACHE_DIR = Path(os.environ.get("PHOENIX_SCANNER_CACHE", Path.home() / ".cache" / "phoenix-scanner"))
STATE_FILE = CACHE_DIR / "cluster" / "state.json"
REPO_ROOT = Path(__file__).resolve().parents[3]
START_TIMEOUT = 90.0


class ClusterError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class ApiServerBuild:
    """One local kube-apiserver: its KUBE_VERSION name, cached binary, build script and reported version."""

    name: str
    binary: str  # file name under CACHE_DIR/bin
    script: str  # under hack/
    git_version: str  # /version's gitVersion


BUILDS = {"1.20": ApiServerBuild("1.20", "kube-apiserver", "build-kube-apiserver.sh", "v1.20.2")}
DEFAULT_KUBE_VERSION = "1.20"
_NOT_YET = {
    "current": "a current kube-apiserver is built from the k8s.io/kubernetes Go module, and no build of it is "
    "part of this repository yet (it needs the Go module proxy)",
}


def kube_version(name: str | None = None) -> ApiServerBuild:
    """The build that `name` (default: $KUBE_VERSION, else DEFAULT_KUBE_VERSION) asks for."""
    name = (name if name is not None else os.environ.get("KUBE_VERSION", "")).strip() or DEFAULT_KUBE_VERSION
    if name in BUILDS:
        return BUILDS[name]
    if name in _NOT_YET:
        raise ClusterError(f"KUBE_VERSION={name} is not available: {_NOT_YET[name]}; use {', '.join(BUILDS)}")
    raise ClusterError(f"KUBE_VERSION={name!r} is unknown; use one of {', '.join(BUILDS)}")


def apiserver_binary(build: ApiServerBuild | None = None) -> Path:
    """The cached kube-apiserver of `build` (default: KUBE_VERSION's); built on first use (1.20: about 5-7 minutes
    on 2 cores)."""
    build = build or kube_version()
    binary = CACHE_DIR / "bin" / build.binary
    if not binary.exists():
        script = REPO_ROOT / "hack" / build.script
        if not script.exists():
            raise ClusterError(f"{binary} is missing and the build script {script} is not available")
        subprocess.run(["bash", str(script)], check=True, stdout=subprocess.DEVNULL)
    return binary


def kubectl_binary() -> Path:
    binary = CACHE_DIR / "bin" / "kubectl"
    if not binary.exists():
        script = REPO_ROOT / "hack" / "install-system-deps.sh"
        subprocess.run(["bash", str(script)], check=True, stdout=subprocess.DEVNULL)
    return binary


def _etcd_binary() -> str:
    etcd = shutil.which("etcd")
    if etcd is None:
        raise ClusterError("etcd is not installed (apt-get install etcd-server; `make test` does this)")
    return etcd


def _write_service_account_key(path: Path) -> None:
    # kube-apiserver 1.20 requires a service-account signing key even when nothing uses it.
    subprocess.run(["openssl", "genrsa", "-out", str(path), "2048"], check=True, capture_output=True)


@dataclass
class LocalCluster:
    workdir: Path
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    etcd_port: int = 0
    api_port: int = 0
    pids: dict[str, int] = field(default_factory=dict)
    #: Extra identities (user name -> groups) with their own tokens, e.g. a ServiceAccount's, for RBAC tests.
    users: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Record every request in an audit log (metadata level) at `audit_log`.
    audit: bool = False
    #: Which API server (a key of BUILDS); KUBE_VERSION's when unset.
    version: str | None = None
    _tokens: dict[str, str] = field(default_factory=dict, repr=False)
    _procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict, repr=False)

    @property
    def server(self) -> str:
        return f"https://127.0.0.1:{self.api_port}"

    @property
    def kubeconfig(self) -> Path:
        return self.workdir / "kubeconfig"

    # --- lifecycle -----------------------------------------------------------------------------------------
    def start(self) -> LocalCluster:
        self.workdir.mkdir(parents=True, exist_ok=True)
        build = kube_version(self.version)
        self.version = build.name
        apiserver = apiserver_binary(build)
        self.etcd_port, peer_port, self.api_port = free_port(), free_port(), free_port()
        etcd_dir = self.workdir / "etcd"
        self._spawn(
            "etcd",
            [
                _etcd_binary(),
                "--name",
                "local",
                "--data-dir",
                str(etcd_dir),
                "--listen-client-urls",
                f"http://127.0.0.1:{self.etcd_port}",
                "--advertise-client-urls",
                f"http://127.0.0.1:{self.etcd_port}",
                "--listen-peer-urls",
                f"http://127.0.0.1:{peer_port}",
                "--initial-advertise-peer-urls",
                f"http://127.0.0.1:{peer_port}",
                "--initial-cluster",
                f"local=http://127.0.0.1:{peer_port}",
                "--logger",
                "zap",
                "--log-level",
                "error",
                "--unsafe-no-fsync",
            ],
        )
        tokens = self.workdir / "tokens.csv"
        lines = [f'{self.token},admin,admin-uid,"system:masters"']
        for i, (user, groups) in enumerate(sorted(self.users.items())):
            self._tokens[user] = secrets.token_hex(16)
            lines.append(f'{self._tokens[user]},{user},uid-{i},"{",".join(groups)}"')
        tokens.write_text("\n".join(lines) + "\n")
        tokens.chmod(0o600)
        audit_flags: list[str] = []
        if self.audit:
            policy = self.workdir / "audit-policy.json"
            policy.write_text(
                json.dumps(
                    {
                        "apiVersion": "audit.k8s.io/v1",
                        "kind": "Policy",
                        "omitStages": ["RequestReceived"],
                        "rules": [{"level": "Metadata"}],
                    }
                )
            )
            audit_flags = [
                f"--audit-policy-file={policy}",
                f"--audit-log-path={self.audit_log}",
                "--audit-log-format=json",
            ]
        sa_key = self.workdir / "sa.key"
        _write_service_account_key(sa_key)
        self._spawn(
            "kube-apiserver",
            [
                str(apiserver),
                f"--etcd-servers=http://127.0.0.1:{self.etcd_port}",
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                f"--secure-port={self.api_port}",
                f"--cert-dir={self.workdir / 'certs'}",
                f"--token-auth-file={tokens}",
                "--authorization-mode=RBAC",
                "--service-cluster-ip-range=10.96.0.0/24",
                f"--service-account-key-file={sa_key}",
                f"--service-account-signing-key-file={sa_key}",
                "--service-account-issuer=https://kubernetes.default.svc",
                "--disable-admission-plugins=ServiceAccount",
                "--enable-priority-and-fairness=false",
                "--v=0",
                *audit_flags,
            ],
        )
        self._write_kubeconfig()
        self._wait_ready()
        return self

    @property
    def ca_file(self) -> Path:
        """The API server's self-generated serving certificate with its CA (valid for 127.0.0.1), written at start."""
        return self.workdir / "certs" / "apiserver.crt"

    @property
    def audit_log(self) -> Path:
        return self.workdir / "audit.log"

    def kubeconfig_for(self, user: str) -> Path:
        """A kubeconfig that authenticates as one of `users` (only what RBAC grants it)."""
        path = self.workdir / f"kubeconfig-{user.replace(':', '_')}"
        path.write_text(json.dumps(self._config(user, self._tokens[user]), indent=2))
        path.chmod(0o600)
        return path

    def audit_events(self, user: str) -> list[dict[str, Any]]:
        """The audit log's ResponseComplete events of one user."""
        events = []
        for line in self.audit_log.read_text().splitlines():
            event = json.loads(line)
            if event.get("user", {}).get("username") == user and event.get("stage") == "ResponseComplete":
                events.append(event)
        return events

    def _spawn(self, name: str, argv: list[str]) -> None:
        log = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115 - owned by the child process
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self._procs[name] = proc
        self.pids[name] = proc.pid

    def _wait_ready(self) -> None:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        deadline = time.monotonic() + START_TIMEOUT
        last = ""
        while time.monotonic() < deadline:
            for name, proc in self._procs.items():
                if proc.poll() is not None:
                    tail = (self.workdir / f"{name}.log").read_text(errors="replace")[-2000:]
                    self.stop()
                    raise ClusterError(f"{name} exited with {proc.returncode}:\n{tail}")
            url = f"{self.server}/readyz"
            req = urllib.request.Request(url, headers={"Authorization": f"Bearer {self.token}"})  # noqa: S310
            try:
                with urllib.request.urlopen(req, context=ctx, timeout=2) as resp:  # noqa: S310 - loopback https
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError) as exc:
                last = str(exc)
            time.sleep(0.25)
        self.stop()
        raise ClusterError(f"kube-apiserver did not become ready in {START_TIMEOUT:.0f}s ({last})")

    def _config(self, user: str, token: str) -> dict[str, Any]:
        return {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {"name": "local", "cluster": {"server": self.server, "certificate-authority": str(self.ca_file)}}
            ],
            "users": [{"name": user, "user": {"token": token}}],
            "contexts": [{"name": "local", "context": {"cluster": "local", "user": user, "namespace": "default"}}],
            "current-context": "local",
        }

    def _write_kubeconfig(self) -> None:
        self.kubeconfig.write_text(json.dumps(self._config("admin", self.token), indent=2))
        self.kubeconfig.chmod(0o600)

    def stop(self) -> None:
        for name in ("kube-apiserver", "etcd"):
            pid = self.pids.get(name)
            if pid is not None:
                _terminate(pid, self._procs.get(name))
        self.pids.clear()
        self._procs.clear()

    # --- helpers for tests and the demo --------------------------------------------------------------------
    def kubectl(self, *args: str, input: str | None = None, check: bool = True) -> str:
        proc = subprocess.run(
            [str(kubectl_binary()), f"--kubeconfig={self.kubeconfig}", *args],
            input=input,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if check and proc.returncode != 0:
            raise ClusterError(f"kubectl {' '.join(args)} failed: {proc.stderr.strip()}")
        return proc.stdout

    def api_client(self) -> Any:
        from kubernetes import config

        return config.new_client_from_config(config_file=str(self.kubeconfig))

    def use_as_default(self) -> None:
        """Point KUBECONFIG and the kubernetes client's import-time default at this cluster."""
        os.environ["KUBECONFIG"] = str(self.kubeconfig)
        try:
            from kubernetes.config import kube_config

            kube_config.KUBE_CONFIG_DEFAULT_LOCATION = str(self.kubeconfig)
        except ImportError:
            pass


def _terminate(pid: int, proc: subprocess.Popen[bytes] | None) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc is not None:
            if proc.poll() is not None:
                return
        else:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    if proc is not None:
        proc.wait(timeout=5)


def start_temporary(prefix: str = "phoenix-cluster-") -> LocalCluster:
    return LocalCluster(Path(tempfile.mkdtemp(prefix=prefix))).start()


# --- `make cluster-up` / `make cluster-down` ----------------------------------------------------------------
def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def cmd_up() -> int:
    build = kube_version()
    if STATE_FILE.exists():
        state = json.loads(STATE_FILE.read_text())
        same = state.get("version", DEFAULT_KUBE_VERSION) == build.name
        if same and all(_pid_alive(p) for p in state["pids"].values()):
            print(state["kubeconfig"])
            return 0
        cmd_down(quiet=True)  # gone, or another KUBE_VERSION is asked for
    cluster = LocalCluster(CACHE_DIR / "cluster" / "run", version=build.name).start()
    STATE_FILE.write_text(
        json.dumps(
            {
                "kubeconfig": str(cluster.kubeconfig),
                "pids": cluster.pids,
                "server": cluster.server,
                "version": build.name,
            }
        )
    )
    print(cluster.kubeconfig)
    return 0


def cmd_down(quiet: bool = False) -> int:
    if not STATE_FILE.exists():
        if not quiet:
            print("no local cluster is running", file=sys.stderr)
        return 0
    state = json.loads(STATE_FILE.read_text())
    for name in ("kube-apiserver", "etcd"):
        pid = state["pids"].get(name)
        if pid is not None:
            _terminate(int(pid), None)
    shutil.rmtree(CACHE_DIR / "cluster" / "run", ignore_errors=True)
    STATE_FILE.unlink(missing_ok=True)
    if not quiet:
        print("local cluster stopped")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="localcluster", description="local kube-apiserver + etcd on 127.0.0.1")
    parser.add_argument("action", choices=["up", "down"])
    args = parser.parse_args(argv)
    try:
        return cmd_up() if args.action == "up" else cmd_down()
    except ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
