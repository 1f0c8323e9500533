"""End to end in a real browser: Voila serves the notebooks and JupyterLab runs notebook 01 on
localhost, and Debian's Chromium (driven by Playwright for Python, never a downloaded browser
build) types drafts and checks what a user sees: the review, its highlighted evidence, the
Indonesian interface, corrections saved from the page, the suggested rewrite ("Use this draft")
and its kit tabs, the labelling notebook's keyboard shortcuts, and the layout at a narrow width.

Corrections go to files in a temporary folder ($REVIEWER_CORRECTIONS for each server), never to
the repository. Screenshots go to tests/artifacts/ (gitignored). With
REVIEWER_UPDATE_SCREENSHOTS=1 they are also copied to docs/screenshots/ for the README
(`make screenshots`).
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from reviewer.labels import LABELS
from reviewer.notebook import ui_text

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]
BIN = Path(sys.executable).parent
START_TIMEOUT = 90  # s until a server answers HTTP
PAGE_TIMEOUT = 240_000  # ms until the notebook has run and the widget shows (kernel start + model load)
REVIEW_TIMEOUT = 90_000  # ms until a typed draft is reviewed (may wait for the warm-up)

OVERSHARE = "cant make it tmrw, my car died AGAIN bc the mechanic is useless and ripped me off, can we do thurs?"
ID_DRAFT = ("Selamat pagi Bu Rina, mohon maaf saya tidak dapat hadir pada wawancara besok karena sedang sakit. "
            "Apakah wawancaranya bisa dijadwalkan ulang minggu depan? Terima kasih atas pengertiannya.")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
                       "(apt-get install chromium; `make browser-deps`)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process on a free localhost port, with its log in tests/artifacts/; stopped with
    its whole process group (kernels included)."""

    def __init__(self, name: str, args: list[str], cwd: Path, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log_path = ARTIFACTS / f"{name}.log"
        self.log = open(self.log_path, "w")
        full_env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONUNBUFFERED": "1", "JUPYTER_PLATFORM_DIRS": "1",
                    **(env or {})}
        self.proc = subprocess.Popen([a.replace("{port}", str(self.port)) for a in args], cwd=cwd,
                                     stdout=self.log, stderr=subprocess.STDOUT, env=full_env, start_new_session=True)

    def wait_ready(self, probe: str, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log_path}")
            try:
                urllib.request.urlopen(self.url + probe, timeout=2)
                return
            except urllib.error.HTTPError:
                return  # the server answers (404 or 403 is fine)
            except (urllib.error.URLError, OSError):
                time.sleep(0.25)
        raise TimeoutError(f"no answer on {self.url} within {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self.log.close()


def voila(notebook: str, corrections: Path) -> Server:
    return Server(f"voila-{Path(notebook).stem}",
                  [str(BIN / "voila"), notebook, "--port={port}", "--no-browser", "--Voila.ip=127.0.0.1"],
                  ROOT, {"REVIEWER_CORRECTIONS": str(corrections)})


def jupyterlab(root: Path, token: str, corrections: Path) -> Server:
    """JupyterLab with a token, no browser, no news or update checks (there is no network), and
    its settings, workspaces and runtime files in the temporary folder."""
    settings = root / ".settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)  # no "get notified about Jupyter news?" toast
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env = {"REVIEWER_CORRECTIONS": str(corrections), "JUPYTER_CONFIG_DIR": str(root / ".config"),
           "JUPYTER_RUNTIME_DIR": str(root / ".runtime"), "JUPYTERLAB_SETTINGS_DIR": str(root / ".settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(root / ".workspaces")}
    return Server("jupyterlab",
                  [str(BIN / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", "--ServerApp.port={port}",
                   *(["--allow-root"] if os.geteuid() == 0 else []),  # CI runs as root
                   f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
                   "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
                  root, env)


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory(prefix="reviewer-browser-") as tmp:
        root = Path(tmp)
        (root / "lab").mkdir()
        shutil.copy(ROOT / "notebooks" / "01_review_a_draft.ipynb", root / "lab")  # the repo's copy stays unrun
        yield root


@pytest.fixture(scope="module")
def servers(workdir):
    """All servers start at once, so their kernels warm up in parallel."""
    token = secrets.token_hex(16)
    started = {
        "01": voila("notebooks/01_review_a_draft.ipynb", workdir / "corrections-01.jsonl"),
        "02": voila("notebooks/02_batch_review.ipynb", workdir / "corrections-02.jsonl"),
        "04": voila("notebooks/04_label_and_adapt.ipynb", workdir / "corrections-04.jsonl"),
        "lab": jupyterlab(workdir / "lab", token, workdir / "corrections-lab.jsonl"),
    }
    started["lab"].token = token
    try:
        for name, server in started.items():
            server.wait_ready("api/status" if name == "lab" else "voila/static/no-such-file")
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
    """One page per server, all requested at once: each Voila visit starts a kernel that runs the
    notebook, so the kernels load the model in parallel. JupyterLab's kernel starts when the
    notebook opens."""
    opened = {}
    sizes = {"01": (1280, 2000), "02": (1280, 2400), "04": (1280, 1600), "lab": (1280, 1000)}
    try:
        for name, server in servers.items():
            context = browser.new_context(viewport={"width": sizes[name][0], "height": sizes[name][1]})
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
            page = context.new_page()
            page.set_default_timeout(30_000)
            url = (f"{server.url}lab/tree/01_review_a_draft.ipynb?token={server.token}" if name == "lab"
                   else server.url)
            page.goto(url, timeout=PAGE_TIMEOUT, wait_until="commit")
            opened[name] = page
        yield opened
    finally:
        for page in opened.values():
            page.context.close()


#: The screenshots the README shows (the others stay in tests/artifacts/).
DOC_SCREENSHOTS = {"01_review_a_draft.png", "01_suggested_rewrite.png", "02_batch_review.png",
                   "04_label_and_adapt.png"}


def save_screenshot(locator, name: str) -> Path:
    path = ARTIFACTS / name
    locator.screenshot(path=str(path), timeout=30_000)
    if os.environ.get("REVIEWER_UPDATE_SCREENSHOTS") == "1" and name in DOC_SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SCREENSHOTS / name)
    return path


def type_draft(widget, text: str) -> None:
    area = widget.locator("textarea").first
    area.click()
    area.fill("")
    area.press_sequentially(text, delay=10)  # live review, debounced: no button press


def wait_for_file_rows(path: Path, n: int, timeout: float = 30) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file():
            rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
            if len(rows) >= n:
                return rows
        time.sleep(0.2)
    raise AssertionError(f"{path} has fewer than {n} rows")


def layout_of(widget) -> dict:
    """Where the checklist, its explanations and the highlighted draft sit, in CSS pixels."""
    return widget.evaluate("""w => {
        const box = e => { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; };
        return {
            widget: {...box(w), scroll: w.scrollWidth, client: w.clientWidth},
            checklist: box(w.querySelector('.rv-checklist')),
            highlights: box(w.querySelector('.rv-highlights')),
            whys: [...w.querySelectorAll('.rv-why')].map(box),
            rows: [...w.querySelectorAll('.rv-row')].map(box),
        };
    }""")


def check_explanations_readable(layout: dict) -> None:
    """No explanation squeezed to a few words a line: each gets at least 200 px (about 30
    characters), and nothing overflows the widget sideways."""
    assert len(layout["whys"]) == len(LABELS)
    assert min(w["w"] for w in layout["whys"]) >= 200, layout["whys"]
    assert layout["widget"]["scroll"] <= layout["widget"]["client"] + 2, layout["widget"]


# -- notebook 01 in Voila -----------------------------------------------------------------------------

def test_typing_an_oversharing_draft_shows_the_warning_and_its_highlight(pages):
    page = pages["01"]
    widget = page.locator(".rv-draft-reviewer")
    widget.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    assert "from reviewer.notebook.widgets import" not in page.content()  # Voila shows no code cells
    type_draft(widget, OVERSHARE)

    # Live review runs while the draft is typed: wait for the highlight of the whole draft, whose
    # oversharing evidence (one mark or several, where other evidence overlaps) holds the complaint.
    highlight = page.locator("mark.rv-hl[data-labels~='oversharing']", has_text="mechanic").first
    highlight.wait_for(state="visible", timeout=REVIEW_TIMEOUT)
    assert "Oversharing (Warning)" in highlight.get_attribute("title")
    row = page.locator(".rv-row[data-label='oversharing']")
    assert row.get_attribute("data-state") == "warn"
    assert "Fix" in row.inner_text() and "No oversharing" in row.inner_text()
    assert page.locator(".rv-suggestion").first.get_attribute("data-key").startswith("overshare_")
    assert "of 4 essentials" in page.locator(".rv-summary").inner_text()
    assert "Review as I type" in widget.inner_text()

    widget.locator("select").filter(has_text="Text message").select_option(label="Text message")
    warning = page.locator(".rv-delivery-item.rv-warning[data-key='channel_text']")
    warning.wait_for(state="visible", timeout=REVIEW_TIMEOUT)
    assert "Call first" in warning.inner_text()

    page.locator("button.rv-copy").click()
    page.wait_for_function("document.querySelector('button.rv-copy').getAttribute('data-copied') === '1'",
                           timeout=10_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Fixes for this draft") and "[ ] " in copied

    # wide page: the checklist and the highlighted draft side by side
    layout = layout_of(widget)
    assert layout["highlights"]["x"] > layout["checklist"]["x"] + 100, layout
    check_explanations_readable(layout)

    page.mouse.move(0, 0)
    page.wait_for_timeout(2500)  # let the button say "Copy ..." again before the picture
    shot = save_screenshot(widget, "01_review_a_draft.png")
    assert shot.stat().st_size > 10_000


def test_a_finding_marked_wrong_is_saved_from_the_page(pages, workdir):
    page = pages["01"]
    widget = page.locator(".rv-draft-reviewer")
    widget.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    if not page.locator("mark.rv-hl[data-labels~='oversharing']").count():
        type_draft(widget, OVERSHARE)
        page.locator("mark.rv-hl[data-labels~='oversharing']").first.wait_for(timeout=REVIEW_TIMEOUT)
    toggle = page.locator("button.rv-correct-oversharing")
    assert toggle.inner_text().strip() == "Oversharing: found"
    toggle.click()
    page.wait_for_function("document.querySelector('button.rv-correct-oversharing').textContent.includes('\u2192')",
                           timeout=10_000)
    note = page.locator(".rv-correct-note input")
    note.fill("our team allows venting about mechanics")
    note.press("Tab")  # the Text widget sends its value on change
    page.locator("button.rv-correct-save").click()
    page.locator(".rv-correct-saved").wait_for(state="visible", timeout=REVIEW_TIMEOUT)
    rows = wait_for_file_rows(workdir / "corrections-01.jsonl", 1)
    row = rows[-1]
    assert row["text"] == OVERSHARE and row["oversharing"] == 0 and row["lang"] == "en"
    assert row["note"] == "our team allows venting about mechanics"
    assert {label for label in LABELS if label in row} == set(LABELS)


def test_the_interface_reads_fully_in_indonesian_for_an_indonesian_draft(pages):
    page = pages["01"]
    widget = page.locator(".rv-draft-reviewer")
    widget.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    type_draft(widget, ID_DRAFT)
    page.wait_for_function("(document.querySelector('.rv-summary') || {}).textContent?.includes('dari 4 hal penting')",
                           timeout=REVIEW_TIMEOUT)
    page.wait_for_function("document.querySelector('.rv-draft-reviewer').innerText.includes('Periksa saat saya mengetik')",
                           timeout=REVIEW_TIMEOUT)
    # the rewrite panel draws last: its kit is in the draft's language once the new draft is on show
    page.wait_for_function("document.querySelector('.rv-kit-follow-up-text')?.getAttribute('lang') === 'id'",
                           timeout=REVIEW_TIMEOUT)
    # Everything the widget shows of its own: text (the interface switch's "English" and
    # "Indonesia" name themselves and are left out), placeholders, options and tooltips.
    shown = widget.evaluate("""w => {
        const copy = w.cloneNode(true);
        copy.querySelectorAll('.rv-interface').forEach(e => e.remove());
        const out = [];
        const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) out.push(walker.currentNode.nodeValue);
        copy.querySelectorAll('[placeholder]').forEach(e => out.push(e.getAttribute('placeholder')));
        copy.querySelectorAll('[title]').forEach(e => { if (e.tagName !== 'MARK') out.push(e.getAttribute('title')); });
        return out.join('\\n');
    }""").replace("\xa0", " ")
    for words in ("Periksa saat saya mengetik", "Wawancara pada", "Dikirim lewat", "Daftar perbaikan sebagai teks",
                  "Bahasa draf", "Coba contoh", "Tempel draf Anda", "Simpan koreksi", "Ada temuan yang salah",
                  "Daftar periksa", "Salin daftar perbaikan", "Tampilan", "Usulan draf baru", "Pesan suara",
                  "Surel lanjutan"):
        assert words in shown, words
    english = {part.strip() for key, en in ui_text.INTERFACE["en"].items() if en != ui_text.INTERFACE["id"][key]
               for part in re.split(r"\{[^}]*\}", en) if len(part.strip()) >= 4}
    english |= {v for key, v in ui_text.UI["en"].items() if v != ui_text.UI["id"][key] and len(v) >= 4}
    leftovers = sorted(w for w in english if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", shown))
    assert not leftovers, leftovers
    save_screenshot(widget, "01_review_a_draft_id.png")


def test_the_layout_stacks_on_a_narrow_page(pages):
    page = pages["01"]
    widget = page.locator(".rv-draft-reviewer")
    widget.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    page.locator(".rv-checklist").first.wait_for(state="visible", timeout=REVIEW_TIMEOUT)
    page.set_viewport_size({"width": 480, "height": 1600})
    try:
        page.wait_for_timeout(500)
        layout = layout_of(widget)
        assert layout["highlights"]["y"] >= layout["checklist"]["y"] + layout["checklist"]["h"] - 2, layout
        check_explanations_readable(layout)
        for row, why in zip(layout["rows"], layout["whys"]):
            assert why["y"] > row["y"] + 5, "the explanation moves under the name when narrow"
        save_screenshot(widget, "01_review_a_draft_narrow.png")
    finally:
        page.set_viewport_size({"width": 1280, "height": 2000})


def check_rewrite_and_use(page, widget, draft: str = OVERSHARE) -> str:
    """With a messy draft typed: the rewrite panel shows the cut passage struck through and an
    added apology, both tagged in words; "Use this draft" puts the rewrite in the text box and the
    review updates. Returns the rewrite."""
    panel = widget.locator(".rv-rewrite")
    # the rewrite of the whole draft (a pause while typing may have shown one of a part of it)
    panel.locator(f".rv-rewrite-text[data-chars='{len(draft)}']").wait_for(state="visible", timeout=REVIEW_TIMEOUT)
    panel.locator("ins.rv-ins[data-label='apology']").first.wait_for(state="visible", timeout=REVIEW_TIMEOUT)
    removed = panel.locator("del.rv-del[data-label='oversharing']").first
    assert "mechanic" in removed.inner_text()
    assert removed.get_attribute("title") == "Removed (Oversharing)"
    shown = panel.locator(".rv-rewrite-changes").inner_text()
    assert "added: apology" in shown and "removed: oversharing" in shown
    rewritten = panel.locator("button.rv-rewrite-copy").get_attribute("data-text")
    assert rewritten and "mechanic" not in rewritten
    before = widget.locator(".rv-summary").get_attribute("data-essentials")
    use = panel.locator("button.rv-rewrite-use")
    assert use.inner_text().strip() == "Use this draft"
    use.click()
    page.wait_for_function("([w, text]) => w.querySelector('textarea').value === text",
                           arg=[widget.element_handle(), rewritten], timeout=REVIEW_TIMEOUT)
    widget.locator(".rv-summary[data-essentials='4']").wait_for(state="visible", timeout=REVIEW_TIMEOUT)
    assert before != "4"
    assert widget.locator(".rv-row[data-label='oversharing']").get_attribute("data-state") == "pass"
    panel.locator(".rv-message", has_text="now holds the suggested rewrite").wait_for(timeout=REVIEW_TIMEOUT)
    use.wait_for(state="hidden", timeout=10_000)  # nothing left to use: a rewrite of the rewrite changes nothing
    assert "Nothing to fix" in panel.inner_text() and use.is_disabled()
    return rewritten


def check_kit_tabs(page, widget) -> None:
    """The kit's tabs show each script; the interview date and time typed above fill them in."""
    kit = widget.locator(".rv-kit")
    call = kit.locator(".rv-kit-call-text")
    call.wait_for(state="visible", timeout=REVIEW_TIMEOUT)
    assert "[interview date and time]" in call.inner_text()
    gap = kit.locator(".rv-kit-call-text mark.rv-placeholder").first
    assert gap.get_attribute("title") == "Fill this in before sending"
    widget.locator("input[type='date']").fill("2030-03-14")
    widget.locator("input[type='time']").fill("10:00")
    page.wait_for_function("document.querySelector('.rv-kit-call-text')?.textContent.includes('14 March at 10:00')",
                           timeout=REVIEW_TIMEOUT)
    kit.locator(".lm-TabBar-tab", has_text="Voicemail").click()
    voicemail = kit.locator(".rv-kit-voicemail-text")
    voicemail.wait_for(state="visible", timeout=10_000)
    assert "14 March at 10:00" in voicemail.inner_text() and not call.is_visible()
    assert re.search(r"\d+ words, about \d+ seconds", kit.locator(".rv-kit-voicemail").inner_text())
    kit.locator(".lm-TabBar-tab", has_text=re.compile(r"^Email$")).click()
    kit.locator(".rv-kit-email-subject").wait_for(state="visible", timeout=10_000)
    assert "14 March at 10:00" in kit.locator(".rv-kit-email-subject").inner_text()
    kit.locator(".lm-TabBar-tab", has_text="Follow-up").click()
    kit.locator(".rv-kit-follow-up-text").wait_for(state="visible", timeout=10_000)
    assert "[new date and time]" in kit.locator(".rv-kit-follow-up-text").inner_text()
    kit.locator(".lm-TabBar-tab", has_text="Call").click()
    call.wait_for(state="visible", timeout=10_000)


def test_the_suggested_rewrite_is_used_and_the_kit_fills_in(pages):
    page = pages["01"]
    widget = page.locator(".rv-draft-reviewer")
    widget.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    type_draft(widget, OVERSHARE)
    page.locator(f".rv-rewrite-text[data-chars='{len(OVERSHARE)}']").wait_for(state="visible", timeout=REVIEW_TIMEOUT)
    page.locator(".rv-rewrite ins.rv-ins[data-label='apology']").first.wait_for(state="visible",
                                                                              timeout=REVIEW_TIMEOUT)
    page.locator(".rv-kit-follow-up-text[lang='en']").wait_for(state="attached", timeout=REVIEW_TIMEOUT)  # drawn last
    page.mouse.move(0, 0)
    save_screenshot(widget.locator(".rv-rewrite"), "01_suggested_rewrite.png")
    check_rewrite_and_use(page, widget)
    check_kit_tabs(page, widget)
    save_screenshot(widget.locator(".rv-rewrite"), "01_suggested_rewrite_used.png")


# -- notebook 01 in JupyterLab -------------------------------------------------------------------------

def test_notebook_01_runs_in_jupyterlab(pages, workdir):
    page = pages["lab"]
    page.locator(".jp-NotebookPanel").first.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    page.locator("#jp-MainMenu .lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()  # Run > Run All Cells
    widget = page.locator(".jp-OutputArea .rv-draft-reviewer")
    widget.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    assert not page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
    type_draft(widget, OVERSHARE)
    highlight = widget.locator("mark.rv-hl[data-labels~='oversharing']").first
    highlight.wait_for(state="visible", timeout=REVIEW_TIMEOUT)
    assert "mechanic" in highlight.inner_text()
    assert re.search(r"\d of 4 essentials", widget.locator(".rv-summary").inner_text())
    assert widget.locator(".rv-readiness").inner_text().strip()
    check_explanations_readable(layout_of(widget))  # JupyterLab's column is narrower than Voila's page
    save_screenshot(widget, "01_in_jupyterlab.png")

    page.set_viewport_size({"width": 720, "height": 1000})
    page.wait_for_timeout(800)
    layout = layout_of(widget)
    assert layout["highlights"]["y"] >= layout["checklist"]["y"] + layout["checklist"]["h"] - 2, layout
    check_explanations_readable(layout)
    assert not (workdir / "lab" / "corrections.jsonl").exists()


def test_the_suggested_rewrite_is_used_in_jupyterlab(pages):
    page = pages["lab"]
    widget = page.locator(".jp-OutputArea .rv-draft-reviewer")
    widget.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    page.set_viewport_size({"width": 1280, "height": 1000})
    type_draft(widget, OVERSHARE)
    check_rewrite_and_use(page, widget)
    check_kit_tabs(page, widget)
    save_screenshot(widget.locator(".rv-rewrite"), "01_suggested_rewrite_in_jupyterlab.png")


# -- notebook 02 in Voila -----------------------------------------------------------------------------

def test_batch_notebook_shows_summary_table_and_detail(pages):
    page = pages["02"]
    table = page.locator("table.rv-batch-table")
    table.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    assert "drafts reviewed" in page.locator(".rv-batch-summary").inner_text()
    assert page.locator(".rv-batch-reviewer img").first.is_visible()  # the chart
    assert page.locator(".rv-download").get_attribute("download").endswith(".reviewed.csv")
    page.locator(".rv-batch-reviewer .rv-checklist").first.wait_for(state="visible")
    assert page.locator(".rv-batch-reviewer .rv-corrections").is_visible()
    save_screenshot(page.locator(".rv-batch-reviewer"), "02_batch_review.png")


def test_batch_detail_view_saves_a_correction(pages, workdir):
    page = pages["02"]
    page.locator(".rv-batch-reviewer .rv-corrections").wait_for(state="visible", timeout=PAGE_TIMEOUT)
    toggle = page.locator(".rv-batch-reviewer button.rv-correct-apology")
    before = toggle.inner_text()
    toggle.click()
    page.wait_for_function("document.querySelector('.rv-batch-reviewer button.rv-correct-apology')"
                           ".textContent.includes('\u2192')", timeout=10_000)
    page.locator(".rv-batch-reviewer button.rv-correct-save").click()
    page.locator(".rv-batch-reviewer .rv-correct-saved").wait_for(state="visible", timeout=REVIEW_TIMEOUT)
    row = wait_for_file_rows(workdir / "corrections-02.jsonl", 1)[-1]
    assert row["apology"] == (0 if before.endswith(": found") else 1)


def test_batch_detail_shows_the_rewrite_and_the_download_can_carry_it(pages):
    page = pages["02"]
    batch = page.locator(".rv-batch-reviewer")
    block = batch.locator(".rv-rewrite-block")
    block.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    assert "Suggested rewrite" in block.inner_text()
    assert block.locator("ins.rv-ins, del.rv-del").count() or "Nothing to fix" in block.inner_text()
    header = """() => { const a = document.querySelector('.rv-download');
        if (!a) return null;
        return atob(a.getAttribute('href').split(',')[1]).split(/\\r?\\n/)[0].split(','); }"""
    assert "rewrite" not in page.evaluate(header)
    batch.locator(".rv-rewrite-column input[type='checkbox']").check()
    page.wait_for_function(f"({header})()?.at(-1) === 'rewrite'", timeout=REVIEW_TIMEOUT)
    batch.locator(".rv-rewrite-column input[type='checkbox']").uncheck()
    page.wait_for_function(f"!({header})().includes('rewrite')", timeout=REVIEW_TIMEOUT)


# -- notebook 04 in Voila: labelling with the keyboard ------------------------------------------------

def test_labelling_with_keyboard_shortcuts(pages, workdir):
    page = pages["04"]
    labeller = page.locator(".rv-labeller")
    labeller.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    position = labeller.locator(".rv-label-position")
    position.wait_for(state="visible", timeout=PAGE_TIMEOUT)
    assert "Draft 1 of 60" in position.inner_text()
    assert labeller.locator(".rv-label-draft .rv-highlights").is_visible()  # the evidence is shown
    save_screenshot(labeller, "04_label_and_adapt.png")
    reason = labeller.locator("button.rv-label-clear_reason")
    before = reason.inner_text().strip()
    assert before.startswith("2 \u00b7 Reason: ")
    box = labeller.locator(".rv-keys input")
    box.click()
    page.keyboard.press("2")
    page.wait_for_function(f"document.querySelector('button.rv-label-clear_reason').textContent.trim() !== {before!r}",
                           timeout=10_000)
    flipped = reason.inner_text().strip()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.rv-label-position').textContent.includes('Draft 2 of 60')",
                           timeout=REVIEW_TIMEOUT)
    rows = wait_for_file_rows(workdir / "corrections-04.jsonl", 1)
    assert rows[0]["clear_reason"] == (1 if flipped.endswith("yes") else 0)
    page.keyboard.press("s")
    page.wait_for_function("document.querySelector('.rv-label-position').textContent.includes('Draft 3 of 60')",
                           timeout=REVIEW_TIMEOUT)
    page.keyboard.press("b")
    page.keyboard.press("b")
    page.wait_for_function("document.querySelector('.rv-label-position').textContent.includes('Draft 1 of 60')",
                           timeout=REVIEW_TIMEOUT)
    assert reason.inner_text().strip() == flipped  # the saved labels come back
    assert len(wait_for_file_rows(workdir / "corrections-04.jsonl", 1)) == 1
