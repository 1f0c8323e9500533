"""The model artifact: loads when intact, refuses anything changed, damaged or unsafe."""
from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from reviewer.artifacts import (FORMAT_VERSION, MANIFEST_FILE, MODEL_FILE, ModelLoadError, load_model,
                                load_model_from, sha256)
from reviewer.labels import LABELS
from reviewer.model import ReviewerModel

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


def _write_artifact(directory: Path, payload) -> Path:
    """Dump `payload` with skops and write a manifest whose checksum matches it."""
    import skops.io as sio

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    sio.dump(payload, path)
    manifest = {"format_version": FORMAT_VERSION, "model_file": MODEL_FILE, "sha256": sha256(path), "meta": {}}
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest))
    return path


@pytest.fixture
def models_copy(tmp_path) -> Path:
    target = tmp_path / "models"
    shutil.copytree(MODELS, target)
    return target


def test_shipped_model_loads(model):
    assert isinstance(model, ReviewerModel)
    assert set(model.label_models) == set(LABELS) == set(model.segment_models)
    assert set(model.thresholds) == set(LABELS)
    assert all(0.0 < t < 1.0 for t in model.thresholds.values())
    assert model.meta.get("trained_on", {}).get("drafts", 0) > 0
    assert load_model() is load_model()  # loaded once per process, then cached


def test_manifest_checksum_matches_shipped_file():
    manifest = json.loads((MODELS / MANIFEST_FILE).read_text())
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["sha256"] == sha256(MODELS / MODEL_FILE)


def test_flipped_byte_is_refused(models_copy):
    path = models_copy / MODEL_FILE
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError) as info:
        load_model_from(models_copy)
    assert MODEL_FILE in str(info.value)
    assert "checksum" in str(info.value)


def test_missing_model_file(tmp_path, models_copy):
    (models_copy / MODEL_FILE).unlink()
    with pytest.raises(ModelLoadError) as info:
        load_model_from(models_copy)
    assert MODEL_FILE in str(info.value)
    with pytest.raises(ModelLoadError):
        load_model_from(tmp_path / "nowhere")


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
    path.write_bytes(b"\x80\x04\x95 this is a pickle, not a skops zip")
    (directory / MANIFEST_FILE).write_text(json.dumps({"format_version": FORMAT_VERSION, "sha256": sha256(path)}))
    with pytest.raises(ModelLoadError) as info:
        load_model_from(directory)
    assert MODEL_FILE in str(info.value)


def test_untrusted_function_is_refused(tmp_path):
    from sklearn.preprocessing import FunctionTransformer

    payload = {key: {} for key in PAYLOAD_KEYS}
    payload["vectorizer"] = FunctionTransformer(func=os.system, kw_args={"command": "echo pwned"})
    _write_artifact(tmp_path / "m", payload)
    with pytest.raises(ModelLoadError) as info:
        load_model_from(tmp_path / "m")
    message = str(info.value)
    assert MODEL_FILE in message
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
        load_model_from(tmp_path / "m")
    assert "Canary" in str(info.value)
    assert not marker.exists(), "loading executed code from the artifact"


def test_trusted_types_but_wrong_content_is_refused(tmp_path):
    _write_artifact(tmp_path / "m", {"vectorizer": [1, 2, 3]})
    with pytest.raises(ModelLoadError) as info:
        load_model_from(tmp_path / "m")
    assert MODEL_FILE in str(info.value)


def test_extra_member_in_zip_changes_checksum(models_copy):
    path = models_copy / MODEL_FILE
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("extra.txt", "hello")
    with pytest.raises(ModelLoadError, match="checksum"):
        load_model_from(models_copy)


def test_stacked_scorers_equal_the_fitted_estimators(model):
    """The fast path (one sparse product per model family) must give exactly what the
    scikit-learn estimators' predict_proba gives, for labels, categories and segments."""
    import numpy as np

    from reviewer.labels import LABELS
    from reviewer.language import detect_language
    from reviewer.nlp import analyse

    texts = ["So sorry, I have the flu and must cancel tomorrow. Could we do Friday? Thanks, Ana",
             "Mohon maaf Bu, saya tidak bisa hadir besok karena ada urusan mendadak.",
             "sorry banget kak aku gak bisa dateng, motor mogok, bisa reschedule? makasih",
             "I will not be attending. My grandmother was abducted by aliens."]
    analyses = analyse(texts, [detect_language(t) for t in texts])
    X = model.vectorizer.transform([a.features for a in analyses])
    fast = model._scorers()
    for label, scores in fast.label_scores(X).items():
        assert np.allclose(scores, model.label_models[label].predict_proba(X)[:, 1], atol=1e-9), label
    assert np.allclose(fast.category_proba(X), model.category_model.predict_proba(X), atol=1e-9)
    S = model.segment_vectorizer.transform([s.features for a in analyses for s in a.segments])
    segment = fast.segment_scores(S)
    for j, label in enumerate(LABELS):
        assert np.allclose(segment[:, j], model.segment_models[label].predict_proba(S)[:, 1], atol=1e-9), label
