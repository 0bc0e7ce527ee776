"""The Arabic edition is Arabic throughout: complete catalogues, no English left on its pages."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from newsroom.management.commands.compile_catalogues import project_catalogues
from tests.pages import build_site, english_words

CATALOGUES = list(project_catalogues(Path(settings.BASE_DIR)))
def test_there_is_an_arabic_catalogue_for_each_app():
    apps_with_catalogues = {path.relative_to(settings.BASE_DIR).parts[0] for path in CATALOGUES}
    assert {"newsroom", "articles", "translations"} <= apps_with_catalogues


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_arabic_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_arabic_translations_keep_their_placeholders(path):
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
    for entry in polib.pofile(str(path)).translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            assert set(placeholder.findall(translation)) <= set(placeholder.findall(entry.msgid + (entry.msgid_plural or ""))), entry.msgid


@pytest.mark.django_db
def test_arabic_reader_pages_have_no_english_interface_text(client):
    for url in build_site()["ar"]:
        response = client.get(url)
        assert response.status_code == 200
        assert english_words(response.text) == [], url


@pytest.mark.django_db
def test_the_check_itself_notices_english_on_an_arabic_page(client):
    # Guard against a checker that can never fail: an English page is full of Latin words.
    for url in build_site()["en"][:1]:
        assert "news" in " ".join(english_words(client.get(url).text, language="en")).lower()


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_catalogue_holds_every_string_the_code_uses(path, tmp_path):
    """A string added to the code but never extracted would stay English on Arabic pages."""
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext is not installed; the catalogue was not re-extracted.")
    app_dir = path.parents[3]
    copy = tmp_path / app_dir.name
    shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "makemessages", "--locale", "ar",
         "--no-location", "--ignore", "banners/*" if app_dir.name == "newsroom" else "static/*"],
        cwd=copy, check=True, capture_output=True,
    )
    extracted = {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(copy / "locale/ar/LC_MESSAGES/django.po"))
        if not entry.obsolete  # strings the code no longer uses, kept by makemessages as comments
    }
    committed = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)) if not entry.obsolete}
    assert sorted(extracted - committed, key=str) == []
