"""Robustness and security: any Unicode into review(), any value into review_frame(), and model
artifacts that were tampered with, truncated or crafted to run code."""
from __future__ import annotations

import json
import math
import os
import pickle
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer import LABELS, REASON_CATEGORIES, STATUS_MESSAGES, review, review_frame
from reviewer.artifacts import (ESTIMATORS_FILE, FORMAT_VERSION, MANIFEST_FILE, MODEL_FILE, ModelLoadError,
                                load_estimators, load_model_from, sha256)
from reviewer.tables.files import atomic_writer, iter_chunks

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True)

#: Every code point, lone surrogates included (a Python str may hold them, e.g. from JSON).
ANY_CHAR = st.characters(codec=None, exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=400)


@st.composite
def draft_like(draw, corpus_texts: list[str]) -> str:
    """A corpus draft with random Unicode spliced in: exercises the reviewed ("ok") path."""
    text = draw(st.sampled_from(corpus_texts))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(ANY_CHAR, min_size=1, max_size=20)) + text[at:]
    return text


def _check_result(text: str) -> None:
    try:
        result = review(text)
    except ValueError as exc:
        assert str(exc).startswith("cannot review this draft: ") and str(exc) != "cannot review this draft: "
        return
    assert result.text == text and result.status == "ok"
    assert result.language in ("en", "id", "mixed") and result.feedback_language in ("en", "id")
    assert result.reason_category in REASON_CATEGORIES
    assert 0.0 <= result.reason_score <= 1.0
    assert set(result.findings) == set(LABELS)
    for finding in result.findings.values():
        assert 0.0 <= finding.score <= 1.0 and not math.isnan(finding.score)
        for ev in finding.evidence:
            assert 0 <= ev.start < ev.end <= len(text), (ev, len(text))
            assert text[ev.start:ev.end] == ev.text
    assert review(text) == result  # deterministic


@SETTINGS
@given(ANY_TEXT)
def test_review_any_unicode_gives_a_result_or_a_clear_value_error(model, text):
    _check_result(text)


@pytest.fixture(scope="module")
def corpus_texts(corpus) -> list[str]:
    return corpus["text"].sample(200, random_state=5).tolist()


@SETTINGS
@given(data=st.data())
def test_review_drafts_with_unicode_spliced_in(model, corpus_texts, data):
    _check_result(data.draw(draft_like(corpus_texts)))


@pytest.mark.parametrize("text, status", [
    ("", "empty"), (" \n\t\u3000", "empty"), ("😢🙏🙏", "no_words"), ("x" * 1_000_000, "too_long"),
    ("\x00\x01binary\x02", "binary"), ("Sorry \ud800 I cannot come", "binary"), ("\udcff", "binary"),
    ("١٢٣ ٤٥", "no_words"),
])
def test_unreviewable_text_raises_value_error_naming_the_reason(model, text, status):
    with pytest.raises(ValueError, match=STATUS_MESSAGES[status].split(" (")[0]):
        review(text)


def test_review_rejects_non_strings_with_type_error(model):
    for value in (12, b"sorry", ["sorry"], {"text": "sorry"}):
        with pytest.raises(TypeError, match="needs a string"):
            review(value)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no value"):
        review(None)  # type: ignore[arg-type]


ANY_VALUE = st.one_of(ANY_TEXT, st.none(), st.just(float("nan")), st.integers(), st.floats(allow_nan=True),
                      st.binary(max_size=30), st.booleans(), st.just(pd.NA),
                      st.lists(st.text(max_size=5), max_size=2), st.sampled_from(["Sorry, I can't come. Thanks!",
                                                                                 "Maaf, saya batal hadir besok."]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.lists(ANY_VALUE, min_size=0, max_size=25))
def test_review_frame_keeps_every_row_of_any_values(model, values):
    from reviewer.validation import text_status

    index = pd.Index([f"i{k}" for k in range(len(values))], dtype=object)
    df = pd.DataFrame({"text": pd.Series(values, index=index, dtype=object), "row": range(len(values))}, index=index)
    out = review_frame(df, model=model)
    assert len(out) == len(df) and list(out.index) == list(df.index) and out["row"].tolist() == list(range(len(df)))
    assert out["status"].tolist() == [text_status(v) for v in values]
    assert set(out["status"]) <= set(STATUS_MESSAGES)
    scores = out[[f"{label}_score" for label in LABELS]]
    ok = (out["status"] == "ok").to_numpy()
    assert scores[ok].notna().all().all() and ((scores[ok] >= 0) & (scores[ok] <= 1)).all().all()
    assert scores[~ok].isna().all().all()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_writer_survives_text_that_is_not_valid_utf8(tmp_path, suffix):
    frame = pd.DataFrame({"text": pd.Series(["ok", "bad \ud800 half", None, 5], dtype=object)})
    with atomic_writer(tmp_path / f"o{suffix}") as writer:
        writer.write(frame)
        writer.write(frame)
    got = pd.concat(iter_chunks(tmp_path / f"o{suffix}"))
    assert len(got) == 8 and got["text"].iloc[0] == "ok"


# -- model artifacts -------------------------------------------------------------------------------

MARKER = "reviewer-pwned-marker"


class Evil:
    """Runs a shell command when unpickled, or when skops restores its state."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))

    def __setstate__(self, state):
        os.system(f"touch {state['marker']}")


def _artifact_dir(tmp_path: Path, name: str, content: bytes, manifest_matches: bool = True,
                  file: str = MODEL_FILE) -> Path:
    """A model folder whose `file` (the runtime npz, or the estimators' skops file) holds
    `content`, with a manifest whose checksum matches it (or not)."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / file).write_bytes(content)
    digest = sha256(folder / file) if manifest_matches else "0" * 64
    key = "sha256" if file == MODEL_FILE else "estimators_sha256"
    (folder / MANIFEST_FILE).write_text(json.dumps({"format_version": FORMAT_VERSION, "model_file": MODEL_FILE,
                                                    "estimators_file": ESTIMATORS_FILE, key: digest, "meta": {}}))
    return folder


def _skops_bytes(tmp_path: Path, payload) -> bytes:
    import skops.io as sio

    path = tmp_path / "crafted.skops"
    sio.dump(payload, path)
    return path.read_bytes()


@pytest.fixture()
def marker(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path / MARKER


def test_crafted_pickle_is_really_dangerous(tmp_path, marker):
    """The payload the next tests feed the loader runs a command when unpickled (checked in a
    child process), so their "no marker" assertions mean something."""
    blob = pickle.dumps(Evil(MARKER))
    subprocess.run([sys.executable, "-c", "import pickle, sys; pickle.loads(sys.stdin.buffer.read())"],
                   input=blob, cwd=tmp_path, check=True, timeout=60)
    assert marker.exists()


@pytest.mark.parametrize("file", [MODEL_FILE, ESTIMATORS_FILE])
@pytest.mark.parametrize("manifest_matches", [True, False])
def test_pickle_disguised_as_the_artifact_is_refused_without_running(tmp_path, marker, manifest_matches, file):
    folder = _artifact_dir(tmp_path, "models", pickle.dumps(Evil(MARKER)), manifest_matches, file)
    with pytest.raises(ModelLoadError) as err:
        load_model_from(folder) if file == MODEL_FILE else load_estimators(folder)
    assert str(folder / file) in str(err.value)
    assert ("checksum does not match" if not manifest_matches else "damaged model artifact") in str(err.value)
    assert not marker.exists()


def test_zip_with_a_pickle_inside_is_refused_without_running(tmp_path, marker):
    """A skops-looking zip whose extra member is a pickle: skops never unpickles, the content
    check refuses it."""
    legit = _skops_bytes(tmp_path, {"vectorizer": [1, 2]})
    crafted = tmp_path / "zip.skops"
    crafted.write_bytes(legit)
    with zipfile.ZipFile(crafted, "a") as zf:
        zf.writestr("vectorizer.pkl", pickle.dumps(Evil(MARKER)))
    folder = _artifact_dir(tmp_path, "models", crafted.read_bytes(), file=ESTIMATORS_FILE)
    with pytest.raises(ModelLoadError, match="unexpected content") as err:
        load_estimators(folder)
    assert str(folder / ESTIMATORS_FILE) in str(err.value)
    assert not marker.exists()


def test_npz_with_a_pickle_member_is_refused_without_running(tmp_path, marker, real_artifact):
    """The runtime npz with one member replaced by a pickle (checksum forged to match): numpy
    reads it with allow_pickle=False, so it is refused and nothing runs."""
    crafted = tmp_path / "crafted.npz"
    (tmp_path / "real.npz").write_bytes(real_artifact)
    with zipfile.ZipFile(tmp_path / "real.npz") as src, zipfile.ZipFile(crafted, "w") as dst:
        for item in src.infolist():
            data = pickle.dumps(Evil(MARKER)) if item.filename == "label_bias.npy" else src.read(item)
            dst.writestr(item.filename, data)
    folder = _artifact_dir(tmp_path, "models", crafted.read_bytes())
    with pytest.raises(ModelLoadError, match="damaged model artifact") as err:
        load_model_from(folder)
    assert str(folder / MODEL_FILE) in str(err.value)
    assert not marker.exists()


@pytest.mark.parametrize("payload, refused", [
    (lambda: {"vectorizer": os.system}, "posix.system"),
    (lambda: {"vectorizer": Evil(MARKER)}, "test_robustness.Evil"),
    (lambda: {"vectorizer": subprocess.Popen}, "subprocess.Popen"),
])
def test_skops_artifact_with_dangerous_types_is_refused(tmp_path, marker, payload, refused):
    """A well-formed skops file (matching checksum: the attacker replaced both files) that names
    code to run: refused by the type allow-list before anything is constructed."""
    folder = _artifact_dir(tmp_path, "models", _skops_bytes(tmp_path, payload()), file=ESTIMATORS_FILE)
    with pytest.raises(ModelLoadError, match="outside the allow-list") as err:
        load_estimators(folder)
    assert str(folder / ESTIMATORS_FILE) in str(err.value) and refused in str(err.value)
    assert not marker.exists()


@pytest.fixture(scope="module")
def real_artifact() -> bytes:
    from reviewer.artifacts import default_model_dir

    return (default_model_dir() / MODEL_FILE).read_bytes()


@pytest.mark.parametrize("manifest_matches", [False, True])
def test_truncated_artifact_names_the_file(tmp_path, real_artifact, manifest_matches):
    folder = _artifact_dir(tmp_path, "models", real_artifact[: len(real_artifact) // 2], manifest_matches)
    with pytest.raises(ModelLoadError) as err:
        load_model_from(folder)
    message = str(err.value)
    assert message.startswith(str(folder / MODEL_FILE))
    assert ("damaged model artifact" if manifest_matches else "changed or truncated") in message


def test_byte_flipped_artifact_names_the_file(tmp_path, real_artifact):
    flipped = bytearray(real_artifact)
    flipped[len(flipped) // 2] ^= 0xFF
    folder = _artifact_dir(tmp_path, "models", bytes(flipped), manifest_matches=False)
    with pytest.raises(ModelLoadError, match="checksum does not match") as err:
        load_model_from(folder)
    assert str(folder / MODEL_FILE) in str(err.value)


def test_byte_flipped_artifact_with_forged_checksum_is_still_refused(tmp_path, real_artifact):
    """Even with a manifest forged to match, a flipped byte in the zip is caught (CRC)."""
    scratch = tmp_path / "scratch.npz"
    scratch.write_bytes(real_artifact)
    with zipfile.ZipFile(scratch) as zf:
        info = zf.getinfo("label_weights.npy")
    flipped = bytearray(real_artifact)
    name_len, extra_len = int.from_bytes(flipped[info.header_offset + 26:info.header_offset + 28], "little"), \
        int.from_bytes(flipped[info.header_offset + 28:info.header_offset + 30], "little")
    data_start = info.header_offset + 30 + name_len + extra_len
    flipped[data_start + info.compress_size // 2] ^= 0x01
    folder = _artifact_dir(tmp_path, "models", bytes(flipped), manifest_matches=True)
    with pytest.raises(ModelLoadError, match="damaged model artifact") as err:
        load_model_from(folder)
    assert str(folder / MODEL_FILE) in str(err.value)


def test_missing_or_foreign_manifest(tmp_path, real_artifact):
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / MODEL_FILE).write_bytes(b"x")
    with pytest.raises(ModelLoadError, match="manifest"):
        load_model_from(folder)
    (folder / MANIFEST_FILE).write_text(json.dumps({"format_version": 99}))
    with pytest.raises(ModelLoadError, match="format version 99"):
        load_model_from(folder)
    shutil.rmtree(folder)
    folder.mkdir()
    with pytest.raises(ModelLoadError, match="model file not found"):
        load_model_from(folder)
