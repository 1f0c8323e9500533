"""Shared fixtures for the core test suite.

The shipped model and the corpus are loaded once per session: loading the skops artifact and
building the spaCy pipelines are the slow parts, everything else is cheap.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MODELS_DIR = REPO / "models"
CORPUS_PATH = REPO / "data" / "corpus.jsonl"
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def model():
    """The shipped model, loaded once (the same object `review()` uses by default)."""
    from reviewer import load_model

    return load_model()


@pytest.fixture(scope="session")
def corpus():
    """data/corpus.jsonl as a DataFrame (read once; the file is rebuilt by scripts/build_corpus.py)."""
    from reviewer.training.corpus import load_corpus

    return load_corpus(CORPUS_PATH)


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 300, env: dict | None = None,
            module: bool = False) -> subprocess.CompletedProcess:
    """Run the installed `reviewer` console script (or `python -m reviewer.cli`) in a subprocess."""
    if module:
        cmd = [sys.executable, "-m", "reviewer.cli", *args]
    else:
        script = VENV_BIN / "reviewer"
        cmd = [str(script), *args] if script.exists() else [sys.executable, "-m", "reviewer.cli", *args]
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=full_env)


@pytest.fixture(scope="session")
def cli():
    """`run_cli` as a fixture, so test modules need not import conftest."""
    return run_cli
