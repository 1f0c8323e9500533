"""spaCy preprocessing: segments, negation, cue spans, slang, batching order."""
from __future__ import annotations

import subprocess
import sys

import pytest

from reviewer.nlp import Analysis, analyse, merge_spans

SAMPLES = [
    ("Dear Ms. Lindqvist,\n\nI'm very sorry, but I have come down with the flu and cannot attend tomorrow's "
     "interview, which I was really looking forward to. Could we move it to next week?\nThank you,\nOmar", "en"),
    ("Selamat pagi Bu,\nmohon maaf saya gak bisa hadir wawancara besok karena sakit. Terima kasih.", "id"),
    ("Hi kak, sorry banget aku gak bisa dateng interview besok!! Bisa reschedule? Thank you ya", "mixed"),
    ("   leading spaces\r\nand a CRLF line...   trailing   ", "en"),
    ("One sentence only", "en"),
]


def _one(text: str, lang: str) -> Analysis:
    return analyse([text], [lang])[0]


def _tokens(analysis: Analysis) -> list[str]:
    assert analysis.features.split() == analysis.doc_tokens  # no token holds whitespace
    return analysis.tokens


@pytest.mark.parametrize("text, lang", SAMPLES)
def test_segments_are_ordered_disjoint_spans_inside_the_text(text, lang):
    a = _one(text, lang)
    assert a.segments
    prev_end = prev_hi = 0
    for seg, tokens in zip(a.segments, a.segment_tokens()):
        assert 0 <= prev_end <= seg.start < seg.end <= len(text)
        piece = text[seg.start:seg.end]
        assert piece == piece.strip() and piece, repr(piece)
        assert tokens and prev_hi <= seg.lo < seg.hi <= len(a.tokens)  # ordered slices of the draft's tokens
        prev_end, prev_hi = seg.end, seg.hi
    assert a.tokens[-2:] == [f"LANG_{lang}", a.tokens[-1]] and a.tokens[-1].startswith("LEN_")
    # together the segments cover every non-space character
    covered = set()
    for seg in a.segments:
        covered.update(range(seg.start, seg.end))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


@pytest.mark.parametrize("text, lang, lines", [
    ("Hi Dana\nI have to cancel tomorrow\nThanks, Raj", "en", ["Hi Dana", "I have to cancel tomorrow", "Thanks, Raj"]),
    ("Halo Bu\n\nsaya tidak bisa hadir besok\r\nmakasih", "id", ["Halo Bu", "saya tidak bisa hadir besok", "makasih"]),
    ("hi kak \n sorry gak bisa dateng \n thank you", "mixed", ["hi kak", "sorry gak bisa dateng", "thank you"]),
])
def test_newline_starts_a_new_segment(text, lang, lines):
    a = _one(text, lang)
    assert [text[s.start:s.end] for s in a.segments] == lines


def test_sentence_end_starts_a_new_segment():
    text = "I am sorry. I cannot come. Thank you!"
    a = _one(text, "en")
    assert [text[s.start:s.end] for s in a.segments] == ["I am sorry.", "I cannot come.", "Thank you!"]


@pytest.mark.parametrize("text, lang, negated, plain", [
    ("I'm not sorry about it", "en", ["sorry"], ["i"]),
    ("I do not want to cancel", "en", ["want"], ["i", "do"]),
    ("Saya tidak minta maaf", "id", ["minta", "maaf"], ["saya"]),
    ("saya tidak bisa hadir besok", "id", ["bisa", "hadir"], ["saya"]),
])
def test_negation_marks_following_words(text, lang, negated, plain):
    tokens = _tokens(_one(text, lang))
    for word in negated:
        assert f"NOT_{word}" in tokens, tokens
    for word in plain:
        assert f"NOT_{word}" not in tokens, tokens


def test_negation_stops_at_punctuation_and_window():
    tokens = _tokens(_one("I am not coming, sorry for that.", "en"))
    assert "NOT_coming" in tokens
    assert "NOT_sorry" not in tokens
    tokens = _tokens(_one("I am not able to come tomorrow at all sorry", "en"))
    assert "NOT_able" in tokens and "NOT_sorry" not in tokens


def test_no_negation_marks_without_a_negator():
    tokens = _tokens(_one("I am very sorry and thank you", "en"))
    assert not [t for t in tokens if t.startswith("NOT_")]


@pytest.mark.parametrize("text, lang, group, phrase", [
    ("Selamat siang, mohon maaf saya tidak bisa datang.", "id", "apology", "mohon maaf"),
    ("Baik Bu, terima kasih banyak atas kesempatannya.", "id", "gratitude", "terima kasih"),
    ("Hi kak, Mohon Maaf banget ya", "mixed", "apology", "Mohon Maaf"),
    ("Something came up, sorry.", "en", "vague_reason", "Something came up"),
    ("Thanks, Raj", "en", "gratitude", "Thanks"),
])
def test_cue_spans(text, lang, group, phrase):
    a = _one(text, lang)
    spans = a.cue_spans.get(group)
    assert spans, a.cue_spans
    # the span covers the phrase (possibly merged with an overlapping longer cue)
    assert any(phrase in text[s:e] for s, e in spans), [text[s:e] for s, e in spans]
    for s, e in spans:
        assert 0 <= s < e <= len(text)
    assert f"CUE_{group}" in _tokens(a)


def test_cue_span_is_exactly_the_phrase():
    text = "Pak, mohon maaf sekali."
    spans = _one(text, "id").cue_spans["apology"]
    assert [text[s:e] for s, e in spans] in (["mohon maaf"], ["mohon maaf sekali"])


def test_merge_spans():
    assert merge_spans([(5, 9), (0, 3), (2, 4), (9, 12)]) == [(0, 4), (5, 12)]
    assert merge_spans([]) == []


@pytest.mark.parametrize("slang", ["gak", "nggak", "ga", "gk", "tdk"])
def test_indonesian_slang_normalised(slang):
    tokens = _tokens(_one(f"saya {slang} bisa hadir", "id"))
    assert "tidak" in tokens, tokens
    assert slang not in tokens or slang == "tidak"
    assert "NOT_bisa" in tokens


def test_slang_features_equal_formal_features():
    informal = _one("saya gak bisa hadir besok", "id").features
    formal = _one("saya tidak bisa hadir besok", "id").features
    assert informal == formal


def test_language_and_length_markers():
    a = _one("Sorry, cannot come.", "en")
    assert "LANG_en" in _tokens(a)
    b = _one(" ".join(["word"] * 200), "id")
    assert "LANG_id" in _tokens(b) and b.n_words == 200
    assert [t for t in _tokens(a) if t.startswith("LEN_")] != [t for t in _tokens(b) if t.startswith("LEN_")]


def test_analyse_keeps_order_across_languages():
    texts = [t for t, _ in SAMPLES] * 3
    langs = [l for _, l in SAMPLES] * 3
    # interleave so that every tokenizer batch is non-contiguous
    order = [0, 5, 10, 1, 6, 11, 2, 7, 12, 3, 8, 13, 4, 9, 14]
    texts = [texts[i] for i in order]
    langs = [langs[i] for i in order]
    together = analyse(texts, langs, batch_size=2)
    alone = [_one(t, l) for t, l in zip(texts, langs)]
    assert len(together) == len(texts)
    assert [a.features for a in together] == [a.features for a in alone]
    assert [a.segments for a in together] == [a.segments for a in alone]
    for a, lang in zip(together, langs):
        assert f"LANG_{lang}" in _tokens(a)


def test_analyse_length_mismatch():
    with pytest.raises(ValueError):
        analyse(["a", "b"], ["en"])


def test_analyse_empty_batch():
    assert analyse([], []) == []


@pytest.mark.slow
def test_mixed_draft_first_in_a_fresh_process():
    """A code-mixed draft must be analysable even when it is the first draft a process sees
    (the CLI, a notebook or a worker often starts with one)."""
    code = ("from reviewer.nlp import analyse\n"
            "a = analyse(['Sorry kak, aku gak bisa dateng besok. Makasih ya'], ['mixed'])[0]\n"
            "assert 'apology' in a.cue_spans and 'gratitude' in a.cue_spans, a.cue_spans\n"
            "print('ok')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr.strip().splitlines()[-1:]


@pytest.mark.parametrize("greeting", ["Hi Sam,\n\n", "Dear Ms. Carter,\n", "Selamat pagi Bu,\n\n", "Dengan hormat,\n",
                                      "hey\n", "Halo kak,\n", "Hi Sam, ", "Dear Ms. Carter, ", "Pak, "])
def test_an_opening_salutation_is_left_out_of_the_draft_features(greeting):
    """A greeting carries no finding; left in, it would dilute a short draft's features (and
    the length bucket), so adding one, on its own line or not, could change a finding."""
    body = "sorry, I can't make it tomorrow because I'm sick"
    plain, greeted = _one(body, "en"), _one(greeting + body, "en")
    assert greeted.doc_tokens == plain.doc_tokens
    assert greeted.features == plain.features
    assert greeted.tokens[:greeted.body_from] and greeted.n_words > plain.n_words


@pytest.mark.parametrize("text", [
    "Bu maaf gak bisa dateng, perut saya sakit",  # the opening apologises: it is not only a greeting
    "mas aku gak bisa dateng interview jam 3.",  # no salutation punctuation: the whole line is content
    "pak sy positif DB, gk bs dtg",  # a reason before the first comma
    "pak sy positif DB,\nbsk gk bs dtg",  # ... also on a line of its own
    "Bu Sinta I cant come, sorry",
    "Mbak aku izin skip interview ya, maaf",
    "Hi I can't, my car broke down",  # a negation before the comma
    "Hi Sam,",  # nothing after it
    "Subject: Interview\n\nI have to cancel.",  # a subject line is content
])
def test_an_opening_that_does_more_than_greet_stays_in_the_features(text):
    a = _one(text, "en")
    assert a.body_from == 0 and a.doc_tokens == a.tokens


@pytest.mark.parametrize("sign_off", ["\n\nBest,\nJordan", "\n- Alex", "\n\nKind regards,\nM. Osei", "\n\nHormat saya,\nAndi Pratama",
                                      "\n\nWassalam,\nBudi", " Regards, Priya"])
def test_a_closing_sign_off_without_thanks_is_left_out_of_the_draft_features(sign_off):
    body = "Sorry, I can't make it tomorrow because I'm sick."
    plain, signed = _one(body, "en"), _one(body + sign_off, "en")
    assert signed.doc_tokens == plain.doc_tokens
    assert signed.body_to is not None and signed.tokens[signed.body_to:-2]


@pytest.mark.parametrize("text", [
    "I cannot come.\n\nThanks,\nRaj",  # thanks in the sign-off is gratitude: kept
    "I cannot come.\n\nBest,\nThanks again",  # a sign-off that thanks: kept for its cue
    "Sorry I can't come.\n- stuck at work",  # a dash line that is content, not a name
    "I cannot come. Best wishes for your search",  # a closing wish, not a sign-off
    "Regards, Priya",  # nothing before it
])
def test_a_closing_that_says_something_stays_in_the_features(text):
    a = _one(text, "en")
    assert a.body_to is None and a.doc_tokens == a.tokens


def test_windows_line_breaks_give_the_same_features():
    text = "Hi Sam,\n\nI can't make it tomorrow, I'm sick.\n\nBest,\nJordan"
    unix, windows = _one(text, "en"), _one(text.replace("\n", "\r\n"), "en")
    assert windows.body_from and windows.body_to is not None
    assert windows.doc_tokens == unix.doc_tokens


def test_a_draft_padded_with_spaces_is_analysed_in_linear_time():
    """The sign-off search must not backtrack over long runs of spaces (a pasted draft can end
    with thousands): 20,000 of them took minutes with a quadratic pattern."""
    import time

    started = time.perf_counter()
    a = _one("I can't come." + " \t" * 10_000 + "\n", "en")
    assert a.body_to is None and time.perf_counter() - started < 2.0
