"""Every notebook runs headless from a clean state (nbclient), and is stored without outputs.

Notebooks 03 and 04 get a quick run: parameters are injected after their `parameters` cell
(papermill's convention), models go to temporary folders, never to models/, and notebook 04 saves
its labels to a temporary corrections file.
"""
from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))
TIMEOUT = 240  # seconds per cell


def prepare(path: Path, parameters: dict | None = None) -> tuple[nbformat.NotebookNode, NotebookClient]:
    nb = nbformat.read(path, as_version=4)
    if parameters:
        index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
        source = "# Injected parameters\n" + "".join(f"{k} = {v!r}\n" for k, v in parameters.items())
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
        nb.cells.insert(index + 1, cell)
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    return nb, client


async def _run_all(jobs: dict[str, tuple]) -> dict[str, nbformat.NotebookNode | BaseException]:
    async def one(nb, client):
        await client.async_execute()
        return nb

    names = list(jobs)
    results = await asyncio.gather(*(one(*jobs[n]) for n in names), return_exceptions=True)
    return dict(zip(names, results))


@pytest.fixture(scope="module")
def executed():
    """All notebooks, each in its own fresh kernel, run concurrently (they are independent)."""
    with tempfile.TemporaryDirectory(prefix="nb03-model-") as model_dir, \
            tempfile.TemporaryDirectory(prefix="nb04-") as team_dir:
        team = Path(team_dir)
        jobs = {
            "01": prepare(NOTEBOOKS / "01_review_a_draft.ipynb"),
            "02": prepare(NOTEBOOKS / "02_batch_review.ipynb"),
            "03": prepare(NOTEBOOKS / "03_train_and_evaluate.ipynb",
                          {"LIMIT": 150, "MODEL_DIR": model_dir, "SHOW_PROGRESS": False, "N_ERRORS": 5}),
            "04": prepare(NOTEBOOKS / "04_label_and_adapt.ipynb",
                          {"CORRECTIONS": str(team / "corrections.jsonl"), "MODEL_DIR": str(team / "team-model"),
                           "TRAIN_LIMIT": 150, "IMPORT_FILE_LABELS": True, "RETRAIN_NOW": True}),
        }
        shipped = {name: (ROOT / "models" / name).stat().st_mtime_ns for name in ("reviewer.npz", "reviewer.skops")}
        results = asyncio.run(_run_all(jobs))
        results["model_dir"] = Path(model_dir)
        results["model_files"] = sorted(p.name for p in Path(model_dir).iterdir())
        results["team_files"] = sorted(p.name for p in (team / "team-model").iterdir()) \
            if (team / "team-model").is_dir() else []
        results["corrections"] = [json.loads(line) for line in (team / "corrections.jsonl").read_text().splitlines()] \
            if (team / "corrections.jsonl").is_file() else []
        results["shipped_untouched"] = all((ROOT / "models" / name).stat().st_mtime_ns == mtime
                                           for name, mtime in shipped.items())
        yield results


def notebook(executed, key: str) -> nbformat.NotebookNode:
    result = executed[key]
    if isinstance(result, BaseException):
        raise result
    return result


def outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def widget_states(nb: nbformat.NotebookNode) -> dict:
    return nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})


def html_values(nb: nbformat.NotebookNode) -> str:
    return "\n".join(str(s.get("state", {}).get("value", "")) for s in widget_states(nb).values()
                     if s.get("model_name") == "HTMLModel")


def test_the_four_notebooks_exist():
    names = [p.name for p in ALL]
    assert names == ["01_review_a_draft.ipynb", "02_batch_review.ipynb", "03_train_and_evaluate.ipynb",
                     "04_label_and_adapt.ipynb"]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: outputs not stripped (run nbstripout)"
            assert cell["execution_count"] is None, f"{path.name}: execution count not stripped"
    assert "widgets" not in nb["metadata"], f"{path.name}: widget state stored; run nbstripout"


def test_notebook_01_shows_the_reviewer_widget(executed):
    nb = notebook(executed, "01")
    views = [o for o in outputs(nb) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views, "the draft reviewer widget is not displayed"
    assert not [o for o in outputs(nb) if o.get("output_type") == "error"]
    values = html_values(nb)
    assert "Paste or type a draft" in values
    assert "rv-error" not in values


def test_notebook_02_reviews_the_example_batch(executed):
    nb = notebook(executed, "02")
    assert not [o for o in outputs(nb) if o.get("output_type") == "error"]
    values = html_values(nb)
    assert "rv-error" not in values, values[:500]
    assert "drafts reviewed" in values and "rv-batch-table" in values and "rv-download" in values
    images = [s for s in widget_states(nb).values() if s.get("model_name") == "ImageModel"]
    assert images, "the summary chart is missing"


def test_notebook_03_trains_into_a_temporary_folder(executed):
    nb = notebook(executed, "03")
    assert {"reviewer.npz", "reviewer.skops", "metrics.json", "manifest.json"} <= set(executed["model_files"])
    assert executed["shipped_untouched"], "models/ was overwritten"
    kinds = [k for o in outputs(nb) for k in o.get("data", {})]
    assert kinds.count("image/png") >= 3, "confusion matrices, reason matrix and calibration plot expected"
    assert "text/html" in kinds  # metric tables and the worst-errors table
    text = "\n".join(o.get("data", {}).get("text/html", "") for o in outputs(nb))
    assert "false positive" in text or "false negative" in text


def test_notebook_04_labels_retrains_and_compares(executed):
    nb = notebook(executed, "04")
    assert not [o for o in outputs(nb) if o.get("output_type") == "error"]
    assert len(executed["corrections"]) == 60  # the example file's labels, saved as corrections
    assert {"reviewer.npz", "manifest.json", "metrics.json", "team-train.jsonl", "team-held-out.jsonl"} \
        <= set(executed["team_files"])
    assert executed["shipped_untouched"], "models/ was overwritten"
    values = html_values(nb)
    assert "rv-error" not in values, values[:500]
    assert "least sure first" in values and "rv-hl" in values  # the labelling view with its evidence
    assert "rv-before-after" in values and "F1 before" in values and "F1 after" in values
    assert "New model in" in values
    images = [s for s in widget_states(nb).values() if s.get("model_name") == "ImageModel"]
    assert images, "the before/after chart is missing"
    bars = [s["state"] for s in widget_states(nb).values() if s.get("model_name") == "IntProgressModel"]
    assert any(b.get("value") == 100 for b in bars), "the training progress bar did not finish"
