"""``kiosk-app faq``: the knowledge base's search from the command line, for evaluation.

- ``faq ask "TEXT" [--lang L] [--json]``: the three best topics with their scores, and whether
  the kiosk would offer each (score ≥ ``core.faq.MIN_SCORE``). It searches the kiosk's cache
  (the state directory's, ``--demo`` for the demo's key) when that holds a knowledge base,
  otherwise the seed files in ``content/snippets`` (``--seed`` forces them); ``source`` says
  which. The text is searched and forgotten, like at the kiosk.
- ``faq eval``: the frozen evaluation set's per-language table (``tests/faq/eval_set``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kiosk_app.core.faq import MAX_HITS, MIN_SCORE
from kiosk_app.core.languages import LANGUAGES


def add_faq_commands(commands: Any) -> None:
    faq = commands.add_parser("faq", help="search the knowledge base (ask) or evaluate it (eval)")
    sub = faq.add_subparsers(dest="faq_command", required=True)
    ask = sub.add_parser("ask", help="the three best topics for a question, with scores")
    ask.add_argument("text")
    ask.add_argument("--lang", default="de", choices=[language.code for language in LANGUAGES])
    ask.add_argument("--json", action="store_true", help="one JSON object")
    ask.add_argument("--seed", action="store_true", help="search content/snippets, not the cache")
    ask.add_argument("--demo", action="store_true", help="use the demo key of the state directory")
    ask.add_argument("--state", help="state directory (default: $KIOSK_STATE_DIR or XDG)")
    ask.add_argument("--key-file", help="file holding the cache key (mode 0600)")
    ask.set_defaults(func=cmd_faq_ask)
    evaluate = sub.add_parser("eval", help="the evaluation set's per-language table")
    evaluate.set_defaults(func=cmd_faq_eval)


def _cache_index(args: argparse.Namespace) -> Any:
    """The kiosk cache's index, or None when there is no cache, no key or no knowledge base."""
    from kiosk_app.backend import key_providers
    from kiosk_app.cli import _config
    from kiosk_app.store.connection import open_cache
    from kiosk_app.store.errors import CacheError
    from kiosk_app.store.faq_store import FaqIndex
    from kiosk_app.store.keys import resolve_key

    config = _config(args, demo=args.demo)
    if not config.cache_path.exists():
        return None
    try:
        connection = open_cache(config.cache_path, resolve_key(key_providers(config)))
    except (CacheError, OSError, LookupError):
        return None
    index = FaqIndex(connection)
    return index if index.version is not None else None


def cmd_faq_ask(args: argparse.Namespace) -> int:
    from kiosk_app.core.faq_text import terms
    from kiosk_app.faq_evaluation import seed_index

    index = None if args.seed else _cache_index(args)
    source = "cache" if index is not None else "seed"
    if index is None:
        index = seed_index()
    ranked = index.rank(terms(args.text, args.lang), args.lang)[:MAX_HITS]
    hits = [
        {"topic_id": topic_id, "score": score, "offered": score >= MIN_SCORE}
        for topic_id, score in ranked
    ]
    if args.json:
        print(json.dumps({"source": source, "language": args.lang, "hits": hits}))
    else:
        for hit in hits:
            mark = "" if hit["offered"] else "  (not offered)"
            print(f"{hit['score']:.3f}  {hit['topic_id']}{mark}")
        if not hits:
            print("no topic fits", file=sys.stderr)
    return 0


def cmd_faq_eval(_args: argparse.Namespace) -> int:
    from kiosk_app.faq_evaluation import evaluate, load_eval_set, seed_index, table

    print(table(evaluate(seed_index(), load_eval_set())))
    return 0
