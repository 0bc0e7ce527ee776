"""The demo content fills a fresh site with real stories in both editions, and loading it twice is harmless."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Section

pytestmark = pytest.mark.django_db


def load_demo():
    call_command("load_demo_content", stdout=io.StringIO())


def test_demo_content_gives_each_edition_a_dozen_illustrated_stories(client):
    load_demo()
    for language in ("en", "ar"):
        articles = Article.objects.published().in_language(language)
        assert articles.count() >= 12
        assert articles.values("section").distinct().count() >= 3
        # Sizes are stored, so pages reserve the image's space without opening the file.
        assert not articles.filter(image_width__isnull=True).exists()
        assert all(article.image for article in articles)
        assert all(article.body.count("<p>") >= 10 for article in articles)
    assert Section.objects.count() >= 3
    story = Article.objects.published().in_language("ar").first()
    page = client.get(story.get_absolute_url())
    assert page.status_code == 200 and story.title in page.text


def test_demo_loaded_just_after_midnight_publishes_every_story_at_once(monkeypatch):
    # Before nine in the morning, "today at nine" is still ahead: the newest story must not wait as scheduled.
    just_after_midnight = timezone.localtime().replace(hour=0, minute=10, second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: just_after_midnight.astimezone(datetime.timezone.utc))
    load_demo()
    assert not Article.objects.filter(published_at__gt=just_after_midnight).exists()
    for language in ("en", "ar"):
        assert Article.objects.published().in_language(language).count() >= 12


def test_loading_the_demo_twice_changes_nothing():
    load_demo()
    counts = Article.objects.count(), Section.objects.count()
    load_demo()
    assert (Article.objects.count(), Section.objects.count()) == counts


def test_demo_editor_can_log_in_to_the_admin(client, settings):
    settings.DEBUG = True  # the demo editor exists only on local demo sites
    out = io.StringIO()
    call_command("create_demo_editor", stdout=out)
    assert "login: editor" in out.getvalue() and "/admin/" in out.getvalue()
    assert client.login(username="editor", password="newsroom-demo")
    assert client.get("/admin/").status_code == 200
    call_command("create_demo_editor", stdout=io.StringIO())
    assert get_user_model().objects.filter(username="editor").count() == 1


def test_each_demo_story_has_one_described_photo_with_its_resized_copies(committed, client):
    with committed():  # the copies' jobs run once the demo's saves commit, as in `make run`
        load_demo()
    illustrated = Article.objects.exclude(image="")
    assert illustrated.count() == Article.objects.count()
    assert not illustrated.filter(image_alt="").exists()
    assert not illustrated.filter(image_variants="").exists()
    english = Article.objects.get(language="en", slug="damascus-residents-face-longer-power-cuts-summer-heat")
    arabic = Article.objects.get(language="ar", translation_key=english.translation_key)
    assert arabic.image.name == english.image.name  # one stored file for both versions
    assert english.image_alt.startswith("A narrow street") and arabic.image_alt.startswith("شارع ضيق")
    page = client.get(arabic.get_absolute_url()).text
    assert '<source type="image/webp"' in page and 'alt="شارع ضيق' in page
