"""The labeled corpus (data/corpus.jsonl) against the labeling guide and the data plan.

Size and rate thresholds describe the finished corpus; while batches are still being written
they may fail, which is the point: they say what is missing.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

import numpy as np
import pytest

from reviewer.training.corpus import REQUIRED_FIELDS, validate_row
from reviewer.labels import CHANNELS, LABELS, LANGUAGES, REASON_CATEGORIES, SPECIFIC_REASONS

MIN_SIZE = {"all": 2400, "en": 1350, "id": 600, "mixed": 300}
#: Corpus v2 (issue 8): at least this many drafts written in real-message styles.
V2_MIN = {"all": 1000, "short": 300, "id_or_mixed": 350}
STRESS_MIN = 250
NEAR_DUP = 0.85


def _norm(text: str) -> str:
    """Lower-case, punctuation removed, whitespace collapsed."""
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


def _rows(corpus):
    return corpus.to_dict("records")


# --- schema ------------------------------------------------------------------------------------

def test_validate_row_catches_broken_rows():
    """The schema checker itself must flag rows that break the guide (else the next test is empty)."""
    good = {"id": "x-1", "lang": "en", "channel": "email", "split": "train",
            "text": "So sorry, I have the flu. Thanks, Ana", "apology": 1, "clear_reason": 1, "oversharing": 0,
            "follow_up": 0, "gratitude": 1, "reschedule_request": 0, "reason_category": "illness",
            "evidence": {"apology": ["So sorry"], "clear_reason": ["I have the flu"], "gratitude": ["Thanks,"]}}
    assert validate_row(good) == []
    broken = [
        {**good, "lang": "fr"},
        {**good, "channel": "fax"},
        {**good, "split": "dev"},
        {**good, "reason_category": "bored"},
        {**good, "apology": 2},
        {**good, "evidence": {**good["evidence"], "apology": ["So very sorry"]}},  # not verbatim
        {**good, "evidence": {k: v for k, v in good["evidence"].items() if k != "gratitude"}},  # 1 without quote
        {**good, "evidence": {**good["evidence"], "oversharing": ["the flu"]}},  # 0 with quote
        {**good, "reschedule_request": 1, "evidence": {**good["evidence"], "reschedule_request": ["flu"]}},
        {**good, "reason_category": "vague"},  # clear_reason=1 with a non-specific category
        {k: v for k, v in good.items() if k != "text"},
    ]
    for row in broken:
        assert validate_row(row), row


def test_every_row_is_valid(corpus):
    problems = {row["id"]: p for row in _rows(corpus) if (p := validate_row(row))}
    assert not problems, f"{len(problems)} invalid rows, e.g. {list(problems.items())[:5]}"


def test_required_fields_and_types(corpus):
    assert set(REQUIRED_FIELDS) <= set(corpus.columns)
    assert corpus["lang"].isin(LANGUAGES).all()
    assert corpus["channel"].isin(CHANNELS).all()
    assert corpus["reason_category"].isin(REASON_CATEGORIES).all()
    assert corpus["split"].isin(["train", "test"]).all()
    for label in LABELS:
        assert corpus[label].isin([0, 1]).all(), label
    assert corpus["text"].map(lambda t: isinstance(t, str) and bool(t.strip())).all()
    assert corpus["evidence"].map(lambda e: isinstance(e, dict) and set(e) <= set(LABELS)).all()


def test_ids_unique(corpus):
    dup = corpus["id"][corpus["id"].duplicated()].tolist()
    assert not dup, f"duplicate ids: {dup[:10]}"
    assert corpus["id"].map(lambda i: isinstance(i, str) and bool(i)).all()


def test_evidence_quotes_verbatim_and_only_for_present_labels(corpus):
    bad = []
    for row in _rows(corpus):
        for label in LABELS:
            quotes = row["evidence"].get(label, [])
            if row[label] == 1 and not quotes:
                bad.append((row["id"], label, "no quote"))
            if row[label] == 0 and quotes:
                bad.append((row["id"], label, "quote for absent label"))
            for q in quotes:
                if not isinstance(q, str) or not q.strip() or q not in row["text"]:
                    bad.append((row["id"], label, q))
    assert not bad, f"{len(bad)} evidence problems, e.g. {bad[:5]}"


def test_reschedule_implies_follow_up(corpus):
    bad = corpus[(corpus["reschedule_request"] == 1) & (corpus["follow_up"] == 0)]["id"].tolist()
    assert not bad, bad[:10]


def test_clear_reason_agrees_with_reason_category(corpus):
    specific = corpus["reason_category"].isin(SPECIFIC_REASONS)
    bad = corpus[(corpus["clear_reason"] == 1) != specific][["id", "clear_reason", "reason_category"]]
    assert bad.empty, bad.head(10).to_dict("records")


# --- size and balance ---------------------------------------------------------------------------

def test_corpus_size(corpus):
    counts = corpus["lang"].value_counts().to_dict()
    assert len(corpus) >= MIN_SIZE["all"], f"{len(corpus)} drafts, want >= {MIN_SIZE['all']}"
    for lang in LANGUAGES:
        assert counts.get(lang, 0) >= MIN_SIZE[lang], f"{lang}: {counts.get(lang, 0)} drafts, want >= {MIN_SIZE[lang]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_label_rates_per_language(corpus, lang):
    part = corpus[corpus["lang"] == lang]
    assert len(part), f"no {lang} drafts"
    rates = {label: float(part[label].mean()) for label in LABELS}
    off = {label: round(r, 3) for label, r in rates.items() if not 0.25 <= r <= 0.70}
    assert not off, f"{lang}: label rates outside 25-70 %: {off}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_channel_per_language(corpus, lang):
    channels = set(corpus.loc[corpus["lang"] == lang, "channel"])
    assert channels == set(CHANNELS), f"{lang}: channels {sorted(channels)}"


def test_length_spread(corpus):
    words = corpus["text"].str.split().str.len()
    assert (words <= 10).sum() >= 1, "no very short drafts (<= 10 words)"
    assert (words >= 250).sum() >= 1, "no long drafts (>= 250 words)"


# --- duplicates ---------------------------------------------------------------------------------

def test_no_exact_duplicates_after_normalising(corpus):
    norm = corpus["text"].map(_norm)
    dup = corpus.loc[norm.duplicated(keep=False), ["id", "text"]]
    assert dup.empty, dup.head(10).to_dict("records")


def _near_duplicates(texts, ids) -> list[tuple]:
    """Char n-gram TF-IDF cosine finds candidate pairs fast; difflib confirms them."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    norm = [_norm(t) for t in texts]
    X = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(norm)
    sim = (X @ X.T).tocoo()
    cand = (sim.row < sim.col) & (sim.data > 0.5)
    near = []
    for i, j, s in zip(sim.row[cand], sim.col[cand], sim.data[cand]):
        ratio = SequenceMatcher(None, norm[i], norm[j], autojunk=False).ratio() if s <= NEAR_DUP else 1.0
        if s > NEAR_DUP or ratio > NEAR_DUP:
            near.append((ids[i], ids[j], round(float(s), 3), round(ratio, 3)))
    return near


def test_no_near_duplicates(corpus):
    near = _near_duplicates(corpus["text"].tolist(), corpus["id"].tolist())
    assert not near, f"{len(near)} near-duplicate pairs, e.g. {near[:10]}"


# --- split --------------------------------------------------------------------------------------

def test_test_split_share(corpus):
    share = float((corpus["split"] == "test").mean())
    assert 0.15 <= share <= 0.25, share


@pytest.mark.parametrize("lang", LANGUAGES)
def test_test_split_is_stratified_by_language(corpus, lang):
    part = corpus[corpus["lang"] == lang]
    assert len(part), f"no {lang} drafts"
    share = float((part["split"] == "test").mean())
    assert 0.15 <= share <= 0.25, f"{lang}: {share:.3f} of drafts in test"


def test_no_text_in_both_splits(corpus):
    norm = corpus["text"].map(_norm)
    train = set(norm[corpus["split"] == "train"])
    test = set(norm[corpus["split"] == "test"])
    both = train & test
    assert not both, list(both)[:5]


def test_every_label_occurs_in_test_split_per_language(corpus):
    """Per-language test F1 is only meaningful when both classes occur in each test slice."""
    test = corpus[corpus["split"] == "test"]
    missing = [(lang, label) for lang in LANGUAGES for label in LABELS
               if set(np.unique(test.loc[test["lang"] == lang, label])) != {0, 1}]
    assert not missing, missing


# --- corpus v2 and the stress split -------------------------------------------------------------

def test_v2_drafts_cover_real_message_styles(corpus):
    v2 = corpus[corpus["id"].str.startswith("v2-")]
    words = v2["text"].str.split().str.len()
    assert len(v2) >= V2_MIN["all"], len(v2)
    assert (words <= 25).sum() >= V2_MIN["short"], int((words <= 25).sum())
    assert v2["lang"].isin(["id", "mixed"]).sum() >= V2_MIN["id_or_mixed"]
    bare = v2["reason_category"].isin(["none", "vague"]).sum()
    assert bare >= 150, f"{bare} bare withdrawals or placeholder reasons"


@pytest.fixture(scope="module")
def stress():
    from reviewer.training.corpus import load_stress

    return load_stress()


def test_stress_rows_are_valid(stress):
    assert len(stress) >= STRESS_MIN
    problems = {row["id"]: validate_row(row) for row in stress.to_dict("records")}
    assert not {k: v for k, v in problems.items() if v}
    assert set(stress["split"]) == {"stress"} and stress["id"].is_unique
    assert set(stress["lang"]) == set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_stress_label_rates_per_language(stress, lang):
    part = stress[stress["lang"] == lang]
    rates = {label: round(float(part[label].mean()), 3) for label in LABELS}
    assert all(0.2 <= r <= 0.7 for r in rates.values()), (lang, rates)


def test_stress_split_shares_no_text_with_the_corpus(corpus, stress):
    texts = corpus["text"].tolist() + stress["text"].tolist()
    ids = corpus["id"].tolist() + stress["id"].tolist()
    near = [pair for pair in _near_duplicates(texts, ids)
            if pair[0].startswith("stress-") != pair[1].startswith("stress-")]
    assert not near, near[:10]
    assert not set(corpus["id"]) & set(stress["id"])
