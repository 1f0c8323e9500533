"""spaCy language work: tokenisation, sentence and clause splitting, cue matching, features.

Everything runs on blank spaCy pipelines (nothing is downloaded): the English and Indonesian
tokenizers, spaCy's sentence-final punctuation list, and a PhraseMatcher over the cue phrases
of `reviewer.cues`. Each draft becomes one list of feature tokens for the draft-level models;
each segment (sentence, or clause of a long sentence) is a slice of that list for the evidence
models. Joined with spaces, the tokens are the text a plain TfidfVectorizer is trained on
(`Analysis.features`); at review time `reviewer.features` indexes the lists directly.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, NamedTuple, Sequence

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.attrs import IDX, LENGTH, ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, load_language_data, registry

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
    #: Where the draft-level features start and end: after an opening salutation ("Hi Sam,",
    #: "Dengan hormat,") and before a closing sign-off without thanks ("Best,\nJordan"). They
    #: carry no finding but would dilute a short draft's features. 0 and None: the whole draft.
    body_from: int = 0
    body_to: int | None = None

    @property
    def doc_tokens(self) -> list[str]:
        """The feature tokens the draft-level models see (salutation and sign-off left out;
        the language and length markers at the end kept)."""
        if not self.body_from and self.body_to is None:
            return self.tokens
        end = len(self.tokens) - 2 if self.body_to is None else self.body_to
        return self.tokens[self.body_from:end] + self.tokens[-2:]

    @property
    def features(self) -> str:
        """The draft's feature tokens as one string (what the draft vectoriser is fitted on)."""
        return " ".join(self.doc_tokens)

    def segment_tokens(self) -> list[list[str]]:
        """The feature tokens of each segment, in order."""
        return [self.tokens[s.lo:s.hi] for s in self.segments]

    def segment_features(self) -> list[str]:
        """Each segment's feature tokens as one string (what the segment vectoriser is fitted on)."""
        return [" ".join(self.tokens[s.lo:s.hi]) for s in self.segments]


def tokenizer_language(lang: str) -> str:
    """Mixed drafts use the Indonesian tokenizer (its exceptions cover reduplication, "-nya")."""
    return "en" if lang == "en" else "id"


#: A character that is neither a letter nor a digit: every special case of spaCy's English and
#: Indonesian tokenizers that is not all letters has one ("anak-anak", "dll.", "don't", ":)").
_ANCHOR = re.compile(r"[\W_]")
_BEFORE, _AFTER = 4, 2  # characters of a key: up to 4 that end at the anchor, up to 2 after it


class SpecialCases:
    """A tokenizer's special cases, indexed so that the few a text can use are found fast.

    A special case can only change how a text is split if its characters, whitespace removed,
    occur in the text, whitespace removed: the tokenizer looks special cases up by pieces of the
    text, and its special-case matcher by runs of adjacent tokens (whose characters are such a
    piece). So each special case is keyed by a few characters around its first character that is
    not a letter or digit ("anak-anak" -> "nak-an"); a text yields every key it contains, and
    all special cases under those keys are taken: every one the text can use, and a few more,
    which is harmless (they are spaCy's own). Special cases without such a character ("gonna",
    whitespace) are few and always in use.
    """

    def __init__(self, rules: dict[str, Any]) -> None:
        self.always: list[str] = []
        self._pending: dict[str, list[str]] = {}
        self._seen: set[tuple[str, str]] = set()  # (run end, what follows) already looked up
        anchors: set[str] = set()
        for string in rules:
            flat = "".join(string.split())
            anchor = _ANCHOR.search(flat)
            if anchor is None:
                self.always.append(string)
            else:
                anchors.add(anchor.group())
                key = flat[max(0, anchor.end() - _BEFORE):anchor.end() + _AFTER]
                self._pending.setdefault(key, []).append(string)
        # A whole run of letters and digits (maybe empty) ending at a character that ends the
        # first part of some key (never ",", "!" or "?"), and the characters after it. The
        # look-behind keeps the search linear.
        ends = re.escape("".join(sorted(anchors)))
        self._runs = re.compile(r"(?<![^\W_])([^\W_]*[%s])(?=(.{0,%d}))" % (ends, _AFTER)) if anchors else None

    def take(self, text: str) -> list[str]:
        """The special cases `text` may use that were not taken before (each is taken once)."""
        if self._runs is None or not self._pending:
            return []
        # only a run's last characters make keys, and those recur from text to text ("sok.")
        runs = {(run[-_BEFORE:], after) for run, after in self._runs.findall("".join(text.split()))}
        runs -= self._seen
        if not runs:
            return []
        if len(self._seen) > 200_000:  # bound memory on endless streams of new text
            self._seen.clear()
        self._seen |= runs
        keys = {run[-n:] + after[:m] for run, after in runs for n in range(1, _BEFORE + 1) for m in range(_AFTER + 1)}
        found: list[str] = []
        for key in self._pending.keys() & keys:  # iterates over the (small) set of keys
            found += self._pending.pop(key)
        return found

    def take_all(self) -> list[str]:
        """Every special case not taken before."""
        found = [string for bucket in self._pending.values() for string in bucket]
        self._pending.clear()
        return found


class OnDemandTokenizer(Tokenizer):
    """spaCy's Tokenizer that adds each special case just before the first text that may use it.

    Why: spaCy's blank Indonesian tokenizer has ~16k special cases (reduplication such as
    "anak-anak", abbreviations such as "dll."), and adding them all takes ~1.5 s, longer than the
    rest of a `reviewer check`. A text is split exactly as by a Tokenizer holding all of them
    (see `SpecialCases`; tests compare the two token for token), while a first text costs a few
    milliseconds. `rules`, and anything serialised, hold only the special cases added so far
    (all of them after `full_after` texts).
    """

    #: After this many texts the process is reviewing in bulk: every special case left is added
    #: (~1.5 s once, what spacy.blank pays up front) and texts are no longer searched for them
    #: (~10 us a text, ~3 % of a batch review), so bulk runs go exactly as fast as before.
    full_after = 5_000
    _keep_cache = False  # see _add

    def __init__(self, vocab: Any, rules: dict[str, Any] | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(vocab, None, *args, **kwargs)
        self.all_rules = dict(rules or {})
        self._cases = SpecialCases(self.all_rules)
        self._lock = threading.Lock()  # no text is split while a special case is half added
        self._texts = 0
        self._add(self._cases.always)

    def _add(self, strings: list[str]) -> None:
        # spaCy empties its cache of split words on every new special case, and the next texts are
        # split from scratch (~0.5 ms a review while new ones still come). Here no cached word can
        # hold a new one: a text is split only once all it may use are in. Nothing is cached while
        # adding (as in spaCy's own constructor): a special case's own pieces, split without
        # special cases, would fill the cache.
        size, self.max_cache_size, self._keep_cache = self.max_cache_size, 0, True
        try:
            for string in sorted(strings):
                self.add_special_case(string, self.all_rules[string])
        finally:
            self.max_cache_size, self._keep_cache = size, False

    def _flush_cache(self) -> None:
        """spaCy's add_special_case calls this by name, so `_add` can keep the cache. Were that
        ever not so, the cache would be emptied as before: slower, never different."""
        if not self._keep_cache:
            super()._flush_cache()

    def __call__(self, text: str) -> Doc:
        with self._lock:
            self._texts += 1
            found = self._cases.take_all() if self._texts >= self.full_after else self._cases.take(text)
            if found:
                self._add(found)
            return Tokenizer.__call__(self, text)

    def __reduce__(self) -> tuple:
        cls, args, *rest = super().__reduce__()
        return (cls, (args[0], self.all_rules, *args[2:]), *rest)


ON_DEMAND_TOKENIZER = "reviewer.OnDemandTokenizer.v1"


@registry.tokenizers(ON_DEMAND_TOKENIZER)
def on_demand_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's default tokenizer factory (spacy.Tokenizer.v1), making an OnDemandTokenizer."""

    def build(nlp: Language) -> Tokenizer:
        d = nlp.Defaults
        return OnDemandTokenizer(
            nlp.vocab, d.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(d.prefixes).search if d.prefixes else None,
            suffix_search=compile_suffix_regex(d.suffixes).search if d.suffixes else None,
            infix_finditer=compile_infix_regex(d.infixes).finditer if d.infixes else None,
            token_match=d.token_match, url_match=d.url_match)

    return build


def pipeline(lang: str) -> Language:
    """The blank spaCy pipeline for a draft language: nothing trained, nothing downloaded.
    Built once per tokenizer language; its tokenizer splits text exactly as spacy.blank's."""
    return _pipeline(tokenizer_language(lang))


@lru_cache(maxsize=None)
def _pipeline(code: str) -> Language:
    return spacy.blank(code, config={"nlp": {"tokenizer": {"@tokenizers": ON_DEMAND_TOKENIZER}}})


def _matcher(lang: str) -> PhraseMatcher:
    return _matcher_for(tokenizer_language(lang))


@lru_cache(maxsize=None)
def _matcher_for(code: str) -> PhraseMatcher:
    nlp = _pipeline(code)
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for group, phrases in CUES.items():
        matcher.add(group, list(nlp.tokenizer.pipe(sorted(set(phrases)))))
    return matcher


def _tables(lang: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    return _tables_for(tokenizer_language(lang))


@lru_cache(maxsize=None)
def _tables_for(code: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """spacy-lookups-data's norm table (and lemma table for Indonesian) as plain dicts: the same
    files and entries as spacy.lookups.load_lookups, read in a fifth of the time (a lookups Table
    hashes every key into a Bloom filter: 0.1 s for the Indonesian lemmas)."""
    files = registry.lookups.get(code)
    norm = load_language_data(files["lexeme_norm"])
    lemma = load_language_data(files["lemma_lookup"]) if code == "id" else None
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


_GREETING = (r"(?:hi|hello|hey|hiya|dear|good[ \t]+(?:morning|afternoon|evening|day)|greetings|respected|halo|hallo"
             r"|hai|selamat[ \t]+(?:pagi|siang|sore|malam)|dengan[ \t]+hormat|yth\.?|kepada(?:[ \t]+yth\.?)?"
             r"|assalamu'?alaikum|permisi|pagi|siang|sore|malam|kak|pak|bu|bapak|ibu|mas|mbak)")
#: Words that address someone: titles and honorifics (any case) ...
_TITLE = (r"(?:mr|mrs|ms|miss|dr|prof|sir|madam|ma'am|team|all|everyone|there|hiring|recruitment|recruiter|hr"
          r"|manager|tim|hrd|rekrutmen|bapak|ibu|pak|bu|kak|mas|mbak|bang|yth)(?:\.|\b)")
#: ... and names, which must be capitalised ("Hi Sam," but not "pak sy positif DB,").
_NAME = r"(?-i:[A-Z][\w.'-]*)"
#: An opening salutation, kept apart from the draft's content:
#: - on the same line as the text, a greeting, titles and up to three capitalised names, and a
#:   comma, colon or exclamation mark: "Hi Sam,", "Dear Ms. Carter,", "Selamat pagi Bu,";
#: - on a line of its own, a greeting, titles and at most one more word of any case: "hi sam,",
#:   "Dengan hormat,", "hey".
SALUTATION = re.compile(
    r"[ \t\n]*" + _GREETING + r"\b(?:"
    r"(?:[ \t]+" + _TITLE + r")*(?:[ \t]+" + _NAME + r"){0,3}[ \t]*[,:;!]"
    r"|(?:[ \t]+" + _TITLE + r")*(?:[ \t]+[^\W\d_][\w.'-]*)?[ \t]*[,:;!]?[ \t]*(?=\n))",
    re.IGNORECASE)
#: A closing sign-off: a closing word (or a dash) and at most a short name line, at the very end.
_SIGNED_NAME = r"(?-i:[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,2})"
SIGN_OFF = re.compile(
    r"(?:^|\n|(?<=[.!?])[ \t])[ \t]*(?:(?:--?|\u2014)[ \t]*" + _SIGNED_NAME +
    r"|(?:best(?:[ \t]+(?:wishes|regards))?|kind(?:est)?[ \t]+regards|warm[ \t]+regards|regards|sincerely"
    r"|yours[ \t]+(?:sincerely|faithfully|truly)|respectfully|salam(?:[ \t]+hormat)?|hormat[ \t]+(?:saya|kami)"
    r"|wassalam)[ \t,.!]*(?:\n[ \t]*[^\n]{1,40}|[ \t]*" + _SIGNED_NAME + r")?)$",
    re.IGNORECASE)
SIGN_OFF_MAX_WORDS = 6
#: Characters searched for a sign-off at the end of the (right-stripped) draft: the longest
#: closing word, a 40-character name line and a little space. Keeps the search short and linear.
SIGN_OFF_TAIL = 80
_WORDS = re.compile(r"\w+")


def _plain_breaks(text: str) -> str:
    """Carriage returns as spaces (same offsets): "Best,\r\nJordan" is found like "Best,\nJordan"."""
    return text.replace("\r", " ") if "\r" in text else text


def salutation_length(text: str) -> int:
    """Characters of the salutation the draft opens with, or 0. Only a prefix with something
    after it counts."""
    text = _plain_breaks(text)
    match = SALUTATION.match(text)
    if not match or not text[match.end():].strip():
        return 0
    return match.end()


def sign_off_start(text: str) -> int:
    """Character offset of the sign-off the draft closes with, or len(text)."""
    stripped = _plain_breaks(text).rstrip()
    match = SIGN_OFF.search(stripped, max(0, len(stripped) - SIGN_OFF_TAIL))
    if not match or not stripped[:match.start()].strip():
        return len(text)
    if len(_WORDS.findall(match.group(0))) > SIGN_OFF_MAX_WORDS:
        return len(text)
    return match.start()


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


def analyse_doc(doc: Doc, lang: str, text: str | None = None) -> Analysis:
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

    text = doc.text if text is None else text  # (Doc.text rebuilds the string: pass it when known)
    greeting_chars = salutation_length(text)
    sign_off_at = sign_off_start(text)
    body_from = -1 if greeting_chars else 0  # -1: the body's first feature is still to come
    body_to: int | None = None
    greeting_words = body_words = 0  # words before the body, words before the sign-off
    # One comparison per token: the character offset of the next body boundary to pass.
    watch = greeting_chars if greeting_chars else sign_off_at
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
        if starts[i] >= watch:
            if body_from < 0:
                body_from, greeting_words = len(flat), n_words
                watch = sign_off_at
            if body_to is None and starts[i] >= sign_off_at:
                body_to, body_words = len(flat), n_words
                watch = len(text) + 1
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

    # A salutation or sign-off with a cue or a negation in it ("Hi, sorry", "Thanks, Raj") does
    # more than greet: kept.
    if body_from <= 0 or any(t.startswith(("CUE_", "NOT_")) for t in flat[:body_from]):
        body_from, greeting_words = 0, 0
    if body_to is not None and (body_to <= body_from
                                or any(t.startswith(("CUE_", "NOT_")) for t in flat[body_to:])):
        body_to = None
    sign_off_words = n_words - body_words if body_to is not None else 0
    flat.append("LANG_" + lang)
    flat.append(_length_bucket(max(n_words - greeting_words - sign_off_words, 0)))
    return Analysis(flat, segments, cue_spans, n_words, body_from, body_to)


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
