"""The site's own web fonts: installed from npm at setup, preloaded per edition, optional without npm."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from newsroom import fonts
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FONTSOURCE = Path(settings.BASE_DIR) / "node_modules" / "@fontsource"
needs_npm = pytest.mark.skipif(not FONTSOURCE.is_dir(), reason="npm packages not installed (make setup)")


@pytest.fixture
def installed_fonts(settings, tmp_path):
    settings.NEWSROOM_FONTS_DIR = tmp_path / "fonts"
    call_command("install_fonts", stdout=open("/dev/null", "w"))
    return settings.NEWSROOM_FONTS_DIR


@needs_npm
def test_setup_copies_only_the_woff2_subsets_the_pages_use(installed_fonts):
    names = sorted(path.name for path in installed_fonts.iterdir())
    assert "fonts.css" in names
    woff2 = [name for name in names if name != "fonts.css"]
    assert woff2 and all(name.endswith(".woff2") for name in woff2)
    assert all("-arabic-" in name or "-latin-" in name for name in woff2)
    assert not any("latin-ext" in name or "math" in name or "symbols" in name for name in woff2)


@needs_npm
def test_every_face_swaps_and_covers_only_its_subset(installed_fonts):
    css = (installed_fonts / "fonts.css").read_text()
    faces = css.count("@font-face")
    assert faces == sum(len(list(face.files())) for face in fonts.FACES)
    assert css.count("font-display: swap;") == faces and css.count("unicode-range:") == faces
    assert "http" not in css.replace("SIL Open Font License", "")  # nothing from another site


@needs_npm
@pytest.mark.parametrize(
    ("language", "faces"),
    [("ar", ["noto-naskh-arabic-arabic-400", "ibm-plex-sans-arabic-arabic-700"]), ("en", ["source-serif-4-latin-400"])],
)
def test_each_edition_preloads_its_body_face_and_arabic_its_headline_face(client, installed_fonts, language, faces):
    article = ArticleFactory(language=language)
    html = client.get(article.get_absolute_url()).text
    for face in faces:
        assert f'<link rel="preload" href="/static/fonts/{face}-normal.woff2" as="font" type="font/woff2" crossorigin>' in html
    assert 'href="/static/fonts/fonts.css"' in html
    assert html.count('rel="preload"') == len(faces)


def test_without_npm_pages_link_no_fonts_and_still_work(client, settings, tmp_path):
    settings.NEWSROOM_FONTS_DIR = tmp_path / "absent"
    response = client.get(ArticleFactory(arabic=True).get_absolute_url())
    assert response.status_code == 200
    assert "fonts/fonts.css" not in response.text and 'as="font"' not in response.text


def test_the_command_says_when_npm_packages_are_missing(settings, tmp_path, capsys):
    settings.BASE_DIR = tmp_path
    settings.NEWSROOM_FONTS_DIR = tmp_path / "fonts"
    call_command("install_fonts")
    assert "fallback fonts" in capsys.readouterr().out and not fonts.installed()


def test_the_reader_policy_allows_the_sites_own_fonts_only(client):
    policy = client.get(ArticleFactory().get_absolute_url())["Content-Security-Policy"]
    assert "font-src 'self'" in policy
