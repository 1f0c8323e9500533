"""The `reviewer` command: review files or one draft, retrain, evaluate.

Exit codes a script can rely on: 0 success; 2 usage; 3 input file missing or of an unsupported
type; 4 input not valid UTF-8; 5 text column missing; 6 input columns clash with output columns;
7 output not writable; 8 model artifact missing or damaged; 9 input unreadable otherwise.
Every failure prints one line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from .labels import LABELS, PLAIN_NAMES, is_good

EXIT_INPUT, EXIT_ENCODING, EXIT_COLUMN, EXIT_CLASH, EXIT_OUTPUT, EXIT_MODEL, EXIT_PARSE = 3, 4, 5, 6, 7, 8, 9
_TABLE_EXIT = {"format": EXIT_INPUT, "missing": EXIT_INPUT, "encoding": EXIT_ENCODING, "output": EXIT_OUTPUT,
               "parse": EXIT_PARSE}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reviewer", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    rev = sub.add_parser("review", help="review every draft in a .csv, .jsonl or .parquet file")
    rev.add_argument("input", help="input file (.csv, .jsonl, .parquet); with --engine dask, a path or glob")
    rev.add_argument("-o", "--output", required=True, help="output file (.csv, .jsonl, .parquet)")
    rev.add_argument("--text-column", default="text", help="column holding the drafts (default: text)")
    rev.add_argument("--lang", choices=["auto", "en", "id", "mixed"], default="auto",
                     help="language of all drafts (default: detect per draft)")
    rev.add_argument("--jobs", type=int, default=None, help="processes to use (default: all cores)")
    rev.add_argument("--chunk-size", type=int, default=10_000, help="rows per chunk (default: 10000)")
    rev.add_argument("--engine", choices=["pandas", "dask"], default="pandas",
                     help="pandas streams on this machine; dask runs on a local or remote cluster")
    rev.add_argument("--scheduler", default=None, help="dask.distributed scheduler address (with --engine dask)")
    rev.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    rev.add_argument("--models", default=None, help="model folder (default: the shipped models/)")
    rev.add_argument("--rewrite", action="store_true",
                     help="add a `rewrite` column with the suggested rewrite of each draft (much slower: "
                          "a few hundred drafts/s per core)")

    chk = sub.add_parser("check", help="review one draft given as an argument or on standard input")
    chk.add_argument("text", nargs="?", help="the draft (default: read standard input)")
    chk.add_argument("--lang", choices=["auto", "en", "id", "mixed"], default="auto")
    chk.add_argument("--channel", choices=["email", "text", "voicemail"], default=None)
    chk.add_argument("--json", action="store_true", help="print the full result as JSON")

    rw = sub.add_parser("rewrite", help="suggest a rewrite of one draft, with a call script, a voicemail script "
                                        "and emails")
    rw.add_argument("text", nargs="?", help="the draft (default: read standard input)")
    rw.add_argument("--lang", choices=["auto", "en", "id", "mixed"], default="auto")
    rw.add_argument("--channel", choices=["email", "text", "voicemail"], default=None,
                    help="how the draft will be sent (default: read from the draft)")
    rw.add_argument("--interview-at", default=None, metavar="ISO",
                    help="the interview's date and time, e.g. 2030-03-14T10:00 (fills in the kit)")
    rw.add_argument("--json", action="store_true", help="print the rewrite, its changes and the kit as one JSON object")

    tr = sub.add_parser("train", help="retrain all models from data/ (deterministic)")
    tr.add_argument("--data", default=None, help="corpus file (default: data/corpus.jsonl)")
    tr.add_argument("--out", default=None, help="model folder to write (default: models/)")
    tr.add_argument("--no-search", action="store_true", help="skip the cross-validated hyper-parameter search")
    tr.add_argument("--limit", type=int, default=None, help="train on the first N training drafts only")
    tr.add_argument("--add", action="append", default=[], metavar="FILE",
                    help="a team's labelled drafts (JSONL, CSV or Excel: text and the six labels) to train on "
                         "beside the corpus; they win over corpus drafts that contradict them (repeatable)")

    ev = sub.add_parser("evaluate", help="precision/recall/F1 on the test and stress splits, beside two baselines, "
                                         "with calibration and CheckList figures")
    ev.add_argument("--data", default=None, help="the corpus (default: data/corpus.jsonl), or any labelled JSONL, "
                                                 "CSV or Excel file with text and the six labels")
    ev.add_argument("--stress", default=None, help="stress split file (default: data/stress.jsonl)")
    ev.add_argument("--models", default=None, help="model folder (default: models/)")
    ev.add_argument("--json", action="store_true", help="print all figures as JSON")
    return parser


def _fail(message: str, code: int) -> int:
    print(f"reviewer: error: {message}", file=sys.stderr)
    return code


def _cmd_review(args: argparse.Namespace) -> int:
    from .tables.files import file_format

    lang = None if args.lang == "auto" else args.lang
    if args.chunk_size < 1 or (args.jobs is not None and args.jobs < 1):
        return _fail("--chunk-size and --jobs must be positive", 2)
    if args.engine == "dask":
        from .tables.distributed import review_files_dask
        file_format(args.output)
        summary = review_files_dask(args.input, args.output, text_column=args.text_column, lang=lang,
                                    scheduler=args.scheduler, model_dir=args.models, jobs=args.jobs,
                                    progress=not args.no_progress, rewrite=args.rewrite)
    else:
        from .tables.batch import review_file
        summary = review_file(args.input, args.output, text_column=args.text_column, lang=lang, jobs=args.jobs,
                              chunk_rows=args.chunk_size, progress=not args.no_progress, model_dir=args.models,
                              rewrite=args.rewrite)
    reviewed = summary.status.get("ok", 0)
    print(f"Reviewed {reviewed:,} of {summary.rows:,} drafts -> {args.output}")
    problems = {k: v for k, v in summary.status.items() if k != "ok"}
    if problems:
        print("Not reviewed: " + ", ".join(f"{v:,} {k}" for k, v in sorted(problems.items())))
    if reviewed:
        print("Passing each check: " + ", ".join(
            f"{PLAIN_NAMES['en'][l].lower()} {summary.passing[l] / reviewed:.0%}" for l in LABELS))
        print("Languages: " + ", ".join(f"{k} {v:,}" for k, v in sorted(summary.languages.items())))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .api import review

    text = args.text if args.text is not None else sys.stdin.read()
    try:
        result = review(text, None if args.lang == "auto" else args.lang, channel=args.channel)
    except (TypeError, ValueError) as exc:
        return _fail(str(exc), EXIT_PARSE)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    names = PLAIN_NAMES[result.feedback_language]
    print(f"Language: {result.language}; reason: {result.reason_category}; "
          f"{result.essentials_met} of 4 essentials")
    for label in LABELS:
        f = result.findings[label]
        mark = "ok  " if is_good(label, f.present) else "FIX "
        quote = f'  "{f.evidence[0].text.strip()[:60]}"' if f.evidence else ""
        print(f"  {mark}{names[label]:<22} {f.score:.2f}{quote}")
    for s in result.feedback:
        print(f"- [{s.severity}] {s.message}")
    return 0


def _cmd_rewrite(args: argparse.Namespace) -> int:
    from datetime import datetime

    from .rewriting import rewrite

    text = args.text if args.text is not None else sys.stdin.read()
    try:
        interview_at = datetime.fromisoformat(args.interview_at) if args.interview_at else None
    except ValueError:
        return _fail(f"--interview-at {args.interview_at!r} is not an ISO date and time (e.g. 2030-03-14T10:00)", 2)
    try:
        result = rewrite(text, None if args.lang == "auto" else args.lang, channel=args.channel,
                         interview_at=interview_at)
    except (TypeError, ValueError) as exc:
        return _fail(str(exc), EXIT_PARSE)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    kit = result.kit
    print(f"Suggested rewrite ({result.language}){'' if result.changed else ': nothing to fix'}\n")
    print(result.text)
    edits = [c for c in result.changes if c.kind != "kept"]
    if edits:
        print("\nChanges:")
        for c in edits:
            mark = "+" if c.kind == "added" else "-"
            print(f"  {mark} {c.kind} [{c.label or 'wording'}]: {' '.join(c.text.split())}")
    sections = [("Call script (if they pick up)", kit.call_script),
                (f"Voicemail ({len(kit.voicemail.split())} words)", kit.voicemail),
                ("Email", f"Subject: {kit.email.subject}\n\n{kit.email.body}")]
    if kit.follow_up_email:
        sections.append(("Follow-up email (once a new time is agreed)",
                         f"Subject: {kit.follow_up_email.subject}\n\n{kit.follow_up_email.body}"))
    for title, body in sections:
        print(f"\n== {title} ==\n{body}")
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from .training.evaluation import format_report
    from .training.train import train

    if args.add and not args.out:
        return _fail("--add needs --out DIR (the shipped models/ is replaced only with --out models)", 2)
    metrics = train(args.data, args.out, search=not args.no_search, limit=args.limit, added=args.add)
    print(format_report(metrics))
    print(f"Model and metrics written to {args.out or 'models/'} in {metrics['train_seconds']} s")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .artifacts import load_model_from, default_model_dir
    from .training.corpus import is_corpus_file, load_corpus, load_stress
    from .training.corrections import load_labelled
    from .training.evaluation import evaluate_all, evaluate_labelled, format_report, format_table

    model = load_model_from(Path(args.models) if args.models else default_model_dir())
    if args.data and not is_corpus_file(args.data):
        results = evaluate_labelled(model, load_labelled(args.data))
        print(json.dumps(results, indent=2) if args.json else
              f"{args.data}: {results['n']} labelled drafts\n" + format_table(results))
        return 0
    corpus = load_corpus(args.data)
    stress = load_stress(args.stress) if args.stress or args.data is None else None
    results = evaluate_all(model, corpus, stress)
    print(json.dumps(results, indent=2) if args.json else format_report(results))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command not in ("check", "rewrite"):
        return _main(args)
    # One draft, in a process that ends right after: importing spaCy, numpy and scipy creates
    # about a million objects that the cyclic garbage collector would scan in vain (~0.1 s).
    enabled = gc.isenabled()
    gc.disable()
    try:
        code = _main(args)
    finally:
        if enabled and argv is not None:
            gc.enable()
    if argv is None:  # the `reviewer` command itself: exit without collecting and freeing those
        sys.stdout.flush()  # objects (~0.3 s); nothing else is left to write (mypy exits so too)
        sys.stderr.flush()
        os._exit(code)
    return code


def _main(args: argparse.Namespace) -> int:
    from .api import ColumnClashError, MissingColumnError
    from .artifacts import ModelLoadError
    from .tables.errors import TableError  # not .tables.files: `check` never imports pandas

    handlers = {"review": _cmd_review, "check": _cmd_check, "rewrite": _cmd_rewrite, "train": _cmd_train,
                "evaluate": _cmd_evaluate}
    try:
        return handlers[args.command](args)
    except TableError as exc:
        return _fail(str(exc), _TABLE_EXIT.get(exc.kind, EXIT_PARSE))
    except MissingColumnError as exc:
        return _fail(str(exc), EXIT_COLUMN)
    except ColumnClashError as exc:
        return _fail(str(exc), EXIT_CLASH)
    except ModelLoadError as exc:
        return _fail(str(exc), EXIT_MODEL)
    except ValueError as exc:  # e.g. a file with a header but no rows
        return _fail(str(exc), EXIT_PARSE)
    except FileNotFoundError as exc:
        return _fail(f"{exc.filename}: no such file", EXIT_INPUT)
    except PermissionError as exc:
        return _fail(f"{exc.filename}: permission denied", EXIT_OUTPUT)
    except KeyboardInterrupt:
        return _fail("interrupted; no output file was written", 130)


if __name__ == "__main__":
    sys.exit(main())
