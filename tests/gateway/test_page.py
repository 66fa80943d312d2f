"""The web page in a real headless Chromium (Debian's chromium and chromedriver, driven by Selenium): enter the key,
drop a report on the drop zone, upload it, and watch the row reach `completed` with the parser's counts over the
WebSocket. The screenshot is kept in build/test-artifacts/."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Stack
from .helpers import GRYPE, REPO, expected_counts

pytestmark = pytest.mark.cluster

ARTIFACTS = Path(os.environ.get("PHOENIX_TEST_ARTIFACTS", REPO / "build" / "test-artifacts"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

DROP_SCRIPT = """
const [name, text] = arguments;
const file = new File([text], name, {type: "application/json"});
const dt = new DataTransfer(); dt.items.add(file);
const zone = document.getElementById("drop");
for (const type of ["dragenter", "dragover", "drop"]) {
  zone.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: dt}));
}
"""


@pytest.fixture
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed (hack/install-system-deps.sh)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def wait_until(fn: Any, timeout: float = 90.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out")


def test_page_uploads_by_drag_and_drop_and_shows_live_progress(stack: Stack, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(stack.url + "/")
    assert "Phoenix Scanner Service" in browser.title
    browser.find_element(By.ID, "api-key").send_keys(stack.api_key)
    browser.find_element(By.ID, "save-key").click()
    browser.execute_script(DROP_SCRIPT, GRYPE.name, GRYPE.read_text())
    assert GRYPE.name in browser.find_element(By.ID, "chosen").text
    scanner = browser.find_element(By.ID, "scanner_type")
    scanner.clear()
    scanner.send_keys("grype")
    browser.find_element(By.ID, "upload-button").click()
    status = wait_until(
        lambda: (
            "Queued as job-" in browser.find_element(By.ID, "upload-status").text
            and browser.find_element(By.ID, "upload-status").text
        )
    )
    job_id = status.split("Queued as ", 1)[1].strip()
    row = browser.find_element(By.ID, f"job-{job_id}")
    seen: set[str] = set()

    def finished() -> bool:
        state = row.find_element(By.CSS_SELECTOR, ".status").text
        seen.add(state)
        return state == "completed"

    wait_until(finished)
    assets, findings = expected_counts(GRYPE, "grype", tmp_path)
    assert row.find_element(By.CSS_SELECTOR, ".assets").text == str(assets)
    assert row.find_element(By.CSS_SELECTOR, ".vulns").text == str(findings)
    assert "100%" in row.find_element(By.CSS_SELECTOR, ".pct").text
    assert row.find_element(By.CSS_SELECTOR, ".logs").text  # the log tail came over the WebSocket
    # A failed upload shows the gateway's message; a reload lists the job from the API.
    browser.execute_script(DROP_SCRIPT, "broken.json", '{"Results": [')
    scanner.clear()
    scanner.send_keys("no-such-format")
    browser.find_element(By.ID, "upload-button").click()
    refusal = wait_until(
        lambda: (
            "refused" in browser.find_element(By.ID, "upload-status").text
            and browser.find_element(By.ID, "upload-status").text
        )
    )
    assert "unknown scanner_type" in refusal
    browser.refresh()
    listed = wait_until(lambda: browser.find_elements(By.ID, f"job-{job_id}"))
    assert listed[0].find_element(By.CSS_SELECTOR, ".status").text == "completed"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "gateway-page.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    (ARTIFACTS / "gateway-page.json").write_text(json.dumps({"job_id": job_id, "states_seen": sorted(seen)}))
