"""The `reviewer` command line: review files, exit codes, check, evaluate."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from reviewer import OUTPUT_COLUMNS, LABELS, review_frame
from reviewer.cli import main

DRAFTS = [
    "Dear Ms. Chen,\n\nI'm so sorry, but I have the flu and cannot attend tomorrow's interview. Could we move it "
    "to next week? Thank you for understanding.\n\nBest,\nAna",
    "Mohon maaf Bu, saya tidak dapat hadir wawancara besok karena sakit. Terima kasih.",
    "Hi kak, sorry banget aku gak bisa dateng interview besok. Thank you ya",
    "",
    "Withdrawing - accepted an offer elsewhere. Thanks, P.",
    "cant make it tmrw, car broke down, can we do thurs?",
]
IDS = [31, 7, 12, 5, 99, 1]  # deliberately not sorted: output order must follow input order


def _input_frame() -> pd.DataFrame:
    return pd.DataFrame({"id": IDS, "text": DRAFTS, "note": [f"n{i}" for i in IDS]})


def _write(frame: pd.DataFrame, path) -> None:
    suffix = path.suffix
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        frame.to_parquet(path, index=False)


def _read(path) -> pd.DataFrame:
    suffix = path.suffix
    if suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    if suffix == ".jsonl":
        return pd.read_json(path, lines=True, dtype=False)
    return pd.read_parquet(path)


def _err_line(capsys_or_text) -> str:
    text = capsys_or_text if isinstance(capsys_or_text, str) else capsys_or_text.readouterr().err
    assert "Traceback" not in text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert lines[0].startswith("reviewer: error:")
    return lines[0]


def _check_reviewed(out: pd.DataFrame, model) -> None:
    assert list(out.columns) == ["id", "text", "note", *OUTPUT_COLUMNS]
    assert len(out) == len(DRAFTS)
    assert [int(v) for v in out["id"]] == IDS
    assert out["note"].tolist() == [f"n{i}" for i in IDS]
    status = out["status"].tolist()
    assert status == ["ok", "ok", "ok", "empty", "ok", "ok"]
    expected = review_frame(_input_frame(), model=model)
    ok = np.array(status) == "ok"
    for label in LABELS:
        got = pd.to_numeric(out[label].replace("", np.nan))
        assert got[~ok].isna().all()
        assert got[ok].astype(int).tolist() == expected.loc[ok, label].astype(int).tolist(), label
        scores = pd.to_numeric(out[f"{label}_score"].replace("", np.nan))
        np.testing.assert_allclose(scores[ok].to_numpy(float), expected.loc[ok, f"{label}_score"].to_numpy(float),
                                   atol=1e-9)
    assert out.loc[ok, "language"].tolist() == expected.loc[ok, "language"].tolist()
    assert out.loc[ok, "reason_category"].tolist() == expected.loc[ok, "reason_category"].tolist()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_review_file_in_process(tmp_path, model, capsys, suffix):
    src, dst = tmp_path / f"in{suffix}", tmp_path / f"out{suffix}"
    _write(_input_frame(), src)
    code = main(["review", str(src), "-o", str(dst), "--jobs", "1", "--no-progress"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Traceback" not in captured.err
    assert "Reviewed 5 of 6" in captured.out
    _check_reviewed(_read(dst), model)


@pytest.mark.parametrize("src_suffix, dst_suffix", [(".csv", ".parquet"), (".parquet", ".jsonl")])
def test_review_converts_between_formats(tmp_path, model, capsys, src_suffix, dst_suffix):
    src, dst = tmp_path / f"in{src_suffix}", tmp_path / f"out{dst_suffix}"
    _write(_input_frame(), src)
    assert main(["review", str(src), "-o", str(dst), "--jobs", "1", "--no-progress"]) == 0
    _check_reviewed(_read(dst), model)


def test_review_small_chunks_keep_order(tmp_path, model, capsys):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(_input_frame(), src)
    assert main(["review", str(src), "-o", str(dst), "--jobs", "1", "--chunk-size", "2", "--no-progress"]) == 0
    _check_reviewed(_read(dst), model)


def test_jsonl_bad_values_get_a_status(tmp_path, model, capsys):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [{"text": DRAFTS[0]}, {"text": None}, {"text": 123}, {"text": "🙂🙂"}, {"text": DRAFTS[1]}]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n", encoding="utf-8")
    assert main(["review", str(src), "-o", str(dst), "--jobs", "1", "--no-progress"]) == 0
    out = _read(dst)
    assert out["status"].tolist() == ["ok", "missing", "not_text", "no_words", "ok"]
    assert out["apology"].isna().tolist() == [False, True, True, True, False]


@pytest.mark.slow
def test_review_with_the_console_script(tmp_path, model, cli):
    """The installed entry point, in a real process: same output as in-process, clean stderr."""
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(_input_frame(), src)
    proc = cli("review", str(src), "-o", str(dst), "--no-progress")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert "Reviewed 5 of 6" in proc.stdout
    _check_reviewed(_read(dst), model)


@pytest.mark.slow
def test_broken_model_dir_exit_code_in_a_real_process(tmp_path, cli):
    src = tmp_path / "in.csv"
    _write(_input_frame(), src)
    proc = cli("review", str(src), "-o", str(tmp_path / "out.csv"), "--models", str(tmp_path / "no-models"),
               module=True)
    assert proc.returncode == 8
    line = _err_line(proc.stderr)
    assert "reviewer.npz" in line
    assert not (tmp_path / "out.csv").exists()


# --- error exit codes ---------------------------------------------------------------------------

@pytest.fixture
def good_csv(tmp_path):
    path = tmp_path / "in.csv"
    _write(_input_frame(), path)
    return path


def _run(args, capsys):
    code = main([*map(str, args), "--jobs", "1", "--no-progress"])
    return code, _err_line(capsys)


def test_unknown_input_extension(tmp_path, model, capsys):
    src = tmp_path / "drafts.txt"
    src.write_text("text\nhello\n")
    code, line = _run(["review", src, "-o", tmp_path / "out.csv"], capsys)
    assert code == 3 and ".txt" in line
    assert not (tmp_path / "out.csv").exists()


def test_unknown_output_extension(tmp_path, good_csv, model, capsys):
    code, line = _run(["review", good_csv, "-o", tmp_path / "out.xml"], capsys)
    assert code == 3 and ".xml" in line
    assert not (tmp_path / "out.xml").exists()


def test_missing_input_file(tmp_path, model, capsys):
    code, line = _run(["review", tmp_path / "nope.csv", "-o", tmp_path / "out.csv"], capsys)
    assert code == 3 and "nope.csv" in line


@pytest.mark.parametrize("suffix, content, line_no", [
    (".csv", b"id,text\n1,hello there\n2,so sorry\n3,caf\xe9 is closed\n", 4),
    (".jsonl", b'{"text": "hello there"}\n{"text": "caf\xe9"}\n', 2),
])
def test_bad_utf8(tmp_path, model, capsys, suffix, content, line_no):
    src = tmp_path / f"bad{suffix}"
    src.write_bytes(content)
    code, line = _run(["review", src, "-o", tmp_path / "out.csv"], capsys)
    assert code == 4
    assert f"line {line_no}" in line and "UTF-8" in line
    assert not (tmp_path / "out.csv").exists()


def test_missing_text_column(tmp_path, model, capsys):
    src = tmp_path / "in.csv"
    _write(_input_frame().rename(columns={"text": "message"}), src)
    code, line = _run(["review", src, "-o", tmp_path / "out.csv"], capsys)
    assert code == 5
    assert "text" in line and "message" in line and "note" in line and "id" in line


def test_text_column_option(tmp_path, model, capsys):
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(_input_frame().rename(columns={"text": "message"}), src)
    assert main(["review", str(src), "-o", str(dst), "--text-column", "message", "--jobs", "1",
                 "--no-progress"]) == 0
    assert list(_read(dst).columns) == ["id", "message", "note", *OUTPUT_COLUMNS]


def test_clash_column(tmp_path, model, capsys):
    src = tmp_path / "in.csv"
    _write(_input_frame().assign(status="draft"), src)
    code, line = _run(["review", src, "-o", tmp_path / "out.csv"], capsys)
    assert code == 6 and "status" in line


def test_unwritable_output_dir(tmp_path, good_csv, model, capsys):
    target = tmp_path / "does" / "not" / "exist" / "out.csv"
    code, line = _run(["review", good_csv, "-o", target], capsys)
    assert code == 7 and "exist" in line
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, line = _run(["review", good_csv, "-o", blocker / "out.csv"], capsys)
    assert code == 7


def test_csv_row_with_extra_fields_is_not_silently_shifted(tmp_path, model, capsys):
    """A first data row with more fields than the header must not turn into a hidden index that
    shifts every value one column over (the draft would silently become "2")."""
    src, dst = tmp_path / "ragged.csv", tmp_path / "out.csv"
    src.write_text('text,id\n"So sorry, I have the flu",1,2,3\nThanks and bye,4\n', encoding="utf-8")
    code = main(["review", str(src), "-o", str(dst), "--jobs", "1", "--no-progress"])
    if code == 0:  # acceptable only if the drafts come out exactly as written
        out = _read(dst)
        assert out["text"].tolist()[:1] == ["So sorry, I have the flu"]
    else:
        assert code == 9
        assert "ragged.csv" in _err_line(capsys)
        assert not dst.exists()


@pytest.mark.parametrize("command", ["evaluate", "train"])
def test_missing_corpus_file_is_a_clean_error(tmp_path, capsys, command):
    missing = tmp_path / "no-corpus.jsonl"
    code = main([command, "--data", str(missing)] + (["--out", str(tmp_path / "m")] if command == "train" else []))
    assert code == 3
    assert "no-corpus.jsonl" in _err_line(capsys)


# --- check --------------------------------------------------------------------------------------

def test_check_prints_the_checklist(model, capsys):
    assert main(["check", DRAFTS[0]]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Language: en")
    for name in ("Apology", "Clear reason", "No oversharing", "Follow-up", "Thanks", "Asks for a new time"):
        assert name in out
    assert "of 4 essentials" in out
    assert out.count("\n- [") >= 1  # at least one suggestion line


def test_check_in_indonesian_and_json(model, capsys):
    assert main(["check", DRAFTS[1], "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["language"] == "id" and data["feedback_language"] == "id"
    assert set(data["findings"]) == set(LABELS)
    assert main(["check", DRAFTS[1]]) == 0
    out = capsys.readouterr().out
    assert "Permintaan maaf" in out and "Alasan jelas" in out


def test_check_reads_stdin(model, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(DRAFTS[4]))
    assert main(["check"]) == 0
    assert "Language: en" in capsys.readouterr().out


def test_check_channel_advice(model, capsys):
    assert main(["check", DRAFTS[4], "--channel", "text"]) == 0
    assert "Call first" in capsys.readouterr().out


def test_check_empty_draft(model, capsys):
    code = main(["check", "   "])
    assert code != 0
    assert "empty" in _err_line(capsys)


# --- evaluate -----------------------------------------------------------------------------------

def test_evaluate_prints_table_with_baseline(model, capsys, monkeypatch):
    import reviewer.artifacts as artifacts

    seen = []

    def shipped(directory):  # the session's shipped model, instead of a second 8 MB load
        seen.append(directory)
        return model

    monkeypatch.setattr(artifacts, "load_model_from", shipped)
    assert main(["evaluate"]) == 0
    assert seen == [artifacts.default_model_dir()]
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("TEST SPLIT") and any(l.startswith("STRESS SPLIT") for l in lines)
    header = lines[1]
    assert "keyword F1" in header and "TF-IDF F1" in header and " P " in header and " R " in header
    for label in LABELS:
        assert label in out
    for lang in ("en", "id", "mixed", "all"):
        assert f" {lang} " in out
    assert "macro-F1" in out and "reason_category accuracy" in out
    assert "margin over the plain TF-IDF baseline" in out and "CheckList" in out
    assert "Suggested rewrites of the test split" in out and "Suggested rewrites of the stress split" in out
