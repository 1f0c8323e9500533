"""End to end in a real browser: Voila serves the notebooks on localhost, Debian's Chromium (driven
by Playwright for Python, never a downloaded browser build) types a draft and checks what a user sees.

Screenshots go to tests/artifacts/ (gitignored). With REVIEWER_UPDATE_SCREENSHOTS=1 they are also
copied to docs/screenshots/ for the README (`make screenshots`).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]
VOILA = Path(sys.executable).parent / "voila"
START_TIMEOUT = 60  # s until Voila answers HTTP
PAGE_TIMEOUT = 150_000  # ms until the notebook has run and the widget shows (kernel start + model load)
REVIEW_TIMEOUT = 90_000  # ms until a typed draft is reviewed (may wait for the warm-up)

OVERSHARE = "cant make it tmrw, my car died AGAIN bc the mechanic is useless and ripped me off, can we do thurs?"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
                       "(apt-get install chromium; `make chromium`)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Voila:
    """A Voila server for one notebook on a free localhost port; stopped with its process group."""

    def __init__(self, notebook: str):
        self.notebook = notebook
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log_path = ARTIFACTS / f"voila-{Path(notebook).stem}.log"
        self.log = open(self.log_path, "w")
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONUNBUFFERED": "1", "JUPYTER_PLATFORM_DIRS": "1"}
        self.proc = subprocess.Popen(
            [str(VOILA), notebook, f"--port={self.port}", "--no-browser", "--Voila.ip=127.0.0.1"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, env=env, start_new_session=True)

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Voila exited with {self.proc.returncode}; see {self.log_path}")
            try:
                urllib.request.urlopen(self.url + "voila/static/no-such-file", timeout=2)
                return
            except urllib.error.HTTPError:
                return  # the server answers (404 is fine)
            except (urllib.error.URLError, OSError):
                time.sleep(0.25)
        raise TimeoutError(f"Voila did not answer on {self.url} within {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self.log.close()


@pytest.fixture(scope="module")
def servers():
    """Both notebooks' servers start at once, so their kernels warm up in parallel."""
    started = {name: Voila(f"notebooks/{name}") for name in ("01_review_a_draft.ipynb", "02_batch_review.ipynb")}
    try:
        for server in started.values():
            server.wait_ready()
        yield started
    finally:
        for server in started.values():
            server.stop()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def pages(servers, browser):
    """One page per notebook, both requested at once: each visit starts a kernel that runs the
    notebook, so the two kernels load the model in parallel."""
    opened = {}
    sizes = {"01_review_a_draft.ipynb": 2000, "02_batch_review.ipynb": 2400}
    try:
        for name, server in servers.items():
            context = browser.new_context(viewport={"width": 1280, "height": sizes[name]})
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(server.url, timeout=PAGE_TIMEOUT, wait_until="commit")
            opened[name] = page
        yield opened
    finally:
        for page in opened.values():
            page.context.close()


def save_screenshot(locator, name: str) -> Path:
    path = ARTIFACTS / name
    locator.screenshot(path=str(path), timeout=30_000)
    if os.environ.get("REVIEWER_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SCREENSHOTS / name)
    return path


def test_typing_an_oversharing_draft_shows_the_warning_and_its_highlight(pages):
    page = pages["01_review_a_draft.ipynb"]
    widget = page.locator(".rv-draft-reviewer")
    widget.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    assert "from reviewer.notebook.widgets import" not in page.content()  # Voila shows no code cells
    area = widget.locator("textarea").first
    area.click()
    area.press_sequentially(OVERSHARE, delay=10)  # live review, debounced: no button press

    highlight = page.locator("mark.rv-hl[data-labels~='oversharing']").first
    highlight.wait_for(state="visible", timeout=REVIEW_TIMEOUT)
    assert "Oversharing (Warning)" in highlight.get_attribute("title")
    assert "mechanic" in highlight.inner_text()
    row = page.locator("tr.rv-row[data-label='oversharing']")
    assert row.get_attribute("data-state") == "warn"
    assert "Fix" in row.inner_text() and "No oversharing" in row.inner_text()
    assert page.locator(".rv-suggestion").first.get_attribute("data-key").startswith("overshare_")
    assert "of 4 essentials" in page.locator(".rv-summary").inner_text()

    widget.locator("select").filter(has_text="Text message").select_option(label="Text message")
    warning = page.locator(".rv-delivery-item.rv-warning[data-key='channel_text']")
    warning.wait_for(state="visible", timeout=REVIEW_TIMEOUT)
    assert "Call first" in warning.inner_text()

    page.locator("button.rv-copy").click()
    page.wait_for_function("document.querySelector('button.rv-copy').getAttribute('data-copied') === '1'",
                           timeout=10_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Fixes for this draft") and "[ ] " in copied

    page.mouse.move(0, 0)
    page.wait_for_timeout(2500)  # let the button say "Copy ..." again before the picture
    shot = save_screenshot(widget, "01_review_a_draft.png")
    assert shot.stat().st_size > 10_000


def test_batch_notebook_shows_summary_table_and_detail(pages):
    page = pages["02_batch_review.ipynb"]
    table = page.locator("table.rv-batch-table")
    table.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    assert "drafts reviewed" in page.locator(".rv-batch-summary").inner_text()
    assert page.locator(".rv-batch-reviewer img").first.is_visible()  # the chart
    assert page.locator(".rv-download").get_attribute("download").endswith(".reviewed.csv")
    page.locator(".rv-batch-reviewer .rv-checklist").first.wait_for(state="visible")
    save_screenshot(page.locator(".rv-batch-reviewer"), "02_batch_review.png")
