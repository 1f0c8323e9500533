"""Stores and loads the trained model safely.

The model is saved with skops (a zip of JSON and arrays, no pickle). Loading checks the file's
SHA-256 against the manifest written at training time and refuses any type outside an explicit
allow-list, so a tampered or truncated artifact gives a clear error naming the file instead of
executing code.
"""
from __future__ import annotations

import hashlib
import json
import os
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import ReviewerModel

MODEL_FILE = "reviewer.skops"
MANIFEST_FILE = "manifest.json"
METRICS_FILE = "metrics.json"
FORMAT_VERSION = 1

#: Every type the reviewer's artifact may contain (checked with skops.io.get_untrusted_types).
TRUSTED_TYPES: tuple[str, ...] = (
    "builtins.dict", "builtins.list", "builtins.tuple", "builtins.str", "builtins.int",
    "builtins.float", "builtins.bool", "builtins.slice",
    "numpy.dtype", "numpy.ndarray", "numpy.float32", "numpy.float64", "numpy.int64", "numpy.int32",
    "numpy.str_",
    "scipy.sparse._csr.csr_matrix", "scipy.sparse._csr.csr_array",
    "sklearn.calibration.CalibratedClassifierCV", "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.feature_extraction.text.TfidfVectorizer", "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.FeatureUnion",
)


class ModelLoadError(RuntimeError):
    """The model artifact is missing, damaged or contains something it must not."""


def default_model_dir() -> Path:
    """REVIEWER_MODEL_DIR if set, else the repository's models/ folder beside the package."""
    env = os.environ.get("REVIEWER_MODEL_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "models"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def save_model(model: ReviewerModel, directory: Path) -> Path:
    """Write the artifact and its manifest (checksum, format version, metadata)."""
    import skops.io as sio

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    payload: dict[str, Any] = {
        "vectorizer": model.vectorizer,
        "label_models": model.label_models,
        "thresholds": model.thresholds,
        "category_model": model.category_model,
        "segment_vectorizer": model.segment_vectorizer,
        "segment_models": model.segment_models,
    }
    tmp = path.with_suffix(".tmp")
    sio.dump(payload, tmp, compression=zipfile.ZIP_DEFLATED)
    os.replace(tmp, path)
    manifest = {"format_version": FORMAT_VERSION, "model_file": MODEL_FILE, "sha256": sha256(path),
                "meta": model.meta}
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return path


def load_model_from(directory: Path) -> ReviewerModel:
    """Load and verify the artifact in `directory`; raises ModelLoadError naming the file."""
    import skops.io as sio

    directory = Path(directory)
    path = directory / MODEL_FILE
    manifest_path = directory / MANIFEST_FILE
    if not path.is_file():
        raise ModelLoadError(f"{path}: model file not found; run `reviewer train` to create it")
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"{manifest_path}: cannot read the model manifest ({exc})") from None
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ModelLoadError(f"{manifest_path}: format version {manifest.get('format_version')!r} "
                             f"is not the supported {FORMAT_VERSION}; retrain with `reviewer train`")
    if sha256(path) != manifest.get("sha256"):
        raise ModelLoadError(f"{path}: checksum does not match {manifest_path.name}: the file was changed "
                             "or truncated; restore it from git or retrain with `reviewer train`")
    try:
        untrusted = sio.get_untrusted_types(file=path)
        unexpected = sorted(set(untrusted) - set(TRUSTED_TYPES))
        if unexpected:
            raise ModelLoadError(f"{path}: refuses to load types outside the allow-list: {', '.join(unexpected)}")
        payload = sio.load(path, trusted=[t for t in untrusted])
    except ModelLoadError:
        raise
    except Exception as exc:  # zipfile/JSON/skops errors all mean a damaged artifact
        raise ModelLoadError(f"{path}: damaged model artifact ({type(exc).__name__}: {exc})") from None
    if not isinstance(payload, dict) or set(payload) != {
            "vectorizer", "label_models", "thresholds", "category_model", "segment_vectorizer", "segment_models"}:
        raise ModelLoadError(f"{path}: unexpected content; retrain with `reviewer train`")
    return ReviewerModel(meta=manifest.get("meta", {}), **payload)


@lru_cache(maxsize=4)
def _cached(directory: str) -> ReviewerModel:
    return load_model_from(Path(directory))


def load_model(directory: Path | str | None = None) -> ReviewerModel:
    """The model for `directory` (default: the shipped one), loaded once per process."""
    return _cached(str(Path(directory) if directory else default_model_dir()))


def clear_model_cache() -> None:
    """Forget loaded models (after retraining in the same process)."""
    _cached.cache_clear()
