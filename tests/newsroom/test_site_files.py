"""The icon and the web app manifest of each edition, named in every page's head."""

import json

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, direction, name", [("en", "ltr", "Newsroom"), ("ar", "rtl", "غرفة الأخبار")])
def test_each_edition_has_its_own_manifest(client, language, direction, name):
    response = client.get(f"/{language}/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["lang"], manifest["dir"], manifest["name"]) == (language, direction, name)
    assert manifest["start_url"] == f"/{language}/"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    for icon in manifest["icons"]:
        assert icon["src"].startswith("/static/newsroom/")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pages_name_the_icon_and_the_edition_manifest(client, language):
    html = client.get(f"/{language}/").text
    assert f'<link rel="manifest" href="/{language}/manifest.webmanifest">' in html
    assert '<link rel="icon" href="/static/newsroom/favicon.svg" type="image/svg+xml">' in html


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/newsroom/icon-192.png"


def test_the_icons_exist(client):
    from django.contrib.staticfiles import finders

    for name in ("favicon.svg", "icon-192.png", "icon-512.png", "apple-touch-icon.png", "logo.png"):
        assert finders.find(f"newsroom/{name}"), name


def test_an_article_page_names_its_manifest_too(client):
    assert 'rel="manifest"' in client.get(ArticleFactory().get_absolute_url()).text
