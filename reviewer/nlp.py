"""spaCy language work: tokenisation, sentence and clause splitting, cue matching, features.

Everything runs on blank spaCy pipelines (nothing is downloaded): the English and Indonesian
tokenizers, spaCy's sentence-final punctuation list, and a PhraseMatcher over the cue phrases
of `reviewer.cues`. Each draft becomes one list of feature tokens for the draft-level models;
each segment (sentence, or clause of a long sentence) is a slice of that list for the evidence
models. Joined with spaces, the tokens are the text a plain TfidfVectorizer is trained on
(`Analysis.features`); at review time `reviewer.features` indexes the lists directly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

import spacy
from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.attrs import IDX, LENGTH, ORTH
from spacy.tokens import Doc

from .cues import CUES, EXTRA_NORMS, NEGATORS

#: Sentence-final punctuation: spaCy's Sentencizer list (all scripts) plus the ellipsis.
SENTENCE_PUNCT = frozenset(Sentencizer.default_punct_chars) | {"…"}
CLAUSE_BREAK = frozenset({",", ";", ":", "-", "–", "—", "--"})
#: A clause of at least this many tokens ends at a comma, semicolon, colon or dash, so that
#: evidence points at the clause that carries a finding, not a whole run-on sentence.
MIN_CLAUSE = 5
NEGATION_WINDOW = 3


class Segment(NamedTuple):
    """A sentence or clause: character offsets into the draft, and the slice [lo, hi) of the
    draft's feature tokens that belongs to it. (A named tuple: drafts have many segments,
    and a tuple is several times cheaper to create than a frozen dataclass.)"""

    start: int
    end: int
    lo: int
    hi: int


@dataclass(slots=True)
class Analysis:
    """What the models need from one draft. Tokens never contain whitespace."""

    tokens: list[str]
    segments: list[Segment] = field(default_factory=list)
    cue_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    n_words: int = 0

    @property
    def features(self) -> str:
        """The draft's feature tokens as one string (what the draft vectoriser is fitted on)."""
        return " ".join(self.tokens)

    def segment_tokens(self) -> list[list[str]]:
        """The feature tokens of each segment, in order."""
        return [self.tokens[s.lo:s.hi] for s in self.segments]

    def segment_features(self) -> list[str]:
        """Each segment's feature tokens as one string (what the segment vectoriser is fitted on)."""
        return [" ".join(self.tokens[s.lo:s.hi]) for s in self.segments]


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


_ATTRS = (ORTH, IDX, LENGTH)

WORD, PUNCT, SPACE, LINE_BREAK = 0, 1, 2, 3
#: How a token can end a segment: it ends a sentence, or it ends a clause of a long sentence.
ENDS_SENTENCE, BREAKS_CLAUSE = 1, 2

#: Per distinct token text: (kind, its features, its features inside a negation's scope, is a
#: negator, boundary: 0, ENDS_SENTENCE or BREAKS_CLAUSE). Features are the normalised form,
#: then NOT_form when negated, the LEM_ lemma if it differs, and NUM for number-like tokens.
#: Every feature is free of whitespace: a few norm and lemma table entries contain spaces
#: ("adu domba"), and are split the way a vectoriser splits them.
TokenInfo = tuple[int, tuple[str, ...], tuple[str, ...], bool, int]


@lru_cache(maxsize=None)
def _token_info_cache(lang: str) -> dict[int, TokenInfo]:
    return {}


def _token_info(lang: str, orth: int, vocab) -> TokenInfo:
    """Computed once per distinct token text: the hot loop then only does dict look-ups.
    Everything here is a property of the token's text (spaCy's lexeme attributes)."""
    cache = _token_info_cache(lang)
    info = cache.get(orth)
    if info is None:
        lexeme = vocab[orth]
        if lexeme.is_space:
            info = (LINE_BREAK if "\n" in lexeme.orth_ else SPACE, (), (), False, 0)
        else:
            norm_table, lemma_table = _tables(lang)
            low = lexeme.lower_
            norm = EXTRA_NORMS.get(low) or norm_table.get(low, low)
            lemma = lemma_table.get(norm) if lemma_table is not None else None
            extra = tuple(("LEM_" + lemma).split()) if lemma and lemma != norm else ()
            number = ("NUM",) if lexeme.like_num else ()
            forms = tuple(norm.split())
            ends_sentence = bool(low) and all(ch in SENTENCE_PUNCT for ch in low)
            boundary = ENDS_SENTENCE if ends_sentence else BREAKS_CLAUSE if low in CLAUSE_BREAK else 0
            negator = low in NEGATORS or norm in NEGATORS
            if lexeme.is_punct:
                info = (PUNCT, forms + number, forms + number, negator, boundary)
            else:
                negated = tuple(("NOT_" + norm).split())
                info = (WORD, forms + extra + number, forms + negated + extra + number, negator, boundary)
        if len(cache) > 500_000:  # bound memory on endless streams of unseen tokens
            cache.clear()
        cache[orth] = info
    return info


def analyse_doc(doc: Doc, lang: str) -> Analysis:
    """Turn one tokenised draft into feature tokens, segments and cue spans.

    Token attributes are read in bulk with Doc.to_array; per-token work is one dictionary
    look-up of everything known about the token's text. Sentences end at sentence-final
    punctuation (the rule of spaCy's Sentencizer, applied to the attribute arrays, which is
    several times faster than the component) and at line breaks (chat messages and emails
    rarely end lines with a full stop); clauses of long sentences end at commas, semicolons,
    colons and dashes.
    """
    if len(doc) == 0:
        return Analysis([f"LANG_{lang}", "LEN_tiny"], [], {}, 0)
    vocab = doc.vocab
    orths, starts, lengths = doc.to_array(_ATTRS).T.tolist()

    cue_at: dict[int, list[str]] = {}
    cue_spans: dict[str, list[tuple[int, int]]] = {}
    for match_id, start, end in _matcher(lang)(doc):
        group = vocab.strings[match_id]
        cue_at.setdefault(start, []).append("CUE_" + group)
        cue_spans.setdefault(group, []).append((starts[start], starts[end - 1] + lengths[end - 1]))
    cue_spans = {group: spans if len(spans) == 1 else merge_spans(spans) for group, spans in cue_spans.items()}

    get_info = _token_info_cache(lang).get
    flat: list[str] = []
    extend = flat.extend
    segments: list[Segment] = []
    seg_from = 0  # index into `flat` where the open segment starts
    seg_first = -1  # token index of the open segment's first token (-1: no segment open)
    seg_count = 0  # `count` when the open segment started
    count = 0  # non-space tokens so far
    last = 0  # token index of the last non-space token
    negate_left = 0
    n_words = 0
    for i, orth in enumerate(orths):
        kind, plain, negated, negator, boundary = get_info(orth) or _token_info(lang, orth, vocab)
        if kind >= SPACE:
            negate_left = 0
            if kind == LINE_BREAK and seg_first >= 0:
                segments.append(Segment(starts[seg_first], starts[last] + lengths[last], seg_from, len(flat)))
                seg_first, seg_from = -1, len(flat)
            continue
        if kind == WORD:
            n_words += 1
            if negate_left:
                extend(negated)
                negate_left -= 1
            else:
                extend(plain)
        else:
            extend(plain)
            negate_left = 0
        if negator:
            negate_left = NEGATION_WINDOW
        if i in cue_at:
            extend(cue_at[i])
        if seg_first < 0:
            seg_first, seg_count = i, count
        count += 1
        last = i
        if boundary and (boundary == ENDS_SENTENCE or count - seg_count >= MIN_CLAUSE):
            segments.append(Segment(starts[seg_first], starts[i] + lengths[i], seg_from, len(flat)))
            seg_first, seg_from = -1, len(flat)
    if seg_first >= 0:
        segments.append(Segment(starts[seg_first], starts[last] + lengths[last], seg_from, len(flat)))

    flat.append("LANG_" + lang)
    flat.append(_length_bucket(n_words))
    return Analysis(flat, segments, cue_spans, n_words)


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
            results[i] = analyse_doc(doc, langs[i])
    return results  # type: ignore[return-value]
