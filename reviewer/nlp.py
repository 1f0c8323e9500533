"""spaCy language work: tokenisation, sentence and clause splitting, cue matching, features.

Everything runs on blank spaCy pipelines (nothing is downloaded): the English and Indonesian
tokenizers, spaCy's sentence-final punctuation list, and a PhraseMatcher over the cue phrases of `reviewer.cues`. Each draft becomes one feature string
for the draft-level models and one per segment (sentence, or clause of a long sentence) for
the evidence models. Feature strings are whitespace-separated tokens so that a plain
TfidfVectorizer (storable safely with skops) can read them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

import spacy
from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LIKE_NUM, LOWER
from spacy.tokens import Doc

from .cues import CUES, EXTRA_NORMS, NEGATORS

#: Sentence-final punctuation: spaCy's Sentencizer list (all scripts) plus the ellipsis.
SENTENCE_PUNCT = frozenset(Sentencizer.default_punct_chars) | {"…"}
CLAUSE_BREAK = frozenset({",", ";", ":", "-", "–", "—", "--"})
#: A clause of at least this many tokens ends at a comma, semicolon, colon or dash, so that
#: evidence points at the clause that carries a finding, not a whole run-on sentence.
MIN_CLAUSE = 5
NEGATION_WINDOW = 3


@dataclass(frozen=True)
class Segment:
    """A sentence or clause: character offsets into the draft, and its feature string."""

    start: int
    end: int
    features: str


@dataclass
class Analysis:
    """What the models need from one draft."""

    features: str
    segments: list[Segment] = field(default_factory=list)
    cue_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    n_words: int = 0


def tokenizer_language(lang: str) -> str:
    """Mixed drafts use the Indonesian tokenizer (its exceptions cover reduplication, "-nya")."""
    return "en" if lang == "en" else "id"


def pipeline(lang: str) -> Language:
    """The blank spaCy pipeline for a draft language: nothing trained, nothing downloaded.
    Built once per tokenizer language."""
    return _pipeline(tokenizer_language(lang))


@lru_cache(maxsize=None)
def _pipeline(code: str) -> Language:
    return spacy.blank(code)


def _matcher(lang: str) -> PhraseMatcher:
    return _matcher_for(tokenizer_language(lang))


@lru_cache(maxsize=None)
def _matcher_for(code: str) -> PhraseMatcher:
    nlp = _pipeline(code)
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for group, phrases in CUES.items():
        matcher.add(group, list(nlp.tokenizer.pipe(sorted(set(phrases)))))
    return matcher


def _tables(lang: str) -> tuple[object, object]:
    return _tables_for(tokenizer_language(lang))


@lru_cache(maxsize=None)
def _tables_for(code: str) -> tuple[object, object]:
    names = ["lexeme_norm"] if code == "en" else ["lexeme_norm", "lemma_lookup"]
    lookups = load_lookups(code, names)
    norm = lookups.get_table("lexeme_norm")
    lemma = lookups.get_table("lemma_lookup") if code == "id" else None
    return norm, lemma


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones merged ("ada urusan" + "urusan mendadak")."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _length_bucket(n_words: int) -> str:
    for limit, name in ((12, "LEN_tiny"), (30, "LEN_short"), (70, "LEN_medium"), (150, "LEN_long")):
        if n_words <= limit:
            return name
    return "LEN_verylong"


_ATTRS = (LOWER, IS_SPACE, IS_PUNCT, LIKE_NUM, IDX, LENGTH)


@lru_cache(maxsize=None)
def _token_info_cache(lang: str) -> dict[int, tuple[str, str | None, bool, bool, bool]]:
    return {}


def _token_info(lang: str, lower_hash: int, strings) -> tuple[str, str | None, bool, bool, bool]:
    """(normalised form, extra lemma feature, is negator, ends a sentence, breaks a clause),
    computed once per distinct lower-cased token: the hot loop then only does dict look-ups."""
    cache = _token_info_cache(lang)
    info = cache.get(lower_hash)
    if info is None:
        norm_table, lemma_table = _tables(lang)
        low = strings[lower_hash]
        norm = EXTRA_NORMS.get(low) or norm_table.get(low, low)
        lemma = lemma_table.get(norm) if lemma_table is not None else None
        extra = "LEM_" + lemma if lemma and lemma != norm else None
        ends_sentence = bool(low) and all(ch in SENTENCE_PUNCT for ch in low)
        info = (norm, extra, low in NEGATORS or norm in NEGATORS, ends_sentence, low in CLAUSE_BREAK)
        if len(cache) > 500_000:  # bound memory on endless streams of unseen tokens
            cache.clear()
        cache[lower_hash] = info
    return info


def analyse_doc(doc: Doc, lang: str, text: str | None = None) -> Analysis:
    """Turn one tokenised draft into feature strings, segments and cue spans.

    Token attributes are read in bulk with Doc.to_array; per-token work is dictionary look-ups.
    Sentences end at sentence-final punctuation (the rule of spaCy's Sentencizer, applied to
    the attribute arrays, which is several times faster than the component) and at line breaks
    (chat messages and emails rarely end lines with a full stop); clauses of long sentences
    end at commas, semicolons, colons and dashes.
    """
    if len(doc) == 0:
        return Analysis(f"LANG_{lang} LEN_tiny", [], {}, 0)
    strings = doc.vocab.strings
    lowers, spaces, puncts, nums, starts, lengths = doc.to_array(_ATTRS).T.tolist()
    if text is None:
        text = doc.text

    cue_at: dict[int, list[str]] = {}
    cue_spans: dict[str, list[tuple[int, int]]] = {}
    for match_id, start, end in _matcher(lang)(doc):
        group = strings[match_id]
        cue_at.setdefault(start, []).append("CUE_" + group)
        cue_spans.setdefault(group, []).append((starts[start], starts[end - 1] + lengths[end - 1]))
    cue_spans = {group: merge_spans(spans) for group, spans in cue_spans.items()}

    cache = _token_info_cache(lang)
    flat: list[str] = []
    segments: list[Segment] = []
    seg_from = 0  # index into `flat` where the open segment starts
    seg_start = -1
    seg_len = 0
    last_end = 0
    negate_left = 0
    n_words = 0
    for i, lower_hash in enumerate(lowers):
        if spaces[i]:
            negate_left = 0
            if seg_start >= 0 and "\n" in text[starts[i]:starts[i] + lengths[i]]:
                segments.append(Segment(seg_start, last_end, " ".join(flat[seg_from:])))
                seg_start, seg_from, seg_len = -1, len(flat), 0
            continue
        info = cache.get(lower_hash) or _token_info(lang, lower_hash, strings)
        norm, lemma, negator, ends_sentence, breaks_clause = info
        flat.append(norm)
        if puncts[i]:
            negate_left = 0
        else:
            n_words += 1
            if negate_left:
                flat.append("NOT_" + norm)
                negate_left -= 1
            if lemma:
                flat.append(lemma)
        if nums[i]:
            flat.append("NUM")
        if negator:
            negate_left = NEGATION_WINDOW
        if i in cue_at:
            flat.extend(cue_at[i])
        if seg_start < 0:
            seg_start = starts[i]
        seg_len += 1
        last_end = starts[i] + lengths[i]
        if ends_sentence or (breaks_clause and seg_len >= MIN_CLAUSE):
            segments.append(Segment(seg_start, last_end, " ".join(flat[seg_from:])))
            seg_start, seg_from, seg_len = -1, len(flat), 0
    if seg_start >= 0:
        segments.append(Segment(seg_start, last_end, " ".join(flat[seg_from:])))

    flat.append("LANG_" + lang)
    flat.append(_length_bucket(n_words))
    return Analysis(" ".join(flat), segments, cue_spans, n_words)


def analyse(texts: Sequence[str], langs: Sequence[str], batch_size: int = 256) -> list[Analysis]:
    """Analyse many drafts, batching them per tokenizer; output order equals input order."""
    if len(texts) != len(langs):
        raise ValueError("texts and langs must have the same length")
    results: list[Analysis | None] = [None] * len(texts)
    for tokenizer_lang in ("en", "id"):
        idx = [i for i, lang in enumerate(langs) if (lang == "en") == (tokenizer_lang == "en")]
        if not idx:
            continue
        docs: Iterable[Doc] = pipeline(tokenizer_lang).tokenizer.pipe((texts[i] for i in idx), batch_size=batch_size)
        for i, doc in zip(idx, docs):
            results[i] = analyse_doc(doc, langs[i], texts[i])
    return results  # type: ignore[return-value]
