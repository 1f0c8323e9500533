"""Start-up: the on-demand tokenizers split text exactly as spaCy's blank pipelines, analyses are
unchanged, and reviewing one draft imports neither pandas nor the training stack.

The reference is the plain spaCy path the reviewer used before: `spacy.blank(code)` (every
tokenizer special case added up front) and spaCy's lookups Tables. Every draft of
data/corpus.jsonl and data/stress.jsonl is compared token for token, plus hand-written hard
cases, each also on a tokenizer that has seen no other text.
"""
from __future__ import annotations

import functools
import json
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import spacy
from spacy.lookups import load_lookups

from reviewer import nlp
from reviewer.nlp import ON_DEMAND_TOKENIZER, OnDemandTokenizer, SpecialCases

DATA = Path(__file__).resolve().parent.parent / "data"

HARD_CASES = [
    # reduplication, with case variants, affixes, punctuation and spacing around it
    "anak-anak", "Anak-Anak", "ANAK-ANAK", "Anak-anak saya sakit.", "anak-anaknya", "anak-anakmu",
    "(anak-anak)", "\"anak-anak\"", "anak-anak/ibu", "anak-anak-anak", "xanak-anak", "Rpanak-anak",
    "anak - anak", "anak -anak", "anak- anak", "anak-\nanak", "kupu-kupu, sehari-hari, tiba-tiba!",
    "berkali-kali.", "bermacam-macam", "mudah-mudahan", "sama-sama ya kak", "hati-hati di jalan",
    "terus-terusan", "sekali-sekali", "baik-baik saja?", "teman-teman HRD", "Bapak/Ibu-Ibu",
    # -nya, -ku, -mu
    "rumahnya", "rumah-nya", "Bapak-nya", "jadwal-nya besok", "bukunya-ku", "pesan-mu",
    # abbreviations
    "dll.", "dsb.", "dst.", "dkk.", "a.n. Budi", "a.n.Budi", "u.p. HRD", "s.d. Jumat", "Rp.",
    "Rp. 50.000", "Rp50.000,-", "Rp 1.500.000", "No. 5", "no.5", "Dr. rer. nat. Ani", "Dr.rer.nat.",
    "Dr. med Budi", "Prof. Dr. Ir. Budi, M.Kom.", "S.Kom., M.T.", "S.Pd.I.", "Jan. 2025", "Okt. 2024",
    "jum'at", "Jum'at pagi", "do'a", "ma'af ya", "hlm. 3", "tel. 021", "d/h", "i/o",
    # dates and times
    "12/03/2025", "12-03-2025", "2024-10-05", "tgl. 5", "5 Jan. 2025", "pukul 09.30 WIB", "10.00-11.00",
    "jam 9.30", "3pm", "10:30am", "Senin, 12/3", "1-2 hari",
    # emails, URLs, handles
    "budi.santoso@mail.co.id", "hr-team@pt-maju.com", "https://zoom.us/j/123?pwd=abc-def",
    "www.example.co.id/karir", "http://a.b/c-d", "@hrd_maju", "#interview",
    # emoji and emoticons
    "😊🙏", "maaf ya 🙏🙏", ":)", ":-)", ":(", "<3", "(^_^)", "^_^", "¯\\_(ツ)_/¯", "xD", "=)", ":'(",
    # English
    "don't", "can't", "I'm", "gonna", "y'all", "o'clock", "e.g.", "U.S.", "a.m.", "p.m.", "Mr.", "Ms.",
    "it's", "won’t", "I’ll", "ain't", "cannot", "Let's", "'cause", "ma'am", "Sept.", "etc.",
    # whitespace and odd characters
    "\n\n", "\t", "  double  space  ", "a\u00a0b", "tab\tsep", "line\r\nbreak", "...", "--", "—", "…",
    "",
    # whole drafts
    "sorry banget, anak-anak lagi sakit :( bisa reschedule ke hari Jum'at? makasih, a.n. Budi",
    "Yth. Bapak/Ibu HRD,\nMohon maaf, saya tdk bisa hadir (krn anak-anak sakit) pd tgl. 5 Jan. 2025.\n"
    "Hormat saya,\nDr. Ani",
    "Hi Ms. Lee, I'm so sorry - I can't make it on Fri. (my kid's sick). Could we do Mon. 10:30am? Thx!",
]


def _drafts() -> list[str]:
    texts = []
    for name in ("corpus.jsonl", "stress.jsonl"):
        path = DATA / name
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


@pytest.fixture(scope="module")
def drafts() -> list[str]:
    texts = _drafts()
    assert len(texts) > 1000
    return texts


@pytest.fixture(scope="module")
def reference():
    """spaCy's blank pipelines, with every special case added up front."""
    return {code: spacy.blank(code) for code in ("en", "id")}


def _fresh(code: str):
    """A new pipeline whose on-demand tokenizer has seen no text."""
    return spacy.blank(code, config={"nlp": {"tokenizer": {"@tokenizers": ON_DEMAND_TOKENIZER}}})


@functools.lru_cache(maxsize=None)
def _template(code: str) -> OnDemandTokenizer:
    return _fresh(code).tokenizer


def _fresh_tokenizer(code: str) -> OnDemandTokenizer:
    """A new on-demand tokenizer that has seen no text (quicker to make than a whole pipeline)."""
    t = _template(code)
    return OnDemandTokenizer(t.vocab, t.all_rules, prefix_search=t.prefix_search, suffix_search=t.suffix_search,
                             infix_finditer=t.infix_finditer, token_match=t.token_match, url_match=t.url_match)


def _split(doc) -> list[tuple[str, int, str, str]]:
    return [(t.text, t.idx, t.whitespace_, t.norm_) for t in doc]


@pytest.mark.parametrize("code", ["en", "id"])
def test_pipeline_uses_the_on_demand_tokenizer(code):
    tokenizer = nlp.pipeline(code).tokenizer
    assert isinstance(tokenizer, OnDemandTokenizer)
    assert len(tokenizer.all_rules) == len(spacy.blank(code).tokenizer.rules)


@pytest.mark.parametrize("code", ["en", "id"])
def test_hard_cases_split_as_spacy_blank_on_a_fresh_tokenizer(code, reference):
    # each on a tokenizer that has seen no other text: it must find all it needs by itself
    for text in HARD_CASES:
        fresh = _fresh_tokenizer(code)
        assert _split(fresh(text)) == _split(reference[code].tokenizer(text)), text
        assert len(fresh.rules) < len(reference[code].tokenizer.rules)


@pytest.mark.parametrize("code", ["en", "id"])
def test_every_draft_splits_as_spacy_blank(code, drafts, reference):
    texts = drafts + HARD_CASES
    one_by_one = _fresh_tokenizer(code)
    one_by_one.full_after = len(texts) + 1  # searches for special cases in every text
    for text in texts:
        assert _split(one_by_one(text)) == _split(reference[code].tokenizer(text)), text
    in_batches = _fresh_tokenizer(code)
    in_batches.full_after = len(texts) + 1
    for text, doc in zip(texts, in_batches.pipe(texts, batch_size=64)):
        assert _split(doc) == _split(reference[code].tokenizer(text)), text
    switching = _fresh_tokenizer(code)
    switching.full_after = 500  # from the 500th text on it holds every special case
    for text in texts:
        assert _split(switching(text)) == _split(reference[code].tokenizer(text)), text
    assert switching.rules.keys() == reference[code].tokenizer.rules.keys()


@pytest.mark.parametrize("code", ["en", "id"])
def test_sampled_drafts_split_as_spacy_blank_on_a_fresh_tokenizer(code, drafts, reference):
    for text in drafts[::40]:
        assert _split(_fresh_tokenizer(code)(text)) == _split(reference[code].tokenizer(text)), text


def test_bulk_reviewing_ends_with_every_special_case():
    tokenizer = _fresh_tokenizer("id")
    tokenizer.full_after = 3
    for text in ("satu", "dua", "tiga"):
        tokenizer(text)
    assert tokenizer.rules.keys() == tokenizer.all_rules.keys()
    assert tokenizer._cases.take("anak-anak dll.") == []
    assert tokenizer.max_cache_size == spacy.blank("id").tokenizer.max_cache_size  # caching again


def test_special_cases_taken_once_and_only_from_the_rules():
    rules = spacy.blank("id").tokenizer.rules
    cases = SpecialCases(rules)
    first = cases.take("Anak-anak saya sakit, dll. a.n. Budi")
    assert {"Anak-anak", "dll.", "a.n."} <= set(first) <= set(rules)
    assert cases.take("Anak-anak saya sakit, dll. a.n. Budi") == []
    assert not set(cases.always) & set(first)


@pytest.mark.parametrize("code", ["en", "id"])
def test_every_special_case_a_text_contains_is_taken(code, drafts):
    """The contract the exactness rests on: once a text is taken, every special case whose
    characters (whitespace removed) occur in the text (whitespace removed) is in use."""
    rules = spacy.blank(code).tokenizer.rules
    flat_rules = {string: "".join(string.split()) for string in rules}
    cases = SpecialCases(rules)
    in_use = set(cases.always)
    spaced = ["anak -\nanak", "Dr. rer.nat.", "a. n. Budi", "do n't", ": - )", "dl l.", "kupu- kupu"]
    for text in HARD_CASES + spaced + drafts[::25]:
        in_use.update(cases.take(text))
        flat = "".join(text.split())
        assert {string for string, piece in flat_rules.items() if piece in flat} <= in_use, text


def test_concurrent_threads_split_as_spacy_blank(drafts, reference):
    tokenizer = _fresh_tokenizer("id")
    texts = drafts[:400] + HARD_CASES
    results: dict[int, list] = {}

    def work(k: int) -> None:
        results[k] = [_split(tokenizer(t)) for t in texts[k::4]]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(4):
        assert results[k] == [_split(reference["id"].tokenizer(t)) for t in texts[k::4]]


def test_pickled_tokenizer_keeps_every_rule(reference):
    tokenizer = _fresh_tokenizer("id")
    tokenizer("anak-anak")
    copy = pickle.loads(pickle.dumps(tokenizer))
    assert isinstance(copy, OnDemandTokenizer) and copy.all_rules == tokenizer.all_rules
    for text in HARD_CASES:
        assert _split(copy(text)) == _split(reference["id"].tokenizer(text)), text


@pytest.mark.parametrize("code", ["en", "id"])
def test_lookup_tables_equal_spacy_lookups(code):
    norm, lemma = nlp._tables_for(code)
    names = ["lexeme_norm"] + (["lemma_lookup"] if code == "id" else [])
    lookups = load_lookups(code, names)
    for table, ours in zip(names, (norm, lemma)):
        theirs = lookups.get_table(table)
        assert len(theirs) == len(ours)
        assert all(theirs.get(key) == value for key, value in ours.items())
    assert lemma is None if code == "en" else lemma


@functools.lru_cache(maxsize=None)
def _spacy_tables(code: str):
    names = ["lexeme_norm"] if code == "en" else ["lexeme_norm", "lemma_lookup"]
    lookups = load_lookups(code, names)
    return lookups.get_table("lexeme_norm"), lookups.get_table("lemma_lookup") if code == "id" else None


def _clear_analysis_caches() -> None:
    nlp._matcher_for.cache_clear()
    nlp._token_info_cache.cache_clear()


def test_analyses_identical_to_the_spacy_blank_path(drafts, reference, monkeypatch):
    texts = drafts + [t for t in HARD_CASES if t.strip()]
    langs = [("en", "id", "mixed")[i % 3] for i in range(len(texts))]
    _clear_analysis_caches()
    with monkeypatch.context() as patch:  # reviewer.nlp as it was: spacy.blank and lookups Tables
        patch.setattr(nlp, "_pipeline", lambda code: reference[code])
        patch.setattr(nlp, "_tables_for", _spacy_tables)
        expected = nlp.analyse(texts, langs)
    _clear_analysis_caches()
    try:
        assert nlp.analyse(texts, langs) == expected  # the shipped pipelines, as other tests left them
        fresh = {code: _fresh(code) for code in ("en", "id")}
        _clear_analysis_caches()
        with monkeypatch.context() as patch:  # pipelines that have seen no text
            patch.setattr(nlp, "_pipeline", lambda code: fresh[code])
            got = nlp.analyse(texts, langs, batch_size=50)
        for text, a, b in zip(texts, got, expected):
            assert a == b, text
    finally:
        _clear_analysis_caches()


ONE_DRAFT_MUST_NOT_IMPORT = ("pandas", "pyarrow", "sklearn", "skops", "reviewer.training", "reviewer.tables.files")


def _imported_after(code: str) -> list[str]:
    probe = (f"{code}\nimport json, sys\n"
             f"print(json.dumps([m for m in {ONE_DRAFT_MUST_NOT_IMPORT!r} if m in sys.modules]))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("text", ["Sorry, I cannot come tomorrow. Thanks, Ana",
                                  "Mohon maaf Bu, saya tidak bisa hadir besok karena anak-anak sakit."])
def test_reviewer_check_imports_no_table_or_training_stack(text):
    code = f"from reviewer.cli import main\nassert main(['check', {text!r}]) == 0"
    assert _imported_after(code) == []


def test_review_imports_no_table_or_training_stack():
    code = "import reviewer\nreviewer.review('Mohon maaf Bu, saya tidak bisa hadir besok.')"
    assert _imported_after(code) == []


def test_english_check_does_not_build_the_indonesian_exceptions():
    code = ("import sys\nfrom reviewer.cli import main\nmain(['check', 'Sorry, I cannot come tomorrow.'])\n"
            "print('spacy.lang.id.tokenizer_exceptions' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and proc.stdout.strip().splitlines()[-1] == "False", proc.stderr


def test_review_frame_still_works_after_a_light_import():
    code = ("import pandas as pd, reviewer\n"
            "out = reviewer.review_frame(pd.DataFrame({'text': ['Sorry, I cannot come.', '']}))\n"
            "print(list(out['status']))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and proc.stdout.strip().splitlines()[-1] == "['ok', 'empty']", proc.stderr


def test_check_leaves_the_garbage_collector_as_it_was():
    import gc

    from reviewer.cli import main

    assert gc.isenabled()
    assert main(["check", "Sorry, I cannot come tomorrow. Thanks"]) == 0
    assert gc.isenabled()
