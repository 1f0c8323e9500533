"""A team's labelled drafts: the corrections file, loading labelled files, and evaluating on them."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from reviewer.labels import LABELS
from reviewer.training.corrections import CorrectionStore, LabelledDataError, load_labelled
from conftest import run_cli

LABELS_OK = {"apology": 1, "clear_reason": 1, "oversharing": 0, "follow_up": 0, "gratitude": 1,
             "reschedule_request": 0}


def test_correcting_the_same_draft_again_replaces_its_row(tmp_path):
    store = CorrectionStore(tmp_path / "corrections.jsonl")
    store.record("Sorry, personal reasons. Thanks", "en", {**LABELS_OK}, note="team policy")
    store.record("Maaf kak, ada urusan pribadi", "id", {**LABELS_OK, "gratitude": 0})
    store.record("  Sorry, personal reasons. Thanks ", "en", {**LABELS_OK, "apology": 0}, note="second look")
    rows = store.rows()
    assert len(rows) == 2
    row = store.get("Sorry, personal reasons. Thanks")
    assert row["apology"] == 0 and row["note"] == "second look" and set(LABELS) <= set(row)
    assert row["corrected_at"] and row["lang"] == "en"


def test_a_correction_with_inconsistent_labels_is_refused(tmp_path):
    store = CorrectionStore(tmp_path / "c.jsonl")
    with pytest.raises(LabelledDataError, match="follow_up"):
        store.record("Can we do Friday?", "en", {**LABELS_OK, "reschedule_request": 1, "follow_up": 0})
    assert not (tmp_path / "c.jsonl").exists()


def test_labelled_csv_and_jsonl_load_alike(tmp_path):
    rows = [{"text": "Sorry, I have the flu. Can we do Monday?", **LABELS_OK, "follow_up": 1, "reschedule_request": 1},
            {"text": "Maaf Bu, saya batal.", **LABELS_OK, "clear_reason": 0, "gratitude": 0}]
    pd.DataFrame(rows).to_csv(tmp_path / "team.csv", index=False)
    (tmp_path / "team.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    a, b = load_labelled(tmp_path / "team.csv"), load_labelled(tmp_path / "team.jsonl")
    assert a[["text", *LABELS]].equals(b[["text", *LABELS]])


@pytest.mark.parametrize("bad,field", [({"apology": 2}, "apology"), ({"gratitude": "yes"}, "gratitude"),
                                       ({"text": ""}, "text"), ({"lang": "fr"}, "lang"),
                                       ({"reason_category": "illness", "clear_reason": 0}, "reason_category")])
def test_a_bad_row_is_a_clear_error_naming_row_and_field(tmp_path, bad, field):
    rows = [{"text": "Sorry, flu.", **LABELS_OK}, {"text": "Sorry, flu again.", **LABELS_OK, **bad}]
    path = tmp_path / "team.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    with pytest.raises(LabelledDataError, match=f"row 2: field '{field}'"):
        load_labelled(path)


def test_a_missing_label_column_names_the_field(tmp_path):
    path = tmp_path / "team.csv"
    pd.DataFrame([{"text": "Sorry", **{k: v for k, v in LABELS_OK.items() if k != "oversharing"}}]).to_csv(path, index=False)
    with pytest.raises(LabelledDataError, match="row 1: field 'oversharing'"):
        load_labelled(path)


def test_evaluate_on_a_team_file(tmp_path):
    rows = [{"text": "So sorry, I have accepted another offer. Thank you for your time.", "apology": 1,
             "clear_reason": 1, "oversharing": 0, "follow_up": 0, "gratitude": 1, "reschedule_request": 0},
            {"text": "Mohon maaf Bu, saya sakit. Bisa hari Jumat?", "apology": 1, "clear_reason": 1,
             "oversharing": 0, "follow_up": 1, "gratitude": 0, "reschedule_request": 1, "lang": "id"}]
    path = tmp_path / "team.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    done = run_cli("evaluate", "--data", str(path), "--json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert results["n"] == 2 and set(results["model"]) >= {"all", "en", "id"}
    assert "macro_f1" in results["baseline"]["all"]
    text = run_cli("evaluate", "--data", str(path))
    assert "macro-F1" in text.stdout and "keyword F1" in text.stdout


def test_evaluate_with_a_broken_team_file_is_one_line(tmp_path):
    path = tmp_path / "team.jsonl"
    path.write_text(json.dumps({"text": "hi", "apology": 1}) + "\n")
    done = run_cli("evaluate", "--data", str(path))
    assert done.returncode != 0
    assert "row 1: field 'clear_reason'" in done.stderr and "Traceback" not in done.stderr
