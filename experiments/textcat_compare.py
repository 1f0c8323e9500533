"""Cross-validated comparison of the shipped scikit-learn models with spaCy's `textcat_multilabel`.

The issue asks for trained classifiers "scikit-learn, spaCy's textcat, or both: compare them by
cross-validation and keep the better". This module runs that comparison on the corpus TRAIN split
only (the test split is never read), with exactly the folds of `reviewer.training.train`
(StratifiedKFold(5, shuffle=True, random_state=13) stratified by `lang`) and the metrics of
`reviewer.training.metrics.label_table` at a 0.5 threshold on the out-of-fold predictions:

* scikit-learn: `reviewer.training.train.out_of_fold_scores` with the default `ModelConfig` and (unless
  `search_sklearn=False`) every candidate of `reviewer.training.train.CANDIDATES`, to report the best;
* spaCy textcat, bag of words: `spacy.TextCatBOW.v3`, uni+bigrams, trained from scratch;
* spaCy textcat, CNN: `spacy.TextCatReduce.v1` (the successor of `spacy.TextCatCNN.v2`; mean and
  max pooling) over a small `spacy.HashEmbedCNN.v2` tok2vec (width 64, no pretrained vectors).

One textcat model serves all three languages, like the shipped models: about a thousand training
drafts are too few to split three ways, and code-mixed drafts share vocabulary with both the English and the
Indonesian ones. Each draft is tokenised exactly as the reviewer tokenises it at run time (the
blank "en" tokenizer for drafts detected as English, the blank "id" one for Indonesian and mixed,
see `reviewer.nlp.pipeline`); the component itself lives in a blank multi-language "xx" pipeline
whose tokenizer is never used (the textcat features are hashed token strings, so the host
language does not matter).

`python experiments/textcat_compare.py` writes models/model_comparison.json and prints a table.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd
import spacy
from sklearn.model_selection import StratifiedKFold
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from reviewer.artifacts import default_model_dir
from reviewer.training.corpus import load_corpus
from reviewer.labels import LABELS
from reviewer.language import detect_language
from reviewer.training.metrics import label_table
from reviewer.training.estimators import ModelConfig
from reviewer.nlp import pipeline

FOLDS = 5
SEED = 13
EPOCHS = 12
THRESHOLD = 0.5
DROPOUT = 0.1
BATCH_SIZE = 16
COMPARISON_FILE = "model_comparison.json"

#: The two textcat architectures compared, as spaCy config blocks.
ARCHITECTURES: dict[str, dict[str, Any]] = {
    "spacy_textcat_bow": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 262144,
    },
    "spacy_textcat_cnn": {
        "@architectures": "spacy.TextCatReduce.v1",
        "exclusive_classes": False,
        "use_reduce_first": False,
        "use_reduce_last": False,
        "use_reduce_max": True,
        "use_reduce_mean": True,
        "tok2vec": {
            "@architectures": "spacy.HashEmbedCNN.v2",
            "width": 64,
            "depth": 2,
            "embed_size": 2000,
            "window_size": 1,
            "maxout_pieces": 3,
            "subword_features": True,
            "pretrained_vectors": None,
        },
    },
}


def train_frame(data_path: Path | str | None = None) -> pd.DataFrame:
    """The TRAIN split of the corpus (the test split is dropped here and never looked at)."""
    corpus = load_corpus(data_path)
    return corpus[corpus["split"] == "train"].reset_index(drop=True)


def make_folds(frame: pd.DataFrame, n_splits: int = FOLDS, seed: int = SEED) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (train, held-out) index pairs of `reviewer.training.train.out_of_fold_scores`."""
    folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return list(folds.split(np.zeros(len(frame)), frame["lang"]))


def make_docs(texts: Sequence[str]) -> list[Doc]:
    """Tokenise drafts as `reviewer.training.train.analyse_frame` does: per detected language."""
    return [pipeline(detect_language(t)).make_doc(t) for t in texts]


def truth(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The 0/1 gold labels per label."""
    return {label: frame[label].to_numpy().astype(int) for label in LABELS}


def summarise(frame: pd.DataFrame, scores: dict[str, np.ndarray], threshold: float = THRESHOLD) -> dict[str, Any]:
    """Macro-F1, per-label F1 and per-language macro-F1 of out-of-fold scores (label_table)."""
    pred = {label: (np.asarray(scores[label]) >= threshold).astype(int) for label in LABELS}
    table = label_table(truth(frame), pred, frame["lang"].tolist())
    return {
        "cv_macro_f1": table["all"]["macro_f1"],
        "cv_f1": {label: v["f1"] for label, v in table["all"]["labels"].items()},
        "cv_macro_f1_per_lang": {g: t["macro_f1"] for g, t in table.items() if g != "all"},
        "table": table,
    }


def build_textcat(arch: str) -> Language:
    """A blank multi-language ("xx") pipeline holding one untrained `textcat_multilabel`.

    Its own tokenizer is never used (drafts arrive as Docs from `make_docs`); "xx" is chosen
    because building a blank "id" pipeline loads ~40k tokenizer exceptions (about 3 s) per fold.
    """
    nlp = spacy.blank("xx")
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": ARCHITECTURES[arch], "threshold": THRESHOLD})
    for label in LABELS:
        textcat.add_label(label)
    return nlp


def train_textcat(arch: str, docs: Sequence[Doc], cats: Sequence[dict[str, float]], epochs: int = EPOCHS,
                  seed: int = SEED) -> Language:
    """Train a textcat from scratch with fixed seeds: Adam (spaCy defaults, learning rate 0.001),
    shuffled batches of 16 drafts, dropout 0.1, a fixed number of epochs, no early stopping."""
    fix_random_seed(seed)
    nlp = build_textcat(arch)
    examples = [Example.from_dict(doc, {"cats": c}) for doc, c in zip(docs, cats)]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    order = list(range(len(examples)))
    for _ in range(epochs):
        rng.shuffle(order)
        for batch in minibatch([examples[i] for i in order], size=BATCH_SIZE):
            nlp.update(batch, sgd=optimizer, drop=DROPOUT)
    return nlp


def predict_textcat(nlp: Language, docs: Sequence[Doc]) -> dict[str, np.ndarray]:
    """Label scores for already tokenised drafts."""
    textcat = nlp.get_pipe("textcat_multilabel")
    scored = list(textcat.pipe(d.copy() for d in docs))
    return {label: np.array([d.cats[label] for d in scored]) for label in LABELS}


class Stopwatch:
    """Accumulates wall-clock and CPU (process) seconds; the CPU figure is the fairer one on a
    shared machine, the wall figure is what a user waits."""

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0

    def __enter__(self) -> "Stopwatch":
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._wall
        self.cpu += time.process_time() - self._cpu


def textcat_cv(frame: pd.DataFrame, arch: str, folds: Sequence[tuple[np.ndarray, np.ndarray]],
               epochs: int = EPOCHS, seed: int = SEED, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Out-of-fold scores and timings of one textcat architecture.

    Training time covers tokenisation of the training drafts plus the epochs; prediction time
    covers tokenisation plus scoring of the held-out drafts (as the reviewer would see them).
    """
    texts = frame["text"].tolist()
    gold = truth(frame)
    scores = {label: np.zeros(len(frame)) for label in LABELS}
    pipeline("en"), pipeline("id")  # build the tokenizers outside the timings
    fit, predict = Stopwatch(), Stopwatch()
    for k, (train_idx, test_idx) in enumerate(folds):
        with fit:
            docs = make_docs([texts[i] for i in train_idx])
            cats = [{label: float(gold[label][i]) for label in LABELS} for i in train_idx]
            nlp = train_textcat(arch, docs, cats, epochs, seed)
        with predict:
            fold_scores = predict_textcat(nlp, make_docs([texts[i] for i in test_idx]))
        for label in LABELS:
            scores[label][test_idx] = fold_scores[label]
        if progress:
            progress(f"{arch} fold {k + 1}/{len(folds)} ({fit.wall:.0f} s)")
    return {"scores": scores, "fit": fit, "predict": predict}


def sklearn_cv(frame: pd.DataFrame, configs: Sequence[ModelConfig],
               progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """`reviewer.training.train.out_of_fold_scores` for each configuration, plus a prediction-speed probe.

    Training time is the spaCy feature analysis of the drafts plus the cross-validation itself
    (whose own prediction step is a negligible part of it). Prediction speed is measured by fitting
    the first configuration on the first training fold and scoring every draft of the split (the
    union of the out-of-fold sets), feature analysis included (out_of_fold_scores does not expose
    its fitted models).
    """
    from reviewer.training.estimators import make_label_classifier, make_vectorizer
    from reviewer.training.train import analyse_frame, out_of_fold_scores

    analyse_frame(frame.groupby("lang").head(1))  # load tokenizers and lookups outside the timings
    analysis = Stopwatch()
    with analysis:
        analyses = analyse_frame(frame)
    runs = []
    for config in configs:
        fit = Stopwatch()
        with fit:
            scores = out_of_fold_scores(analyses, frame, config)
        fit.wall += analysis.wall
        fit.cpu += analysis.cpu
        runs.append({"config": config, "scores": scores, "fit": fit})
        if progress:
            progress(f"sklearn {asdict(config)} ({fit.wall:.0f} s)")

    config = configs[0]
    train_idx = make_folds(frame)[0][0]
    features = np.array([a.features for a in analyses], dtype=object)
    vectorizer = make_vectorizer(config)
    X = vectorizer.fit_transform(features[train_idx])
    models = {label: make_label_classifier(config).fit(X, frame[label].to_numpy()[train_idx]) for label in LABELS}
    predict = Stopwatch()
    with predict:
        X_all = vectorizer.transform([a.features for a in analyse_frame(frame)])
        for label in LABELS:
            models[label].predict_proba(X_all)
    return {"runs": runs, "predict": predict}


def _entry(frame: pd.DataFrame, scores: dict[str, np.ndarray], **extra: Any) -> dict[str, Any]:
    summary = summarise(frame, scores)
    summary.pop("table")
    return {**extra, **summary}


def _run_job(name: str, frame: pd.DataFrame, folds: Sequence[tuple[np.ndarray, np.ndarray]], epochs: int,
             configs: Sequence[ModelConfig], progress: Callable[[str], None] | None) -> dict[str, Any]:
    """One model family's cross-validation (a unit of work for the worker processes)."""
    if name == "sklearn":
        return sklearn_cv(frame, configs, progress)
    return textcat_cv(frame, name, folds, epochs, SEED, progress)


def _print_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def compare(data_path: Path | str | None = None, *, epochs: int = EPOCHS, folds: int = FOLDS,
            limit: int | None = None, include_sklearn: bool = True, search_sklearn: bool = True,
            jobs: int = 2, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run the whole comparison on the train split and return the report (see module docstring).

    The three model families run in `jobs` worker processes (2: the CNN on one core, sklearn then
    the bag of words on the other); CPU seconds are measured per process, so they do not depend
    on that. `search_sklearn` also cross-validates every reviewer.training.train.CANDIDATES config to
    report the best one. `limit` keeps the first N training drafts and `folds` changes the number
    of folds (both for quick checks only: the sklearn side always uses reviewer.training.train's 5
    folds, so it is skipped unless folds == 5). With jobs > 1 the progress callback must be
    picklable (a module-level function).
    """
    started = time.perf_counter()
    frame = train_frame(data_path)
    if limit:
        frame = frame.head(limit).reset_index(drop=True)
    fold_list = make_folds(frame, folds)
    n = len(frame)
    report: dict[str, Any] = {
        "folds": folds, "seed": SEED, "split": "train", "drafts": n,
        "per_language": {str(k): int(v) for k, v in frame["lang"].value_counts().sort_index().items()},
        "threshold": THRESHOLD,
        "versions": {"spacy": spacy.__version__, "scikit-learn": _sklearn_version()},
    }
    configs: list[ModelConfig] = []
    names = list(reversed(ARCHITECTURES))  # the slowest (CNN) first
    if include_sklearn and folds == FOLDS:
        from reviewer.training.train import CANDIDATES

        configs = [ModelConfig()] + ([c for c in CANDIDATES if c != ModelConfig()] if search_sklearn else [])
        names.insert(1, "sklearn")
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(names))) as pool:
            futures = {name: pool.submit(_run_job, name, frame, fold_list, epochs, configs, progress) for name in names}
            results = {name: future.result() for name, future in futures.items()}
    else:
        results = {name: _run_job(name, frame, fold_list, epochs, configs, progress) for name in names}

    train_seconds: dict[str, float] = {}
    cpu_seconds: dict[str, float] = {}
    speed: dict[str, float] = {}
    if "sklearn" in results:
        result = results["sklearn"]
        runs = [_entry(frame, r["scores"], config=asdict(r["config"]), train_seconds=round(r["fit"].wall, 1),
                       train_cpu_seconds=round(r["fit"].cpu, 1)) for r in result["runs"]]
        report["sklearn"] = {
            "model": "reviewer.training.train.out_of_fold_scores: TF-IDF over spaCy feature strings, "
                     "calibrated logistic regression per label",
            "default": runs[0], "best": max(runs, key=lambda r: r["cv_macro_f1"]), "searched": search_sklearn,
            "candidates": [{k: r[k] for k in ("config", "cv_macro_f1", "cv_macro_f1_per_lang", "train_seconds")}
                           for r in runs],
        }
        train_seconds["sklearn"] = runs[0]["train_seconds"]
        cpu_seconds["sklearn"] = runs[0]["train_cpu_seconds"]
        speed["sklearn"] = round(n / result["predict"].wall, 1)
    for arch in ARCHITECTURES:
        result = results[arch]
        report[arch] = _entry(frame, result["scores"], architecture=ARCHITECTURES[arch], epochs=epochs,
                              batch_size=BATCH_SIZE, dropout=DROPOUT, optimizer="Adam, learning rate 0.001",
                              pipeline="one textcat_multilabel for all languages, drafts tokenised by the "
                                       "blank en/id tokenizer of their detected language")
        train_seconds[arch] = round(result["fit"].wall, 1)
        cpu_seconds[arch] = round(result["fit"].cpu, 1)
        speed[arch] = round(n / result["predict"].wall, 1)

    report["train_seconds"] = {**train_seconds, "note": f"wall-clock, total over the {folds} training folds, "
                               "tokenisation/feature analysis included; sklearn: default config"}
    report["train_cpu_seconds"] = {**cpu_seconds, "note": "the same in CPU seconds of the worker process "
                                   "(fairer on a shared machine)"}
    report["predict_drafts_per_second"] = {**speed, "note": "wall-clock over the out-of-fold drafts, "
                                           "tokenisation/feature analysis included, batch scoring"}
    report["chosen"], report["why"] = _choose(report)
    report["comparison_seconds"] = round(time.perf_counter() - started, 1)
    report["comparison_setup"] = {"jobs": jobs, "cpu_count": os.cpu_count()}
    return report


def _sklearn_version() -> str:
    import sklearn
    return sklearn.__version__


def _choose(report: dict[str, Any]) -> tuple[str, str]:
    """The model with the best CV macro-F1 (sklearn is kept on a tie: it is what ships)."""
    scores = {"sklearn": report["sklearn"]["best"]["cv_macro_f1"]} if "sklearn" in report else {}
    scores.update({arch: report[arch]["cv_macro_f1"] for arch in ARCHITECTURES})
    chosen = max(scores, key=lambda k: (scores[k], k == "sklearn"))
    others = ", ".join(f"{k} {v:.4f}" for k, v in scores.items() if k != chosen)
    why = (f"{chosen} has the best {report['folds']}-fold CV macro-F1 on the train split "
           f"({scores[chosen]:.4f} vs {others})")
    entry = report["sklearn"]["best"] if chosen == "sklearn" else report[chosen]
    rivals = [report["sklearn"]["best"] if k == "sklearn" else report[k] for k in scores if k != chosen]
    per_lang = entry["cv_macro_f1_per_lang"]
    behind = [g for g in per_lang if any(r["cv_macro_f1_per_lang"].get(g, 0) > per_lang[g] for r in rivals)]
    why += "; it is ahead in every language" if not behind else f"; it is behind on {', '.join(behind)}"
    train, speed = report["train_cpu_seconds"], report["predict_drafts_per_second"]
    if all(train[chosen] <= train[k] for k in scores) and all(speed[chosen] >= speed[k] for k in scores):
        why += ", and it is also the fastest to train and to predict"
    if chosen == "sklearn":
        why += (". It stays the shipped model: calibrated scores, and the evidence and reason-category "
                "models share its features")
    return chosen, why + "."


def format_table(report: dict[str, Any]) -> str:
    """A short plain-text table: CV macro-F1 overall and per language, training time (wall and
    CPU seconds over the folds) and prediction speed per model."""
    rows: list[tuple[str, str, dict[str, Any]]] = []
    if "sklearn" in report:
        rows.append(("sklearn (default)", "sklearn", report["sklearn"]["default"]))
        best, default = report["sklearn"]["best"], report["sklearn"]["default"]
        if best["config"] != default["config"]:
            rows.append(("sklearn (best)", "sklearn", best))
    rows += [(arch, arch, report[arch]) for arch in ARCHITECTURES]
    langs = list(report["per_language"])
    head = (f"{'model':<18} {'macro-F1':>8} " + " ".join(f"{g:>6}" for g in langs)
            + f" {'train s':>8} {'cpu s':>6} {'pred/s':>7}")
    lines = [head, "-" * len(head)]
    for name, key, entry in rows:
        wall = entry.get("train_seconds", report["train_seconds"].get(key, float("nan")))
        cpu = entry.get("train_cpu_seconds", report["train_cpu_seconds"].get(key, float("nan")))
        lines.append(f"{name:<18} {entry['cv_macro_f1']:>8.4f} "
                     + " ".join(f"{entry['cv_macro_f1_per_lang'].get(g, 0):>6.3f}" for g in langs)
                     + f" {wall:>8.1f} {cpu:>6.1f} {report['predict_drafts_per_second'].get(key, float('nan')):>7.0f}")
    lines.append(f"chosen: {report['chosen']} - {report['why']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the comparison and write models/model_comparison.json."""
    parser = argparse.ArgumentParser(prog="python experiments/textcat_compare.py", description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="corpus file (default data/corpus.jsonl)")
    parser.add_argument("--out", help="output file (default models/model_comparison.json)")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--no-search", action="store_true",
                        help="cross-validate only the default sklearn config, not every candidate")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args(argv)
    report = compare(args.data, epochs=args.epochs, search_sklearn=not args.no_search, jobs=args.jobs,
                     progress=_print_progress)
    out = Path(args.out) if args.out else default_model_dir() / COMPARISON_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(format_table(report))
    print(f"wrote {out} in {report['comparison_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
