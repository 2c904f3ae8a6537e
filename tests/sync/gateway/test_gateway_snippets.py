"""The knowledge base in the gateway (issue 16), on SQLite and PostgreSQL with a fixed clock:
the seed imports; changed German puts every translation out of date until approved again;
every version is kept; export gives back the files; supervisors edit and approve through the
staff API (audited), clerks only read."""

from __future__ import annotations

import filecmp
import json
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from fixed_time import fixed_now
from staff_harness import add_staff, audit, enroll_counter, signed_in

from kiosk_app.cli import main
from kiosk_app.core.snippet_files import default_seed_dir, read_snippets
from kiosk_app.core.snippets import resident_view
from sync.gateway.database import make_engine, upgrade, write_transaction
from sync.gateway.snippets import (
    SnippetError,
    approve,
    approved_on,
    import_snippets,
    load_one,
    meta_versions,
    versions,
)
from sync.gateway.staff.audit import Actor
from sync.snippet_protocol import SnippetOut, SnippetVersionOut

SEED = default_seed_dir()


def _actor(hours: int = 0) -> Actor:
    return Actor(None, None, fixed_now() + timedelta(hours=hours))


def _copy(tmp_path: Path, *ids: str) -> Path:
    target = tmp_path / "snippets"
    for snippet_id in ids or tuple(path.name for path in SEED.iterdir() if path.is_dir()):
        shutil.copytree(SEED / snippet_id, target / snippet_id)
    return target


def _rewrite_german(directory: Path, old: str, new: str) -> None:
    path = directory / "de.toml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def engine(gateway_db_url):
    upgrade(gateway_db_url)
    engine = make_engine(gateway_db_url)
    yield engine
    engine.dispose()


def _import(engine, directory: Path, hours: int = 0):
    with write_transaction(engine) as conn:
        return import_snippets(conn, read_snippets(directory), _actor(hours))


def _approve(engine, snippet_id: str, languages=None, hours: int = 0):
    with write_transaction(engine) as conn:
        return approve(conn, snippet_id, languages, "m.schulz", _actor(hours))


def _view(engine, snippet_id: str, language: str):
    with engine.connect() as conn:
        stored = load_one(conn, snippet_id)
    assert stored is not None
    return resident_view(language, stored.states)


def test_changed_german_hides_translations_until_approved_again(engine, tmp_path) -> None:
    content = _copy(tmp_path, "extend_permit", "lost_card")
    first = _import(engine, content)
    assert first.created == ["extend_permit", "lost_card"]
    assert len(first.new_versions) == 20
    assert _view(engine, "extend_permit", "ar").languages == ()  # the seed is unapproved
    assert _approve(engine, "extend_permit")[0] == "de v1"
    assert _view(engine, "extend_permit", "ar").languages == ("ar",)

    # The office changes the German text; nothing else.
    _rewrite_german(content / "extend_permit", "am besten einige Wochen vorher", "rechtzeitig")
    second = _import(engine, content, hours=1)
    assert second.new_versions == ["extend_permit/de v2"]
    assert len(second.outdated) == 9 and "extend_permit/ar" in second.outdated
    assert _view(engine, "extend_permit", "ar").languages == ()  # new German not approved yet
    _approve(engine, "extend_permit", ["de"], hours=2)
    view = _view(engine, "extend_permit", "ar")
    assert view.languages == ("de",) and view.fallback  # Arabic out of date: German alone
    _approve(engine, "extend_permit", ["en"], hours=2)
    assert _view(engine, "extend_permit", "ar").languages == ("de", "en")
    _approve(engine, "extend_permit", ["ar"], hours=3)
    assert _view(engine, "extend_permit", "ar").languages == ("ar",)
    assert _view(engine, "lost_card", "ar").languages == ()  # the other snippet untouched

    with engine.connect() as conn:
        german = versions(conn, "extend_permit", "de")
        arabic = versions(conn, "extend_permit", "ar")
        turkish = versions(conn, "extend_permit", "tr")
    assert [item.version for item in german] == [1, 2]
    assert "am besten einige Wochen vorher" in german[0].text.answer  # the old text is kept
    assert german[1].approved_by == "m.schulz"
    assert german[1].approved_at == fixed_now() + timedelta(hours=2)
    assert [(item.version, item.german_version) for item in arabic] == [(1, 1), (2, 2)]
    assert arabic[0].text == arabic[1].text  # re-approved as it stood, against German v2
    assert [(item.version, item.german_version) for item in turkish] == [(1, 1)]  # still stale


def test_a_translation_changed_with_the_german_follows_it_but_waits_for_approval(
    engine, tmp_path
) -> None:
    content = _copy(tmp_path, "walk_in")
    _import(engine, content)
    _approve(engine, "walk_in")
    _rewrite_german(content / "walk_in", "die Wartezeit ist unterschiedlich", "bitte warten Sie")
    english = content / "walk_in" / "en.toml"
    english.write_text(english.read_text("utf-8").replace("waiting times vary", "please wait"))
    report = _import(engine, content, hours=1)
    assert report.new_versions == ["walk_in/de v2", "walk_in/en v2"]
    _approve(engine, "walk_in", ["de"], hours=1)
    assert _view(engine, "walk_in", "en").languages == ("de",)  # English v2 not approved
    _approve(engine, "walk_in", ["en"], hours=1)
    assert _view(engine, "walk_in", "en").languages == ("en",)
    with engine.connect() as conn:
        assert [item.version for item in versions(conn, "walk_in", "en")] == [1, 2]


def test_the_seed_imports_and_exports_to_the_same_files(gateway_db_url, tmp_path) -> None:
    assert main(["gateway", "snippets", "check"]) == 0
    assert main(["gateway", "snippets", "import", str(SEED), "--db", gateway_db_url]) == 0
    again = main(["gateway", "snippets", "import", str(SEED), "--db", gateway_db_url])
    assert again == 0
    out = tmp_path / "export"
    assert main(["gateway", "snippets", "export", str(out), "--db", gateway_db_url]) == 0
    compared = filecmp.dircmp(SEED, out)
    assert sorted(compared.common_dirs) == sorted(p.name for p in SEED.iterdir() if p.is_dir())
    for name in compared.common_dirs:
        sub = compared.subdirs[name]
        assert not sub.left_only and not sub.right_only, name
        _, mismatch, errors = filecmp.cmpfiles(SEED / name, out / name, sub.common, shallow=False)
        assert not mismatch and not errors, name


def test_the_second_import_of_unchanged_files_adds_no_version(engine) -> None:
    _import(engine, SEED)
    report = _import(engine, SEED, hours=1)
    assert report.new_versions == [] and report.created == []
    assert report.unchanged == 290


def test_content_that_breaks_a_rule_is_refused_whole(engine, tmp_path, capsys) -> None:
    content = _copy(tmp_path, "fees", "contact")
    path = content / "fees" / "tr.toml"
    path.write_text(path.read_text("utf-8").replace("{fee.extension}", "96 €"), "utf-8")
    with pytest.raises(SnippetError, match=r"fees/tr: placeholders"):
        _import(engine, content)
    with engine.connect() as conn:
        assert load_one(conn, "contact") is None  # nothing of the import was kept
    url = str(engine.url.render_as_string(hide_password=False))
    assert main(["gateway", "snippets", "import", str(content), "--db", url]) == 1
    assert "Nicht importiert" in capsys.readouterr().err


def test_approve_from_the_shell_names_the_approver(engine, tmp_path, capsys) -> None:
    _import(engine, _copy(tmp_path, "interpreter"))
    url = str(engine.url.render_as_string(hide_password=False))
    args = ["gateway", "snippets", "approve", "interpreter", "--language", "de"]
    assert main([*args, "--by", "m.schulz", "--db", url]) == 0
    assert "interpreter/de v1 freigegeben von m.schulz" in capsys.readouterr().out
    assert main([*args, "--by", "m.schulz", "--db", url]) == 0
    assert "schon freigegeben" in capsys.readouterr().out
    assert main(["gateway", "snippets", "approve", "nothing", "--by", "x", "--db", url]) == 1


def test_supervisors_edit_and_approve_through_the_staff_api(gateway, tmp_path) -> None:
    engine = make_engine(gateway.settings.db_url)
    try:
        _import(engine, _copy(tmp_path, "extend_permit"))
    finally:
        engine.dispose()
    add_staff(gateway, "sabine.s", "supervisor")
    add_staff(gateway, "carl.c", "counter")
    counter = enroll_counter(gateway, "Schalter 1")
    supervisor = signed_in(counter, "sabine.s")
    other = enroll_counter(gateway, "Schalter 2")
    clerk = signed_in(other, "carl.c")

    listed = clerk.get("/staff/v1/snippets")
    assert listed.status_code == 200, listed.text
    assert [item["id"] for item in listed.json()] == ["extend_permit"]

    text = {
        "question": "Wie verlängere ich meinen Aufenthaltstitel?",
        "phrasings": ["Titel verlängern", "Karte läuft ab", "Verlängerung beantragen"],
        "answer": "Stellen Sie den Antrag rechtzeitig, auch per E-Mail an {office.email}. "
        "Die Gebühr beträgt {fee.extension}.",
    }
    path = "/staff/v1/snippets/extend_permit/texts/de"
    refused = other.client.put(path, json=text, headers=clerk.headers)
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    digits = {**text, "answer": "Per E-Mail an {office.email}. Die Gebühr beträgt 96 €."}
    bad = counter.client.put(path, json=digits, headers=supervisor.headers)
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_content"

    edited = counter.client.put(path, json=text, headers=supervisor.headers)
    assert edited.status_code == 200, edited.text
    snippet = SnippetOut.model_validate_json(edited.content)
    states = {item.language: item.state for item in snippet.languages}
    assert states["de"] == "unapproved"
    assert {states[code] for code in states if code != "de"} == {"out_of_date"}

    approved = supervisor.post("/staff/v1/snippets/extend_permit/approval", json={})
    assert approved.status_code == 200, approved.text
    after = SnippetOut.model_validate_json(approved.content)
    assert all(item.shown_to_residents for item in after.languages)
    german = after.languages[0]
    assert (german.language, german.version, german.approved_by) == ("de", 2, "sabine.s")
    assert german.approved_on == approved_on(fixed_now())

    history = supervisor.get("/staff/v1/snippets/extend_permit/versions")
    stored = [SnippetVersionOut.model_validate_json(json.dumps(item)) for item in history.json()]
    assert [item.version for item in stored if item.language == "de"] == [1, 2]
    assert [item.created_by for item in stored if item.language == "de"] == [None, "sabine.s"]
    assert supervisor.get("/staff/v1/snippets/nothing").status_code == 404

    actions = {(entry.username, entry.action, entry.outcome) for entry in audit(gateway)}
    assert ("sabine.s", "edit_snippet", "allowed") in actions
    assert ("sabine.s", "approve_snippet", "allowed") in actions
    assert ("carl.c", "edit_snippet", "refused") in actions


def test_a_changed_legal_basis_is_kept_as_a_new_state_without_touching_the_texts(
    engine, tmp_path
) -> None:
    content = _copy(tmp_path, "fiktion_certificate")
    _import(engine, content)
    _approve(engine, "fiktion_certificate")
    meta = content / "fiktion_certificate" / "snippet.toml"
    old = '["§ 81 Abs. 4 AufenthG", "§ 81 Abs. 5 AufenthG"]'
    meta.write_text(meta.read_text("utf-8").replace(old, '["§ 81 Abs. 5 AufenthG"]'), "utf-8")
    report = _import(engine, content, hours=1)
    assert report.new_versions == [] and report.created == []
    with engine.connect() as conn:
        stored = load_one(conn, "fiktion_certificate")
        history = meta_versions(conn, "fiktion_certificate")
    assert stored is not None and stored.snippet.legal_basis == ("§ 81 Abs. 5 AufenthG",)
    assert [item["legal_basis"] for item in history] == [
        ["§ 81 Abs. 4 AufenthG", "§ 81 Abs. 5 AufenthG"],
        ["§ 81 Abs. 5 AufenthG"],
    ]
    assert _view(engine, "fiktion_certificate", "fa").languages == ("fa",)  # still approved


def test_check_from_the_shell_names_the_faults(tmp_path: Path, capsys) -> None:
    """The gateway command (tests/core runs without the gateway's packages)."""
    from kiosk_app.cli import main
    from kiosk_app.core.snippet_files import default_seed_dir

    assert main(["gateway", "snippets", "check"]) == 0
    assert "29 Textbausteine" in capsys.readouterr().out
    broken = tmp_path / "snippets" / "fees"
    broken.mkdir(parents=True)
    for path in (default_seed_dir() / "fees").iterdir():
        (broken / path.name).write_text(path.read_text("utf-8"), "utf-8")
    german = broken / "de.toml"
    german.write_text(german.read_text("utf-8").replace("{fee.extension}", "96 Euro"), "utf-8")
    assert main(["gateway", "snippets", "check", str(tmp_path / "snippets")]) == 1
    out = capsys.readouterr().out
    assert "fees/de: a digit in the answer" in out
    assert "topic extend_permit: no snippet" in out
