"""The layout rules of the foundation: source roots that shadow nothing, and a pure parser library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_operator_source_root_does_not_shadow_stdlib_operator() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import operator; print(operator.__file__)"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(out).parent == Path(
        subprocess.run(
            [sys.executable, "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    assert not (REPO / "operator" / "__init__.py").exists()


def test_scan_parsers_import_contract_holds() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout


def test_scan_parsers_does_not_import_kubernetes_or_network_at_runtime() -> None:
    code = (
        "import sys, scan_parsers; scan_parsers.all_formats(); "
        "bad = [m for m in ('kopf', 'kubernetes', 'httpx', 'boto3', 'scanner_operator') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "phoenix-scanner"
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stdout.startswith("phoenix-scanner ")
