"""The InsightVMScan's CEL rules (`x-kubernetes-validations`) and the operator's own check agree.

Kubernetes 1.25 and newer refuse a manifest that breaks a rule at `kubectl apply`; 1.20 ignores the rules, and
the operator then reports the same message as `Stalled` (InvalidSpec). Both verdicts are checked here on the same
specs, the CEL one with a Python CEL implementation.
"""

from __future__ import annotations

from typing import Any

import celpy
import pytest
from pydantic import ValidationError

from scanner_operator import crdgen
from scanner_operator.models_insightvm import INSIGHTVMSCAN, TIMEOUT_MESSAGE, TIMEOUT_RULE, InsightVMScanSpec

BASE: dict[str, Any] = {"console": {"url": "https://ivm:3780", "credentialsSecretRef": {"name": "ivm"}}, "siteId": 1}


def spec_rules() -> list[dict[str, str]]:
    crd = crdgen.build_crd(INSIGHTVMSCAN)
    spec = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
    return list(spec["x-kubernetes-validations"])


def cel_verdict(rule: str, spec: dict[str, Any]) -> bool:
    env = celpy.Environment()
    defaulted = {"pollInterval": "60s", **spec}  # the API server applies schema defaults before validating
    return bool(env.program(env.compile(rule)).evaluate({"self": celpy.json_to_cel(defaulted)}))


def operator_verdict(spec: dict[str, Any]) -> bool:
    try:
        InsightVMScanSpec.model_validate(spec)
    except ValidationError as exc:
        assert TIMEOUT_MESSAGE in str(exc)
        return False
    return True


def test_the_crd_carries_the_rule() -> None:
    assert spec_rules() == [{"rule": TIMEOUT_RULE, "message": TIMEOUT_MESSAGE}]


@pytest.mark.parametrize(
    ("extra", "valid"),
    [
        ({}, True),
        ({"timeout": "8h"}, True),
        ({"timeout": "8h", "pollInterval": "5m"}, True),
        ({"timeout": "1h30m", "pollInterval": "89m59s"}, True),
        ({"timeout": "61s"}, True),
        ({"timeout": "60s"}, False),  # equal to the default pollInterval
        ({"timeout": "30s"}, False),
        ({"timeout": "5m", "pollInterval": "1h"}, False),
        ({"timeout": "90m", "pollInterval": "1h30m"}, False),
        ({"pollInterval": "10s"}, True),
    ],
)
def test_timeout_longer_than_poll_interval(extra: dict[str, Any], valid: bool) -> None:
    spec = {**BASE, **extra}
    assert cel_verdict(TIMEOUT_RULE, spec) is valid
    assert operator_verdict(spec) is valid


@pytest.mark.parametrize("value", ["", "5", "5d", "1.5h"])
def test_durations_are_never_empty_nor_foreign(value: str) -> None:
    with pytest.raises(ValidationError):
        InsightVMScanSpec.model_validate({**BASE, "timeout": value})
