"""Snippets as reviewable text files: one directory per snippet, ``snippet.toml`` for what is
the same in every language and ``<language>.toml`` per language, so a translator's change is a
diff in one small file. :func:`dump_text` and :func:`dump_meta` write the canonical form the seed
is written in, so ``export`` of unchanged content reproduces the files byte for byte.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .snippets import Snippet, SnippetText

META_FILE = "snippet.toml"
DEMO_HEADER = "# Demo content: no office has checked or approved it. Facts to be confirmed.\n"


class SnippetFileError(ValueError):
    """A snippet file that does not parse or lacks a field; the message names the file."""


@dataclass(frozen=True)
class ExportedState:
    """What ``export`` adds to a language file beyond the text (import ignores it)."""

    version: int
    out_of_date: bool = False
    approved_by: str | None = None
    approved_on: date | None = None


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    )
    return f'"{escaped}"'


def _block(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"""', '""\\"')
    return f'"""\n{escaped}\n"""'


def dump_meta(snippet: Snippet) -> str:
    basis = ", ".join(_quote(item) for item in snippet.legal_basis)
    return (
        (DEMO_HEADER if snippet.demo else "")
        + f"id = {_quote(snippet.id)}\n"
        + f"topic = {_quote(snippet.topic)}\n"
        + f"audience = {_quote(snippet.audience)}\n"
        + f"legal_basis = [{basis}]\n"
        + f"demo = {'true' if snippet.demo else 'false'}\n"
    )


def dump_text(text: SnippetText, state: ExportedState | None = None) -> str:
    lines = [f"question = {_quote(text.question)}", "phrasings = ["]
    lines += [f"    {_quote(phrasing)}," for phrasing in text.phrasings]
    lines += ["]", f"answer = {_block(text.answer)}"]
    if state is not None:
        lines.append(f"version = {state.version}")
        if state.out_of_date:
            lines.append("out_of_date = true")
        if state.approved_by is not None and state.approved_on is not None:
            lines.append(f"approved_by = {_quote(state.approved_by)}")
            lines.append(f"approved_on = {state.approved_on.isoformat()}")
    return "\n".join(lines) + "\n"


def _load(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SnippetFileError(f"{path}: {error}") from error


def _field(data: dict[str, object], name: str, path: Path) -> object:
    if name not in data:
        raise SnippetFileError(f"{path}: missing {name!r}")
    return data[name]


def read_snippet(directory: Path) -> Snippet:
    meta_path = directory / META_FILE
    meta = _load(meta_path)
    texts: dict[str, SnippetText] = {}
    for path in sorted(directory.glob("*.toml")):
        if path.name == META_FILE:
            continue
        data = _load(path)
        phrasings = _field(data, "phrasings", path)
        if not isinstance(phrasings, list):
            raise SnippetFileError(f"{path}: phrasings must be a list")
        answer = _field(data, "answer", path)
        texts[path.stem] = SnippetText(
            question=str(_field(data, "question", path)),
            phrasings=tuple(str(item) for item in phrasings),
            answer=str(answer).strip("\n"),
        )
    basis = _field(meta, "legal_basis", meta_path)
    audience = str(_field(meta, "audience", meta_path))
    return Snippet(
        id=str(_field(meta, "id", meta_path)),
        topic=str(_field(meta, "topic", meta_path)),
        audience=audience,  # type: ignore[arg-type]  # checked by snippet_check
        legal_basis=tuple(str(item) for item in basis) if isinstance(basis, list) else (),
        demo=bool(meta.get("demo", False)),
        texts=texts,
    )


def read_snippets(root: Path) -> list[Snippet]:
    """Every snippet under ``root`` (one directory each), in directory-name order."""
    return [
        read_snippet(directory)
        for directory in sorted(root.iterdir())
        if (directory / META_FILE).is_file()
    ]


def write_snippet(
    root: Path, snippet: Snippet, states: dict[str, ExportedState] | None = None
) -> None:
    directory = root / snippet.id
    directory.mkdir(parents=True, exist_ok=True)
    (directory / META_FILE).write_text(dump_meta(snippet), encoding="utf-8")
    for language, text in snippet.texts.items():
        state = (states or {}).get(language)
        (directory / f"{language}.toml").write_text(dump_text(text, state), encoding="utf-8")


def default_seed_dir() -> Path:
    """The seed shipped in the repository (``content/snippets``)."""
    return Path(__file__).resolve().parents[2] / "content" / "snippets"
