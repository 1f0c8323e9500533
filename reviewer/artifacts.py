"""Stores and loads the trained model safely.

Two files, both written by `reviewer train` and both checked against the SHA-256 in the
manifest:
- `reviewer.npz`: the model that reviews drafts, as plain numeric and string arrays, read
  with numpy's `allow_pickle=False`: loading it cannot run code, and needs neither
  scikit-learn nor skops.
- `reviewer.skops`: the fitted scikit-learn estimators it was converted from, for inspection
  and for tests that compare the two. Loading it refuses any type outside an allow-list.
A tampered or truncated file gives a clear error naming the file instead of executing code.
"""
from __future__ import annotations

import hashlib
import json
import os
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .model import ReviewerModel

if TYPE_CHECKING:
    from .training.estimators import FittedEstimators

MODEL_FILE = "reviewer.npz"
ESTIMATORS_FILE = "reviewer.skops"
MANIFEST_FILE = "manifest.json"
METRICS_FILE = "metrics.json"
FORMAT_VERSION = 4
ESTIMATOR_PARTS = ("vectorizer", "label_models", "thresholds", "category_model", "segment_vectorizer",
                   "segment_models", "stack_models", "category_decider")

#: Every type the estimators artifact may contain (checked with skops.io.get_untrusted_types).
TRUSTED_TYPES: tuple[str, ...] = (
    "builtins.dict", "builtins.list", "builtins.tuple", "builtins.str", "builtins.int",
    "builtins.float", "builtins.bool", "builtins.slice",
    "numpy.dtype", "numpy.ndarray", "numpy.float32", "numpy.float64", "numpy.int64", "numpy.int32",
    "numpy.str_",
    "scipy.sparse._csr.csr_matrix", "scipy.sparse._csr.csr_array",
    "sklearn.feature_extraction.text.TfidfVectorizer", "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression", "sklearn.svm._classes.LinearSVC",
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


def save_model(estimators: "FittedEstimators", directory: Path) -> ReviewerModel:
    """Write both artifacts and the manifest (checksums, format version, metadata); returns the
    runtime model exactly as it was stored."""
    import skops.io as sio

    directory.mkdir(parents=True, exist_ok=True)
    runtime = estimators.to_runtime()
    model_path, estimators_path = directory / MODEL_FILE, directory / ESTIMATORS_FILE
    tmp = directory / (MODEL_FILE + ".tmp")
    _write_npz(tmp, runtime.to_arrays())
    os.replace(tmp, model_path)
    tmp = directory / (ESTIMATORS_FILE + ".tmp")
    sio.dump({part: getattr(estimators, part) for part in ESTIMATOR_PARTS}, tmp, compression=zipfile.ZIP_DEFLATED)
    os.replace(tmp, estimators_path)
    manifest = {"format_version": FORMAT_VERSION, "model_file": MODEL_FILE, "sha256": sha256(model_path),
                "estimators_file": ESTIMATORS_FILE, "estimators_sha256": sha256(estimators_path),
                "meta": estimators.meta}
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return load_model_from(directory)


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Like numpy.savez_compressed, but byte-for-byte reproducible (fixed member timestamps,
    sorted names): retraining on the same data gives the same file and checksum."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asarray(arrays[name]), allow_pickle=False)


def _verified(directory: Path, file_key: str, default_name: str) -> tuple[Path, dict[str, Any]]:
    """The path of an artifact whose checksum matches the manifest, and the manifest."""
    manifest_path = directory / MANIFEST_FILE
    path = directory / default_name
    if not path.is_file():
        raise ModelLoadError(f"{path}: model file not found; run `reviewer train` to create it")
    try:
        manifest = json.loads(manifest_path.read_text())
    except Exception as exc:  # unreadable, not UTF-8, not JSON, nested beyond the recursion limit
        raise ModelLoadError(f"{manifest_path}: cannot read the model manifest "
                             f"({type(exc).__name__}: {exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        version = manifest.get("format_version") if isinstance(manifest, dict) else None
        raise ModelLoadError(f"{manifest_path}: format version {version!r} "
                             f"is not the supported {FORMAT_VERSION}; retrain with `reviewer train`")
    checksum_key = "sha256" if file_key == "model_file" else "estimators_sha256"
    try:
        digest = sha256(path)
    except OSError as exc:
        raise ModelLoadError(f"{path}: cannot read the model file ({exc.strerror or exc})") from None
    if digest != manifest.get(checksum_key):
        raise ModelLoadError(f"{path}: checksum does not match {manifest_path.name}: the file was changed "
                             "or truncated; restore it from git or retrain with `reviewer train`")
    return path, manifest


def load_model_from(directory: Path) -> ReviewerModel:
    """Load and verify the runtime model in `directory`; raises ModelLoadError naming the file."""
    path, manifest = _verified(Path(directory), "model_file", MODEL_FILE)
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        return ReviewerModel.from_arrays(arrays, manifest.get("meta", {}))
    except Exception as exc:  # zip, npy header, missing part, shape: all mean a damaged artifact
        raise ModelLoadError(f"{path}: damaged model artifact ({type(exc).__name__}: {exc}); "
                             "restore it from git or retrain with `reviewer train`") from None


def load_estimators(directory: Path | str | None = None) -> "FittedEstimators":
    """The fitted scikit-learn estimators behind the runtime model (imports scikit-learn and
    skops, which reviewing never does)."""
    import skops.io as sio

    from .training.estimators import FittedEstimators

    directory = Path(directory) if directory else default_model_dir()
    path, manifest = _verified(directory, "estimators_file", ESTIMATORS_FILE)
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
    if not isinstance(payload, dict) or set(payload) != set(ESTIMATOR_PARTS):
        raise ModelLoadError(f"{path}: unexpected content; retrain with `reviewer train`")
    return FittedEstimators(meta=manifest.get("meta", {}), **payload)


@lru_cache(maxsize=4)
def _cached(directory: str) -> ReviewerModel:
    return load_model_from(Path(directory))


def load_model(directory: Path | str | None = None) -> ReviewerModel:
    """The model for `directory` (default: the shipped one), loaded once per process."""
    return _cached(str(Path(directory) if directory else default_model_dir()))


def clear_model_cache() -> None:
    """Forget loaded models (after retraining in the same process)."""
    _cached.cache_clear()
