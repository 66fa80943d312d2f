"""dirsearch: one informational finding per discovered path."""

from __future__ import annotations

import json

import pytest

from scan_parsers import InvalidReport, detect_format, open_report, parse_report


def test_dirsearch_new_and_old_layouts() -> None:
    new = {
        "info": {"args": "dirsearch -u http://10.0.0.8/ --format=json", "time": "x"},
        "results": [{"url": "http://10.0.0.8/.git", "status": 301, "content-length": 169, "redirect": ""}],
    }
    old = {"http://10.0.0.8:80/": [{"status": 301, "path": "/.git", "content-length": 169, "redirect": ""}]}
    for doc in (new, old):
        data = json.dumps(doc).encode()
        assert detect_format(open_report(data, name="dirsearch.json")).id == "dirsearch"
        (found,) = list(parse_report(data, "dirsearch").findings)
        assert found.name == "Discovered path /.git" and found.asset.attributes == {"ip": "10.0.0.8"}
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": {}}', "dirsearch").findings)
