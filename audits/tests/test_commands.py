"""manage.py check_language for a whole document (text or .docx), the loaders of the library and glossary, and
a fresh install getting the shipped standards and glossary when it is migrated."""

import io
import json

import docx
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from audits import services
from audits.models import Framework, GlossaryTerm

from .factories import FrameworkFactory, GlossaryTermFactory

pytestmark = pytest.mark.django_db

MINUTES = 'Child protection conference\nMum said: "I was aggressive."\nThe father was aggressive and hostile.\n'


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("check_language", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_text_file_is_checked_term_by_term_with_where_why_and_instead(tmp_path):
    call_command("load_glossary", stdout=io.StringIO())
    path = tmp_path / "minutes.txt"
    path.write_text(MINUTES, encoding="utf-8")
    out, _ = run(str(path))
    assert out.startswith("minutes.txt: 14 words, 2 terms flagged, 142.9 per 1,000 words")
    assert "line 3, column 16: “aggressive” (aggressive)" in out
    assert "line 3, column 31: “hostile” (hostile)" in out
    assert "Why: A behavioural label" in out and "Instead: Describe what was said and done" in out
    assert "Not flagged: 1 inside quotations of a person's own words." in out


def test_json_lists_each_finding_with_the_text_it_matched(tmp_path):
    GlossaryTermFactory()
    path = tmp_path / "notes.txt"
    path.write_text("He spoke aggressively.", encoding="utf-8")
    out, _ = run(str(path), "--json")
    data = json.loads(out)
    assert (data["words"], data["flagged"], data["per_1000_words"]) == (3, 1, "333.3")
    assert data["findings"][0] | {"reason": ""} == {
        "matched": "aggressively",
        "term": "aggressive",
        "line": 1,
        "column": 10,
        "context": "He spoke aggressively.",
        "reason": "",
        "alternatives": ["Describe what was said and done"],
        "source": "Practice Standard 14",
    }


def test_a_word_document_is_read_paragraph_by_paragraph_and_table_by_table(tmp_path):
    GlossaryTermFactory()
    document = docx.Document()
    document.add_paragraph("Network meeting minutes")
    document.add_paragraph("Everyone attended.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Concern"
    table.cell(0, 1).text = "Dad was aggressive on the phone."
    path = tmp_path / "minutes.docx"
    document.save(path)
    out, _ = run(str(path), "--json")
    finding = json.loads(out)["findings"][0]
    assert (finding["matched"], finding["paragraph"]) == ("aggressive", 4)


def test_without_a_loaded_glossary_the_shipped_file_is_used_and_said(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("The BAME community.", encoding="utf-8")
    out, err = run(str(path))
    assert "using the file shipped with the app" in err and "“BAME”" in out
    assert not GlossaryTerm.objects.exists()


def test_a_file_that_is_not_text_or_word_is_refused_with_a_message(tmp_path):
    path = tmp_path / "picture.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(CommandError, match="not plain text or a Word document"):
        run(str(path))
    with pytest.raises(CommandError, match="Could not read"):
        run(str(tmp_path / "missing.txt"))


def test_a_windows_text_file_is_read(tmp_path):
    GlossaryTermFactory()
    path = tmp_path / "old.txt"
    path.write_bytes("Caf\xe9 meeting: he was aggressive.".encode("cp1252"))
    out, _ = run(str(path))
    assert "1 term flagged" in out


def test_the_standards_and_glossary_load_once_from_their_files():
    call_command("load_standards", stdout=io.StringIO())
    call_command("load_standards", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_glossary", stdout=out)
    assert Framework.objects.get().standards.count() == 40
    assert out.getvalue().startswith("Glossary: 14 terms added")
    term = GlossaryTerm.objects.get(key="bame")
    term.reason = "Our own wording."
    term.save()
    again = io.StringIO()
    call_command("load_glossary", stdout=again)
    term.refresh_from_db()
    assert term.reason == "Our own wording." and "14 kept" in again.getvalue()


# A fresh install: migrate loads the shipped library where there is none (the test settings turn this off)


@override_settings(AUDITS_LOAD_LIBRARY_ON_MIGRATE=True)
def test_migrating_a_database_with_no_standards_or_glossary_loads_the_ones_shipped_with_the_app():
    assert not Framework.objects.exists() and not GlossaryTerm.objects.exists()
    out = io.StringIO()
    call_command("migrate", verbosity=1, stdout=out)
    framework = Framework.objects.get()
    assert (framework.version, framework.standards.count()) == ("June 2024", 40)
    assert GlossaryTerm.objects.count() == len(json.loads(services.GLOSSARY.read_text(encoding="utf-8"))["terms"])
    assert "Loaded the standards shipped with the app" in out.getvalue()
    assert "Loaded the glossary shipped with the app. Glossary: 14 terms added" in out.getvalue()

    again = io.StringIO()
    call_command("migrate", verbosity=1, stdout=again)
    assert "Loaded" not in again.getvalue() and Framework.objects.count() == 1


@override_settings(AUDITS_LOAD_LIBRARY_ON_MIGRATE=True)
def test_migrating_leaves_a_library_that_has_anything_in_it_as_it_is():
    framework = FrameworkFactory()
    GlossaryTermFactory(key="our-own")
    call_command("migrate", verbosity=0)
    assert list(Framework.objects.all()) == [framework]
    assert list(GlossaryTerm.objects.values_list("key", flat=True)) == ["our-own"]


def test_with_the_setting_off_migrating_loads_nothing():
    call_command("migrate", verbosity=0)
    assert not Framework.objects.exists() and not GlossaryTerm.objects.exists()
