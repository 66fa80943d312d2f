"""Alert rules: valid for Prometheus, unit-tested with promtool, and about metrics the code really exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "charts" / "phoenix-scanner-operator" / "files" / "prometheus-rules.yaml"
TESTS = Path(__file__).resolve().parent / "promtool" / "alerts_test.yaml"
PROMTOOL = shutil.which("promtool")

needs_promtool = pytest.mark.skipif(PROMTOOL is None, reason="promtool missing: `make test` installs it")


@needs_promtool
def test_rules_are_valid() -> None:
    proc = subprocess.run([str(PROMTOOL), "check", "rules", str(RULES)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SUCCESS: 5 rules found" in proc.stdout


@needs_promtool
def test_alert_unit_tests_pass() -> None:
    proc = subprocess.run(
        [str(PROMTOOL), "test", "rules", TESTS.name], cwd=TESTS.parent, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SUCCESS" in proc.stdout


def test_every_alert_has_a_unit_test() -> None:
    alerts = {r["alert"] for g in yaml.safe_load(RULES.read_text())["groups"] for r in g["rules"]}
    tested = {
        t["alertname"] for case in yaml.safe_load(TESTS.read_text())["tests"] for t in case.get("alert_rule_test", [])
    }
    assert alerts == tested


DASHBOARD = REPO / "charts" / "phoenix-scanner-operator" / "files" / "grafana-dashboard.json"


def test_dashboard_is_valid_and_every_panel_has_a_query() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] == "phoenix-scanner-operator"
    assert all(p["targets"] and all(t["expr"] for t in p["targets"]) for p in dashboard["panels"])
    assert len({p["id"] for p in dashboard["panels"]}) == len(dashboard["panels"])


@pytest.mark.parametrize("path", [RULES, DASHBOARD], ids=["alerts", "dashboard"])
def test_rules_and_dashboard_use_only_metrics_the_code_defines(path: Path) -> None:
    used = {
        re.sub(r"_(bucket|sum|count)$", "", m) for m in re.findall(r"\b(phoenix_scanner_[a-z_]+)", path.read_text())
    }
    source = "\n".join(p.read_text() for p in (REPO / "operator" / "scanner_operator").rglob("*.py"))
    defined = {m.removesuffix("_total") for m in re.findall(r"[\"'](phoenix_scanner_[a-z_]+)[\"']", source)}
    missing = {m for m in used if m.removesuffix("_total") not in defined}
    assert not missing, f"alert rules use metrics no code defines: {sorted(missing)}"
