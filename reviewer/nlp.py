"""spaCy language work: tokenisation, sentence and clause splitting, cue matching, features.

Everything runs on blank spaCy pipelines (nothing is downloaded): the English and Indonesian
tokenizers, spaCy's rule-based sentencizer plus a component that treats line breaks as
sentence breaks (chat messages and emails rarely end lines with a full stop), and a
PhraseMatcher over the cue phrases of `reviewer.cues`. Each draft becomes one feature string
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
from spacy.tokens import Doc

from .cues import CUES, EXTRA_NORMS, NEGATORS

SENTENCE_END = frozenset({".", "!", "?", "…", "!!", "??", "?!", "!?", "...", ".."})
CLAUSE_BREAK = frozenset({",", ";", ":", "-", "–", "—", "--"})
#: A clause of at least this many tokens ends at a comma, semicolon, colon or dash, so that
#: evidence points at the clause that carries a finding, not a whole run-on sentence.
MIN_CLAUSE = 5
NEGATION_WINDOW = 3


@Language.component("newline_sentence_breaks")
def newline_sentence_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break (before the sentencizer fills in the rest)."""
    for token in doc[:-1]:
        if "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


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


@lru_cache(maxsize=None)
def pipeline(lang: str) -> Language:
    """A blank spaCy pipeline for "en" or "id" (mixed drafts use the Indonesian tokenizer)."""
    nlp = spacy.blank("en" if lang == "en" else "id")
    nlp.add_pipe("newline_sentence_breaks")
    nlp.add_pipe("sentencizer", config={"overwrite": False})
    return nlp


@lru_cache(maxsize=None)
def _matcher(lang: str) -> PhraseMatcher:
    nlp = pipeline(lang)
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for group, phrases in CUES.items():
        matcher.add(group, list(nlp.tokenizer.pipe(sorted(set(phrases)))))
    return matcher


@lru_cache(maxsize=None)
def _tables(lang: str) -> tuple[object, object]:
    code = "en" if lang == "en" else "id"
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


def analyse_doc(doc: Doc, lang: str) -> Analysis:
    """Turn one tokenised draft into feature strings, segments and cue spans."""
    norm_table, lemma_table = _tables(lang)
    token_features: list[list[str]] = []
    negate_left = 0
    n_words = 0
    for token in doc:
        if token.is_space:
            token_features.append([])
            negate_left = 0
            continue
        low = token.lower_
        norm = EXTRA_NORMS.get(low) or norm_table.get(low, low)
        feats = [norm]
        if token.is_punct:
            negate_left = 0
        else:
            n_words += 1
            if negate_left:
                feats.append("NOT_" + norm)
                negate_left -= 1
            if lemma_table is not None:
                lemma = lemma_table.get(norm)
                if lemma and lemma != norm:
                    feats.append("LEM_" + lemma)
        if token.like_num:
            feats.append("NUM")
        if low in NEGATORS or norm in NEGATORS:
            negate_left = NEGATION_WINDOW
        token_features.append(feats)

    cue_spans: dict[str, list[tuple[int, int]]] = {}
    matcher = _matcher(lang)
    vocab_strings = doc.vocab.strings
    for match_id, start, end in matcher(doc):
        group = vocab_strings[match_id]
        token_features[start].append("CUE_" + group)
        span = doc[start:end]
        cue_spans.setdefault(group, []).append((span.start_char, span.end_char))
    cue_spans = {group: merge_spans(spans) for group, spans in cue_spans.items()}

    segments: list[Segment] = []
    seg_start: int | None = None
    seg_tokens: list[str] = []
    seg_len = 0
    last_end = 0

    def close() -> None:
        nonlocal seg_start, seg_tokens, seg_len
        if seg_start is not None and seg_tokens:
            segments.append(Segment(seg_start, last_end, " ".join(seg_tokens)))
        seg_start, seg_tokens, seg_len = None, [], 0

    for token, feats in zip(doc, token_features):
        if token.is_sent_start and seg_tokens:
            close()
        if token.is_space:
            continue
        if seg_start is None:
            seg_start = token.idx
        seg_tokens.extend(feats)
        seg_len += 1
        last_end = token.idx + len(token.text)
        text = token.text
        if text in SENTENCE_END:
            close()
        elif text in CLAUSE_BREAK and seg_len >= MIN_CLAUSE:
            close()
    close()

    flat = [f for feats in token_features for f in feats]
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
        docs: Iterable[Doc] = pipeline(tokenizer_lang).pipe((texts[i] for i in idx), batch_size=batch_size)
        for i, doc in zip(idx, docs):
            results[i] = analyse_doc(doc, langs[i])
    return results  # type: ignore[return-value]
