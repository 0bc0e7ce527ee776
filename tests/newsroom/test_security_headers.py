"""Every response says what the browser may run and use: CSP, Permissions-Policy, a SameSite language cookie."""

import base64
import hashlib
import re

import pytest
from django.test import Client

from articles.views import EditionHomeView
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.parametrize("url", ["/en/", "/ar/", "/en/no-such-page/"])
def test_reader_pages_have_a_strict_policy(client, url):
    ArticleFactory()
    policy = directives(client.get(url))
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "script-src" not in policy  # falls back to default-src 'self': no inline script at all
    assert "'unsafe-inline'" not in " ".join(sum(policy.values(), []))


def test_an_article_page_has_the_policy_and_no_inline_script_or_style(client):
    article = ArticleFactory(arabic=True)
    response = client.get(article.get_absolute_url())
    assert "default-src 'self'" in response["Content-Security-Policy"]
    html = response.text
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    # The structured data is a data block (JSON-LD): browsers never run it, and the policy needs no exception.
    assert inline == ['<script type="application/ld+json">']
    assert "<style" not in html and " style=" not in html


def test_the_server_error_page_styles_are_allowed_by_their_hash(monkeypatch):
    def broken(self):
        raise RuntimeError("the database is on fire")

    monkeypatch.setattr(EditionHomeView, "get_queryset", broken)
    response = Client(raise_request_exception=False).get("/ar/")
    assert response.status_code == 500
    [styles] = re.findall(r"<style>(.*?)</style>", response.text, re.S)
    digest = base64.b64encode(hashlib.sha256(styles.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in directives(response)["style-src"]


def test_the_admin_policy_runs_the_editor_with_a_nonce(editor_client):
    article = ArticleFactory()
    response = editor_client.get(f"/admin/articles/article/{article.pk}/change/")
    policy = directives(response)
    [nonce] = [value for value in policy["script-src"] if value.startswith("'nonce-")]
    assert policy["script-src"] == ["'self'", nonce]
    assert f'<script type="importmap" nonce="{nonce[7:-1]}">' in response.text
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" in policy["style-src"]  # the admin writes style attributes


def test_admin_inline_event_handlers_are_gone(editor_client):
    html = editor_client.get("/admin/").text
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize("url", ["/en/", "/admin/login/", "/healthz"])
def test_every_response_refuses_camera_microphone_and_location(client, url):
    policy = client.get(url)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_the_language_cookie_is_samesite_lax(client):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/ar/"})
    cookie = response.cookies["newsroom_language"]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]


def test_a_bad_request_in_the_arabic_edition_is_answered_in_arabic(client):
    response = client.get("/ar/?page=%00")
    assert response.status_code == 400
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "<h1>طلب غير صالح</h1>" in response.text
