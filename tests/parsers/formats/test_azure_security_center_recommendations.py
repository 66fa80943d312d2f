"""azure_security_center_recommendations: unhealthy rows as findings, healthy and not-applicable skipped, the
Azure resource asset, an empty export and foreign CSV."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HEADER = (
    '"exportedTimestamp","subscriptionId","subscriptionName","resourceGroup","resourceType","resourceName",'
    '"resourceId","recommendationId","recommendationName","recommendationDisplayName","description",'
    '"remediationSteps","severity","state","notApplicableReason","firstEvaluationDate","statusChangeDate",'
    '"controls","azurePortalRecommendationLink","nativeCloudAccountId"\n'
)
RID = "/subscriptions/sub-1/resourcegroups/rg/providers/microsoft.storage/storageaccounts/st1"


def _row(name: str, severity: str, state: str) -> str:
    return (
        f'"2021-09-28T16:01:10.373Z","sub-1","My subscription","rg","storageaccounts","st1","{RID}",'
        f'"{RID}/providers/Microsoft.Security/assessments/a1","a1","{name}","Private links are safer.",'
        f'"Add a private endpoint.","{severity}","{state}","","2021-09-28T15:07:24Z","2021-09-28T15:07:24Z",'
        '"{""Restrict unauthorized network access"":""f9d5""}","https://portal.azure.com/#blade/x",""\n'
    )


def test_recommendations() -> None:
    data = (
        "\ufeff"
        + HEADER
        + _row("Storage account should use a private link", "Medium", "Unhealthy")
        + _row("Network Watcher should be enabled", "Low", "Healthy")
        + _row("Other", "High", "NotApplicable")
    ).encode()
    assert detect_format(open_report(data, name="recommendations.csv")).id == "azure_security_center_recommendations"
    parsed = parse_report(data, "azure_security_center_recommendations")
    (f,) = parsed.findings
    assert f.name == "Storage account should use a private link" and f.severity is Severity.MEDIUM
    assert f.remedy == "Add a private endpoint.\nhttps://portal.azure.com/#blade/x"
    assert f.asset.type is AssetType.CLOUD
    assert f.asset.attributes["providerType"] == "AZURE" and f.asset.attributes["providerResourceId"] == RID
    assert f.asset.attributes["providerAccountId"] == "sub-1"
    assert dict(parsed._ctx.skipped) == {"state healthy": 1, "state notapplicable": 1}


def test_empty_and_foreign() -> None:
    assert list(parse_report(HEADER.encode(), "azure_security_center_recommendations").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"Title,Severity\nx,High\n", "azure_security_center_recommendations").findings)
