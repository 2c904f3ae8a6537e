"""``kiosk-app faq ask``: the three best topics with scores, from the kiosk's cache when it
holds a knowledge base, otherwise from the seed files; ``faq eval`` prints the table."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

import pytest

from kiosk_app.cli import main
from kiosk_app.core.faq import FaqText, FaqTopic
from kiosk_app.store.connection import open_cache
from kiosk_app.store.faq_store import FaqContent


def _ask(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["faq", "ask", *argv, "--json"]) == 0
    result: dict[str, object] = json.loads(capsys.readouterr().out)
    return result


def test_ask_the_seed_in_arabic_and_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    found = _ask(capsys, "اقامتي تنتهي الاسبوع القادم ماذا افعل", "--lang", "ar", "--seed")
    assert found["source"] == "seed"
    hits = found["hits"]
    assert isinstance(hits, list) and len(hits) == 3
    assert hits[0]["topic_id"] == "extend_permit" and hits[0]["offered"]
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]
    chinese = _ask(capsys, "我的居留卡丢了", "--lang", "zh_Hans", "--seed")
    assert chinese["hits"][0]["topic_id"] == "lost_card"  # type: ignore[index]


def test_ask_searches_the_kiosk_cache_when_it_has_a_knowledge_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = secrets.token_bytes(32)
    key_file = tmp_path / "key"
    key_file.write_text(key.hex())
    os.chmod(key_file, 0o600)
    connection = open_cache(tmp_path / "cache.db", key)
    only = FaqText("de", 1, "Wo ist das Fundbüro?", ("Fundsachen",), "Im Rathaus.")
    FaqContent(connection).replace("office", [FaqTopic("lost_property", (), False, {"de": only})])
    connection.close()
    found = _ask(capsys, "Fundbüro", "--state", str(tmp_path), "--key-file", str(key_file))
    assert found["source"] == "cache"
    assert [hit["topic_id"] for hit in found["hits"]] == ["lost_property"]  # type: ignore[union-attr]


def test_eval_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faq", "eval"]) == 0
    out = capsys.readouterr().out
    assert "| zh_Hans | 145 |" in out and out.splitlines()[-1].startswith("| all | 1450 |")


# The issue's own question, as a resident would type it in each language (issue 16, "Done when").
PERMIT_RUNS_OUT = {
    "de": "Mein Aufenthaltstitel läuft nächste Woche ab, was soll ich tun",
    "en": "my permit runs out next week, what do I do",
    "ar": "إقامتي تنتهي الأسبوع القادم ماذا أفعل",
    "fa": "اقامتم هفته آینده تمام می‌شود چه کار کنم",
    "tr": "oturma iznim gelecek hafta bitiyor ne yapmalıyım",
    "uk": "мій дозвіл на проживання закінчується наступного тижня що робити",
    "ru": "мой вид на жительство заканчивается на следующей неделе что делать",
    "fr": "mon titre de séjour expire la semaine prochaine que faire",
    "es": "mi permiso de residencia vence la próxima semana qué hago",
    "zh_Hans": "我的居留许可下周到期怎么办",
}


@pytest.mark.parametrize("language", sorted(PERMIT_RUNS_OUT))
def test_my_permit_runs_out_next_week_is_answered_in_every_language(
    language: str, capsys: pytest.CaptureFixture[str]
) -> None:
    found = _ask(capsys, PERMIT_RUNS_OUT[language], "--lang", language, "--seed")
    first = found["hits"][0]  # type: ignore[index]
    assert first["topic_id"] == "extend_permit" and first["offered"]
