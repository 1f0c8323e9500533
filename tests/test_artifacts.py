"""The model artifacts: load when intact, refuse anything changed, damaged or unsafe, and the
runtime model computes exactly what the fitted scikit-learn estimators compute."""
from __future__ import annotations

import json
import os
import shutil
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from reviewer.artifacts import (ESTIMATORS_FILE, FORMAT_VERSION, MANIFEST_FILE, MODEL_FILE, ModelLoadError,
                                load_estimators, load_model, load_model_from, sha256)
from reviewer.labels import LABELS
from reviewer.model import ReviewerModel, pick_categories

MODELS = Path(__file__).resolve().parent.parent / "models"
PAYLOAD_KEYS = ("vectorizer", "label_models", "thresholds", "category_model", "segment_vectorizer",
                "segment_models")


class Canary:
    """Writes a marker file when it is reconstructed: proof that loading ran code."""

    def __init__(self, marker: str):
        self.marker = marker

    def __setstate__(self, state):
        Path(state["marker"]).write_text("executed")
        self.__dict__.update(state)


def _write_manifest(directory: Path) -> None:
    """A manifest whose checksums match whatever artifact files are in `directory`
    (an attacker who can replace the artifact can replace the manifest too)."""
    manifest = {"format_version": FORMAT_VERSION, "model_file": MODEL_FILE, "estimators_file": ESTIMATORS_FILE,
                "meta": {}}
    if (directory / MODEL_FILE).exists():
        manifest["sha256"] = sha256(directory / MODEL_FILE)
    if (directory / ESTIMATORS_FILE).exists():
        manifest["estimators_sha256"] = sha256(directory / ESTIMATORS_FILE)
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest))


def _write_artifact(directory: Path, payload) -> Path:
    """Dump `payload` with skops as the estimators file, with a matching manifest."""
    import skops.io as sio

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / ESTIMATORS_FILE
    sio.dump(payload, path)
    _write_manifest(directory)
    return path


def _write_npz(directory: Path, arrays: dict, allow_pickle: bool = False) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    with open(path, "wb") as fh:
        np.savez(fh, allow_pickle=allow_pickle, **arrays) if allow_pickle else np.savez(fh, **arrays)
    _write_manifest(directory)
    return path


@pytest.fixture
def models_copy(tmp_path) -> Path:
    target = tmp_path / "models"
    shutil.copytree(MODELS, target)
    return target


@pytest.fixture(scope="module")
def shipped_arrays() -> dict[str, np.ndarray]:
    with np.load(MODELS / MODEL_FILE, allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


def test_shipped_model_loads(model):
    assert isinstance(model, ReviewerModel)
    assert model.label_weights.shape == (model.doc_terms.n_features, len(LABELS))
    assert model.segment_weights.shape == (model.segment_terms.n_features, len(LABELS))
    assert set(model.thresholds) == set(LABELS)
    assert all(0.0 < t < 1.0 for t in model.thresholds.values())
    assert model.meta.get("trained_on", {}).get("drafts", 0) > 0
    assert load_model() is load_model()  # loaded once per process, then cached
    assert len(repr(model)) < 500  # prints as a summary, not 13,000 terms


def test_reviewing_does_not_import_scikit_learn_or_skops():
    """The review path is numpy-only; scikit-learn and skops are for training and inspection."""
    import subprocess

    code = ("import sys, reviewer; reviewer.review('Sorry, I must cancel tomorrow. Thanks, Ana'); "
            "print(sorted(m for m in ('sklearn', 'skops') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_manifest_checksum_matches_shipped_file():
    manifest = json.loads((MODELS / MANIFEST_FILE).read_text())
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["sha256"] == sha256(MODELS / MODEL_FILE)
    assert manifest["estimators_sha256"] == sha256(MODELS / ESTIMATORS_FILE)


@pytest.mark.parametrize("name", [MODEL_FILE, ESTIMATORS_FILE])
def test_flipped_byte_in_either_file_is_refused(models_copy, name):
    path = models_copy / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="checksum") as info:
        load_model_from(models_copy) if name == MODEL_FILE else load_estimators(models_copy)
    assert name in str(info.value)


def test_missing_model_file(tmp_path, models_copy):
    (models_copy / MODEL_FILE).unlink()
    with pytest.raises(ModelLoadError) as info:
        load_model_from(models_copy)
    assert MODEL_FILE in str(info.value)
    with pytest.raises(ModelLoadError):
        load_model_from(tmp_path / "nowhere")


def test_absurdly_nested_manifest_is_a_clear_error(models_copy):
    (models_copy / MANIFEST_FILE).write_text("[" * 100_000)
    with pytest.raises(ModelLoadError, match=MANIFEST_FILE):
        load_model_from(models_copy)


def test_missing_manifest(models_copy):
    (models_copy / MANIFEST_FILE).unlink()
    with pytest.raises(ModelLoadError) as info:
        load_model_from(models_copy)
    assert MANIFEST_FILE in str(info.value)


def test_wrong_format_version(models_copy):
    manifest = json.loads((models_copy / MANIFEST_FILE).read_text())
    manifest["format_version"] = FORMAT_VERSION + 1
    (models_copy / MANIFEST_FILE).write_text(json.dumps(manifest))
    with pytest.raises(ModelLoadError) as info:
        load_model_from(models_copy)
    assert MANIFEST_FILE in str(info.value)


def test_truncated_file_with_matching_checksum_is_refused(models_copy):
    path = models_copy / MODEL_FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    manifest = json.loads((models_copy / MANIFEST_FILE).read_text())
    manifest["sha256"] = sha256(path)
    (models_copy / MANIFEST_FILE).write_text(json.dumps(manifest))
    with pytest.raises(ModelLoadError) as info:
        load_model_from(models_copy)
    assert MODEL_FILE in str(info.value)


def test_not_a_zip_with_matching_checksum_is_refused(tmp_path):
    directory = tmp_path / "m"
    directory.mkdir()
    path = directory / MODEL_FILE
    path.write_bytes(b"\x80\x04\x95 this is a pickle, not an npz zip")
    _write_manifest(directory)
    with pytest.raises(ModelLoadError) as info:
        load_model_from(directory)
    assert MODEL_FILE in str(info.value)


def test_pickled_object_array_is_refused_without_running_it(tmp_path, shipped_arrays):
    """An npz that is complete and checksummed but carries a pickled object (which would run
    code when unpickled) in place of an array: numpy refuses it with allow_pickle=False."""
    control_marker = tmp_path / "control-ran"
    control = _write_npz(tmp_path / "control", {"x": np.array([Canary(str(control_marker))], dtype=object)},
                         allow_pickle=True)
    with np.load(control, allow_pickle=True) as npz:  # positive control: with pickle, the code runs
        npz["x"]
    assert control_marker.exists()

    marker = tmp_path / "canary-ran"
    arrays = dict(shipped_arrays)
    arrays["label_bias"] = np.array([Canary(str(marker))], dtype=object)
    _write_npz(tmp_path / "m", arrays, allow_pickle=True)
    with pytest.raises(ModelLoadError) as info:
        load_model_from(tmp_path / "m")
    assert MODEL_FILE in str(info.value) and "pickle" in str(info.value).lower()
    assert not marker.exists(), "loading executed code from the artifact"


@pytest.mark.parametrize("damage", ["missing part", "wrong shape", "nan weight", "unsorted bigrams",
                                    "other labels", "bad column", "nan idf", "threshold out of range",
                                    "bigram of the unknown id", "duplicate unigram"])
def test_inconsistent_arrays_are_refused(tmp_path, shipped_arrays, damage):
    arrays = dict(shipped_arrays)
    if damage == "missing part":
        del arrays["segment_bias"]
    elif damage == "wrong shape":
        arrays["label_weights"] = arrays["label_weights"][:-1]
    elif damage == "nan weight":
        arrays["category_bias"] = np.full_like(arrays["category_bias"], np.nan)
    elif damage == "unsorted bigrams":
        arrays["doc_bigram_keys"] = arrays["doc_bigram_keys"][::-1].copy()
    elif damage == "other labels":
        arrays["labels"] = arrays["labels"][::-1].copy()
    elif damage == "nan idf":
        arrays["segment_idf"] = np.full_like(arrays["segment_idf"], np.nan)
    elif damage == "threshold out of range":
        arrays["thresholds"] = arrays["thresholds"] + 5.0
    elif damage == "bigram of the unknown id":
        width = len(arrays["doc_unigrams"]) + 1
        keys = arrays["doc_bigram_keys"].copy()
        keys[-1] = (width - 1) * width + 0  # first word = the id that marks unknown tokens
        arrays["doc_bigram_keys"] = np.sort(keys)
    elif damage == "duplicate unigram":
        unigrams = arrays["doc_unigrams"].copy()
        unigrams[1] = unigrams[0]
        arrays["doc_unigrams"] = unigrams
    else:
        arrays["doc_unigram_columns"] = arrays["doc_unigram_columns"] + 10**6
    _write_npz(tmp_path / "m", arrays)
    with pytest.raises(ModelLoadError) as info:
        load_model_from(tmp_path / "m")
    assert MODEL_FILE in str(info.value)


def test_rewritten_arrays_load_to_the_same_model(tmp_path, shipped_arrays, model):
    """Positive control for the damage tests above: the same arrays, undamaged, load fine."""
    _write_npz(tmp_path / "m", dict(shipped_arrays))
    again = load_model_from(tmp_path / "m")
    assert np.array_equal(again.label_weights, model.label_weights)
    assert again.doc_terms.unigrams == model.doc_terms.unigrams


def test_untrusted_function_is_refused(tmp_path):
    from sklearn.preprocessing import FunctionTransformer

    payload = {key: {} for key in PAYLOAD_KEYS}
    payload["vectorizer"] = FunctionTransformer(func=os.system, kw_args={"command": "echo pwned"})
    _write_artifact(tmp_path / "m", payload)
    with pytest.raises(ModelLoadError) as info:
        load_estimators(tmp_path / "m")
    message = str(info.value)
    assert ESTIMATORS_FILE in message
    assert "FunctionTransformer" in message or "system" in message


def test_untrusted_custom_class_is_refused_without_running_it(tmp_path):
    import skops.io as sio

    # positive control: loading the same kind of file with everything trusted does run the canary
    control_marker = tmp_path / "control-ran"
    control = _write_artifact(tmp_path / "control", {"x": Canary(str(control_marker))})
    sio.load(control, trusted=sio.get_untrusted_types(file=control))
    assert control_marker.exists()

    marker = tmp_path / "canary-ran"
    payload = {key: {} for key in PAYLOAD_KEYS}
    payload["category_model"] = Canary(str(marker))
    _write_artifact(tmp_path / "m", payload)
    with pytest.raises(ModelLoadError) as info:
        load_estimators(tmp_path / "m")
    assert "Canary" in str(info.value)
    assert not marker.exists(), "loading executed code from the artifact"


def test_trusted_types_but_wrong_content_is_refused(tmp_path):
    _write_artifact(tmp_path / "m", {"vectorizer": [1, 2, 3]})
    with pytest.raises(ModelLoadError) as info:
        load_estimators(tmp_path / "m")
    assert ESTIMATORS_FILE in str(info.value)


def test_extra_member_in_zip_changes_checksum(models_copy):
    path = models_copy / MODEL_FILE
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("extra.txt", "hello")
    with pytest.raises(ModelLoadError, match="checksum"):
        load_model_from(models_copy)


def test_shipped_estimators_load_and_convert_to_the_shipped_model(model):
    estimators = load_estimators()
    assert set(estimators.label_models) == set(LABELS) == set(estimators.segment_models)
    converted = estimators.to_runtime()
    for name in ("label_weights", "label_bias", "stack_weights", "stack_bias", "category_weights",
                 "category_bias", "decider_weights", "decider_bias", "segment_weights", "segment_bias"):
        assert np.array_equal(getattr(converted, name), getattr(model, name)), name
    assert converted.thresholds == model.thresholds
    assert converted.category_classes == model.category_classes


def test_runtime_model_equals_the_fitted_estimators(model, corpus):
    """The numpy model (our TF-IDF indexing plus stacked weights) gives what the scikit-learn
    estimators' transform + predict_proba give, for labels, categories and segments, on every
    corpus draft."""
    from reviewer.language import detect_language
    from reviewer.nlp import analyse

    estimators = load_estimators()
    texts = corpus["text"].tolist()
    analyses = analyse(texts, [detect_language(t) for t in texts])
    X_ref = estimators.vectorizer.transform([a.features for a in analyses])
    X = model.doc_terms.transform([a.doc_tokens for a in analyses])
    assert X.shape == X_ref.shape and abs(X - X_ref).max() < 1e-6
    decisions = model.label_decisions(X)
    for j, label in enumerate(LABELS):
        expected = estimators.label_models[label].decision_function(X_ref)
        assert np.allclose(decisions[:, j], expected, atol=1e-6), label
    assert np.allclose(model.category_proba(X), estimators.category_model.predict_proba(X_ref), atol=1e-6)
    decider = estimators.category_decider.decision_function(X_ref)
    assert np.allclose(model.category_decisions(X), decider, atol=1e-6)
    S_ref = estimators.segment_vectorizer.transform([f for a in analyses for f in a.segment_features()])
    S = model.segment_terms.transform([t for a in analyses for t in a.segment_tokens()])
    assert S.shape == S_ref.shape and abs(S - S_ref).max() < 1e-6
    segment = model.segment_decisions(S)
    for j, label in enumerate(LABELS):
        assert np.allclose(segment[:, j], estimators.segment_models[label].decision_function(S_ref), atol=1e-6)
    # The final, stacked scores and decisions: the whole review path against scikit-learn.
    final = model.predict(analyses, with_evidence=False)
    expected = estimators.predict_proba(analyses)
    for j, label in enumerate(LABELS):
        if label == "follow_up":  # a reschedule request implies a follow-up: lifted after stacking
            continue
        assert np.allclose(final.scores[label], expected[:, j], atol=1e-6), label
        assert np.array_equal(final.present[label], expected[:, j] >= model.thresholds[label]), label
    # The category shown: the decider's best on the side scikit-learn's clear_reason decision allows.
    has_reason = expected[:, LABELS.index("clear_reason")] >= model.thresholds["clear_reason"]
    shown = np.asarray(estimators.category_decider.classes_)[pick_categories(model.category_classes, decider, has_reason)]
    assert final.reason_category == shown.tolist()


def test_saving_the_same_estimators_twice_gives_the_same_runtime_file(tmp_path, model):
    """The runtime artifact is byte-for-byte reproducible, so a retrain on the same data can be
    checked by its checksum (skops names its members by object id, so that file is not)."""
    from reviewer.artifacts import save_model

    estimators = load_estimators()
    first = save_model(estimators, tmp_path / "a")
    save_model(estimators, tmp_path / "b")
    assert sha256(tmp_path / "a" / MODEL_FILE) == sha256(tmp_path / "b" / MODEL_FILE)
    # (not compared with the shipped file's checksum: another zlib may compress differently)
    with np.load(tmp_path / "a" / MODEL_FILE) as saved, np.load(MODELS / MODEL_FILE) as shipped:
        assert sorted(saved.files) == sorted(shipped.files)
        assert all(np.array_equal(saved[name], shipped[name]) for name in saved.files)
    assert np.array_equal(first.label_weights, model.label_weights)
