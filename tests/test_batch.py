"""`reviewer review` on one machine: streaming, formats, jobs, atomic output, exit codes, bad rows."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reviewer.artifacts import FORMAT_VERSION
from reviewer import OUTPUT_COLUMNS
from reviewer.tables.batch import ERROR_STATUS, review_chunk, review_file
from reviewer.cli import main
from reviewer.tables.files import TableError, atomic_writer, count_rows, iter_chunks
from reviewer.validation import STATUS_MESSAGES

#: One value per kind of per-row problem the issue lists, with the status it must get.
PROBLEM_ROWS: list[tuple[object, str]] = [
    ("", "empty"),
    ("   \n\t  ", "empty"),
    (None, "missing"),
    ("x" * 1_000_000, "too_long"),  # a 1 MB message
    ("\x00\x01\x02PK\x03\x04\x00junk\x7f\x00", "binary"),
    ("😢🙏🙏", "no_words"),
    ("12/03 10:00 !!!", "no_words"),
    ("Maaf Pak, 我不能参加 интервью tomorrow, sorry. آسف", "ok"),  # mixed scripts: reviewed
    ("Sorry, I can't come tomorrow. Could we reschedule? Thanks, Ana", "ok"),
]
#: Extra values only JSON can carry.
JSON_ONLY_ROWS: list[tuple[object, str]] = [
    (123, "not_text"),
    ({"text": "hi"}, "not_text"),
    (["sorry"], "not_text"),
    (True, "not_text"),
    (12.5, "not_text"),
]


def _drafts(corpus: pd.DataFrame, n: int = 30, problems: bool = True, seed: int = 3) -> pd.DataFrame:
    texts = corpus["text"].sample(n, random_state=seed, replace=n > len(corpus)).tolist()
    if problems:
        for k, (value, _) in enumerate(PROBLEM_ROWS):
            texts.insert((k * 7) % (len(texts) + 1), value)
    return pd.DataFrame({"id": [f"r{i:04d}" for i in range(len(texts))], "text": pd.Series(texts, dtype=object),
                         "note": "keep me"})


def _write(df: pd.DataFrame, path: Path) -> Path:
    suffix = path.suffix
    if suffix == ".csv":
        df.to_csv(path, index=False)
    elif suffix == ".jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        df.to_parquet(path, index=False)
    return path


def _read(path: Path) -> pd.DataFrame:
    return pd.concat(list(iter_chunks(path, 10_000)), ignore_index=True)


# -- counting rows (the progress bar's total) ------------------------------------------------------

def test_count_rows_csv_with_line_breaks_inside_quotes(tmp_path):
    df = pd.DataFrame({"text": ["Dear HR,\n\nSorry, I must cancel.\r\nBest,\nAna", "one line", 'say "hi"\n'] * 5})
    path = _write(df, tmp_path / "d.csv")
    assert path.read_bytes().count(b"\n") > len(df) + 1  # counting lines would over-count
    assert count_rows(path) == len(df) == len(_read(path))


def test_count_rows_csv_field_longer_than_csv_module_limit(tmp_path):
    path = _write(pd.DataFrame({"text": ["a" * 300_000, "b"]}), tmp_path / "big.csv")
    assert count_rows(path) == 2


def test_count_rows_jsonl_and_parquet(tmp_path):
    df = pd.DataFrame({"text": ["a\nb", "c", "d"]})
    jsonl = tmp_path / "d.jsonl"
    jsonl.write_text(df.to_json(orient="records", lines=True) + "\n\n")  # trailing blank lines
    assert count_rows(jsonl) == 3 == len(_read(jsonl))
    assert count_rows(_write(df, tmp_path / "d.parquet")) == 3
    assert count_rows(tmp_path / "nope.csv") is None


# -- whole files -----------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_review_file_keeps_every_row_in_order_with_status(tmp_path, corpus, model, suffix):
    df = _drafts(corpus)
    src = _write(df, tmp_path / f"in{suffix}")
    out = tmp_path / f"out{suffix}"
    summary = review_file(src, out, jobs=1, chunk_rows=8, progress=False)
    got = _read(out)
    assert len(got) == len(df) == summary.rows
    assert got["id"].tolist() == df["id"].tolist()
    assert list(got.columns) == [*df.columns, *OUTPUT_COLUMNS]
    assert (got["note"] == "keep me").all()
    expected = {value: status for value, status in PROBLEM_ROWS if value is not None}
    for value, status in zip(df["text"], got["status"]):
        if value is None:  # CSV has no None: an empty field reads back as "", i.e. "empty"
            assert status == ("empty" if suffix == ".csv" else "missing")
        elif value in expected:
            assert status == expected[value], (value[:60], status)
    assert set(got["status"]) <= set(STATUS_MESSAGES)
    assert summary.status["ok"] == int((got["status"] == "ok").sum()) >= len(df) - len(PROBLEM_ROWS)
    ok = got["status"] == "ok"
    language = got["language"].fillna("")  # CSV reads back an empty field as ""
    assert language[ok].isin(["en", "id", "mixed"]).all() and (language[~ok] == "").all()


def test_jsonl_values_of_any_type_do_not_stop_the_batch(tmp_path, model):
    rows = PROBLEM_ROWS + JSON_ONLY_ROWS
    path = tmp_path / "odd.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i, (value, _) in enumerate(rows):
            fh.write(json.dumps({"id": i, "text": value}) + "\n")
    for out in (tmp_path / "o.jsonl", tmp_path / "o.csv", tmp_path / "o.parquet"):
        review_file(path, out, jobs=1, chunk_rows=4, progress=False)
        got = _read(out)
        assert got["id"].astype(int).tolist() == list(range(len(rows)))
        assert got["status"].tolist() == [s for _, s in rows], out.suffix


def test_results_identical_for_one_and_two_jobs(tmp_path, corpus, model):
    df = _drafts(corpus, n=90)
    src = _write(df, tmp_path / "in.csv")
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    s1 = review_file(src, one, jobs=1, chunk_rows=11, progress=False)
    s2 = review_file(src, two, jobs=2, chunk_rows=11, progress=False)
    pd.testing.assert_frame_equal(pd.read_parquet(one), pd.read_parquet(two))
    assert (s1.rows, s1.status, s1.passing, s1.languages) == (s2.rows, s2.status, s2.passing, s2.languages)


def test_review_file_equals_review_frame(tmp_path, corpus, model):
    from reviewer import review_frame

    df = _drafts(corpus, n=25, problems=False)
    src = _write(df, tmp_path / "in.parquet")
    review_file(src, tmp_path / "out.parquet", jobs=2, chunk_rows=6, progress=False)
    expected = review_frame(df, model=model)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "out.parquet"), expected, check_dtype=False)


def test_progress_bar_shows_rate_and_eta(tmp_path, corpus, model, capsys):
    src = _write(_drafts(corpus, n=40, problems=False), tmp_path / "in.csv")
    review_file(src, tmp_path / "out.csv", jobs=1, chunk_rows=10, progress=True)
    err = capsys.readouterr().err
    assert "/40" in err  # the total is the number of records, not of lines
    assert re.search(r"rows/s\]", err) and re.search(r"\d\d:\d\d<\d\d:\d\d", err), err[-300:]


def test_header_only_csv_gives_empty_output(tmp_path, model):
    src = tmp_path / "h.csv"
    src.write_text("id,text\n")
    summary = review_file(src, tmp_path / "o.csv", progress=False)
    assert summary.rows == 0
    assert pd.read_csv(tmp_path / "o.csv").columns.tolist() == ["id", "text", *OUTPUT_COLUMNS]


# -- atomic output ---------------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", [1, 2])
def test_interrupted_run_leaves_no_output_and_no_temp_file(tmp_path, corpus, model, monkeypatch, jobs):
    src = _write(_drafts(corpus, n=40, problems=False), tmp_path / "in.csv")
    out = tmp_path / "out.csv"
    out.write_text("previous result\n")
    import reviewer.tables.files as tableio

    written = []
    real_write = tableio.ChunkWriter.write

    def write_then_interrupt(self, chunk):
        real_write(self, chunk)
        written.append(len(chunk))
        if len(written) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(tableio.ChunkWriter, "write", write_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        review_file(src, out, jobs=jobs, chunk_rows=5, progress=False)
    assert out.read_text() == "previous result\n"  # untouched: no half file under the name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_atomic_writer_removes_temp_file_on_error(tmp_path):
    target = tmp_path / "x.parquet"
    with pytest.raises(RuntimeError):
        with atomic_writer(target) as writer:
            writer.write(pd.DataFrame({"a": [1, 2]}))
            assert list(tmp_path.glob(".x.parquet.*.part"))
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


# -- a row that breaks the reviewer must not break the batch ----------------------------------------

def test_row_that_raises_gets_error_status_and_the_rest_is_reviewed(corpus, model, monkeypatch):
    import reviewer.tables.batch as batch

    real = batch.review_frame

    def fragile(df, **kwargs):
        if df["text"].astype(str).str.contains("TRIGGER-BUG").any():
            raise RuntimeError("simulated bug")
        return real(df, **kwargs)

    monkeypatch.setattr(batch, "review_frame", fragile)
    df = _drafts(corpus, n=20, problems=False)
    df.loc[7, "text"] = "Sorry TRIGGER-BUG I cannot come"
    out = review_chunk(df, "text", None, model)
    assert out["id"].tolist() == df["id"].tolist()
    assert out["status"].tolist() == ["ok"] * 7 + [ERROR_STATUS] + ["ok"] * 12
    assert out.loc[7, "text"] == "Sorry TRIGGER-BUG I cannot come"
    assert pd.isna(out.loc[7, "apology"]) and out.loc[6, "language"] is not pd.NA


@pytest.mark.parametrize("failing", ["tail", "spread"])
def test_failing_rows_give_the_same_result_for_any_number_of_jobs(tmp_path, corpus, monkeypatch, failing):
    """The per-row error budget applies to the same units (batch.TASK_ROWS) with one job or
    many, so whether a run finishes, and with which statuses, never depends on --jobs."""
    import reviewer.tables.batch as batch

    real = batch.review_frame

    def fragile(df, **kwargs):
        if df["text"].astype(str).str.contains("TRIGGER-BUG").any():
            raise RuntimeError("simulated bug")
        return real(df, **kwargs)

    monkeypatch.setattr(batch, "TASK_ROWS", 10)  # chunks of 25 rows: tasks 0-9, 10-19, 20-24, 25-34, 35-41
    monkeypatch.setattr(batch, "MAX_ERROR_ROWS", 1)
    monkeypatch.setattr(batch, "review_frame", fragile)  # forked workers inherit the patches
    df = _drafts(corpus, n=42, problems=False)
    # "tail": every row of the last task fails (that task raises); "spread": one failing row per
    # task, two in the first chunk (more than MAX_ERROR_ROWS per chunk, not per task)
    bad = list(range(35, 42)) if failing == "tail" else [3, 15, 27]
    for i in bad:
        df.loc[i, "text"] = f"Sorry TRIGGER-BUG {i}"
    src = _write(df, tmp_path / "in.csv")
    outcomes = []
    for jobs in (1, 2):
        try:
            review_file(src, tmp_path / f"out{jobs}.csv", jobs=jobs, chunk_rows=25, progress=False)
            outcomes.append(("done", (tmp_path / f"out{jobs}.csv").read_bytes()))
        except RuntimeError as exc:
            outcomes.append(("raised", str(exc)))
    assert outcomes[0] == outcomes[1]
    if failing == "spread":
        statuses = pd.read_csv(tmp_path / "out1.csv")["status"].tolist()
        assert [i for i, s in enumerate(statuses) if s == ERROR_STATUS] == bad


def test_systematic_failure_is_raised_not_hidden(corpus, model, monkeypatch):
    import reviewer.tables.batch as batch

    def broken(df, **kwargs):
        raise RuntimeError("model broken")

    monkeypatch.setattr(batch, "review_frame", broken)
    with pytest.raises(RuntimeError, match="model broken"):
        review_chunk(_drafts(corpus, n=10, problems=False), "text", None, model)


# -- exit codes and one-line messages ---------------------------------------------------------------

def _run(capsys, *args):
    code = main(["review", *map(str, args), "--no-progress"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture()
def good_csv(tmp_path):
    return _write(pd.DataFrame({"id": [1, 2], "text": ["Sorry, I cannot come.", "Maaf, saya batal."]}),
                  tmp_path / "good.csv")


def test_cli_missing_file(tmp_path, capsys):
    code, _, err = _run(capsys, tmp_path / "nope.csv", "-o", tmp_path / "o.csv")
    assert code == 3 and err.count("\n") == 1 and "no such file" in err and "nope.csv" in err


def test_cli_unsupported_input_type(tmp_path, capsys):
    (tmp_path / "d.xls").write_text("x")
    code, _, err = _run(capsys, tmp_path / "d.xls", "-o", tmp_path / "o.csv")
    assert code == 3 and "unsupported file type .xls" in err and err.count("\n") == 1


def test_cli_bad_utf8_names_the_line(tmp_path, capsys):
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,text\n1,fine\n2,\"multi\nline\"\n3,caf\xe9 gesloten\n".encode("latin-1"))
    code, _, err = _run(capsys, path, "-o", tmp_path / "o.csv")
    assert code == 4 and "line 5 is not valid UTF-8" in err and err.count("\n") == 1
    assert not (tmp_path / "o.csv").exists()


def test_cli_missing_text_column_lists_columns(good_csv, tmp_path, capsys):
    code, _, err = _run(capsys, good_csv, "-o", tmp_path / "o.csv", "--text-column", "message")
    assert code == 5 and "'message' not found" in err and "id, text" in err and err.count("\n") == 1


def test_cli_clashing_columns(tmp_path, capsys):
    src = _write(pd.DataFrame({"text": ["Sorry"], "status": ["new"], "apology": [1]}), tmp_path / "c.csv")
    code, _, err = _run(capsys, src, "-o", tmp_path / "o.csv")
    assert code == 6 and "status" in err and "apology" in err and err.count("\n") == 1


@pytest.mark.parametrize("target, code", [("no/such/folder/o.csv", 7), ("a-folder.csv", 7), ("o.txt", 3)])
def test_cli_output_not_writable(good_csv, tmp_path, capsys, target, code):
    (tmp_path / "a-folder.csv").mkdir()
    got, _, err = _run(capsys, good_csv, "-o", tmp_path / target)
    assert got == code and err.startswith("reviewer: error:") and err.count("\n") == 1, err


def test_cli_damaged_model(good_csv, tmp_path, capsys):
    models = tmp_path / "models"
    models.mkdir()
    (models / "reviewer.npz").write_bytes(b"PK\x03\x04 not really a zip")
    (models / "manifest.json").write_text(json.dumps({"format_version": FORMAT_VERSION, "sha256": "0" * 64}))
    code, _, err = _run(capsys, good_csv, "-o", tmp_path / "o.csv", "--models", models)
    assert code == 8 and "reviewer.npz" in err and "checksum" in err and err.count("\n") == 1
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("content", ["", "\n"])
def test_cli_empty_input(tmp_path, capsys, content):
    path = tmp_path / "e.jsonl"
    path.write_text(content)
    code, _, err = _run(capsys, path, "-o", tmp_path / "o.csv")
    assert code == 9 and err.count("\n") == 1


def test_cli_success_summary(good_csv, tmp_path, capsys, model):
    code, out, err = _run(capsys, good_csv, "-o", tmp_path / "o.jsonl", "--jobs", "2", "--chunk-size", "1")
    assert code == 0 and err == ""
    assert "Reviewed 2 of 2 drafts" in out
    assert len((tmp_path / "o.jsonl").read_text().splitlines()) == 2


def test_cli_errors_in_a_real_process_have_no_traceback(tmp_path, cli):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"text\nok\n\xff\xfe broken\n")
    done = cli("review", str(path), "-o", str(tmp_path / "o.csv"), "--no-progress")
    assert done.returncode == 4
    assert done.stderr.strip().splitlines() == [f"reviewer: error: {path}: line 3 is not valid UTF-8 "
                                                "(invalid start byte); re-save the file as UTF-8"]
    assert "Traceback" not in done.stderr


def test_table_error_survives_pickling():
    import pickle

    err = pickle.loads(pickle.dumps(TableError("x.csv: line 3 is not valid UTF-8", "encoding")))
    assert (str(err), err.kind) == ("x.csv: line 3 is not valid UTF-8", "encoding")


def test_parquet_output_of_mixed_type_column(tmp_path, model):
    path = tmp_path / "m.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [{"text": "Sorry, I cannot come.", "extra": None},
                                                      {"text": 5, "extra": "a"},
                                                      {"text": "Maaf, saya batal.", "extra": 1.5}]) + "\n")
    review_file(path, tmp_path / "o.parquet", chunk_rows=1, progress=False)
    got = pd.read_parquet(tmp_path / "o.parquet")
    assert got["text"].tolist() == ["Sorry, I cannot come.", "5", "Maaf, saya batal."]
    assert got["status"].tolist() == ["ok", "not_text", "ok"]
    assert np.isnan(got["apology_score"].iloc[1])
