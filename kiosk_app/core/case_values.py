"""The open case's values for an answer's ``{case.…}`` placeholders (issue 16): when the
Questions screens were opened beside a case's result, its status and missing documents fill
the answer, in the language of the text they go into. Without a case the store fills "…".
Nothing of the case is stored: the values live as long as the answer on screen."""

from __future__ import annotations

from pathlib import Path

from .catalog import DOCUMENTS
from .printout import Translation
from .snippet_fill import Value
from .status_lookup import StatusAnswer
from .statuses import STATUS_TEXTS


def case_values(
    case: StatusAnswer, language: str, locale_dir: Path | None = None
) -> dict[str, Value]:
    """``case.status`` and ``case.missing_documents`` (only when some are missing) in
    ``language``."""
    tr = Translation(language, locale_dir)
    record = case.record
    values: dict[str, Value] = {"case.status": tr(STATUS_TEXTS[record.status].title)}
    if record.missing_documents:
        values["case.missing_documents"] = [
            tr(DOCUMENTS.get(code, code)) for code in record.missing_documents
        ]
    return values
