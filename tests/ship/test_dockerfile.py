"""The image definition: linted with hadolint (there is no container engine on these machines) and checked for the
properties the chart relies on."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = (REPO / "Dockerfile").read_text()


def test_hadolint_has_no_findings() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    proc = subprocess.run([str(hadolint), str(REPO / "Dockerfile")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == ""


def test_multi_stage_with_a_non_root_numeric_user() -> None:
    assert len(re.findall(r"^FROM ", DOCKERFILE, re.M)) == 2
    users = re.findall(r"^USER (\S+)", DOCKERFILE, re.M)
    assert users and all(part.isdigit() and int(part) != 0 for part in users[-1].split(":"))
    # the final stage copies only the built environment
    final = DOCKERFILE.split("\nFROM ")[-1]
    assert re.findall(r"^COPY (.*)$", final, re.M) == ["--from=build /opt/venv /opt/venv"]


def test_entrypoint_is_the_console_script_and_its_commands_exist() -> None:
    assert 'ENTRYPOINT ["phoenix-scanner"]' in DOCKERFILE
    cmd = re.search(r'^CMD \["(\w+)"\]', DOCKERFILE, re.M)
    assert cmd is not None
    script = Path(sys.executable).parent / "phoenix-scanner"
    for command in (cmd.group(1), "worker"):
        proc = subprocess.run([str(script), command, "--help"], capture_output=True, text=True)
        assert proc.returncode == 0, f"`phoenix-scanner {command}` is missing: {proc.stderr}"


def test_read_only_root_friendly() -> None:
    # Python writes nothing next to its code, and HOME/TMPDIR point at /tmp (an emptyDir in the chart).
    assert "PYTHONDONTWRITEBYTECODE=1" in DOCKERFILE
    assert "HOME=/tmp" in DOCKERFILE and "TMPDIR=/tmp" in DOCKERFILE
