"""Previewing an article as readers will see it: staff in the admin, and outsiders through a signed share link."""

import datetime
import time

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone, translation

from articles import preview, selectors, services
from articles.models import Article
from articles.urls import reader_urlpatterns
from newsroom.banners import services as banner_services
from tests.articles.factories import RelatedArticleFactory
from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory, AuthorFactory, TagFactory, UserFactory
from translations.services import link_translation

pytestmark = pytest.mark.django_db

BAR = 'class="preview-bar'


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def share_path(article):
    return preview.share_link(article).path


def staff_with(*codenames, username="staffer"):
    user = UserFactory(username=username, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def viewer_client(db):
    """Staff who may view articles, and nothing else."""
    client = Client()
    client.force_login(staff_with("view_article", username="viewer"))
    return client


# --- The preview in the admin ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ({"draft": True}, "Draft: readers cannot see this story."),
        ({"scheduled": True}, "Scheduled for"),
        ({}, "Live: readers can see this story."),
    ],
)
def test_staff_who_may_view_an_article_preview_it_whatever_its_visibility(viewer_client, kind, words):
    article = ArticleFactory(title="Bread prices in Idlib", **kind)
    response = viewer_client.get(preview_url(article))
    assert response.status_code == 200
    assert "Bread prices in Idlib" in response.text
    assert BAR in response.text and words in response.text
    # The real reader template of the edition: its masthead, story layout and section menu.
    assert 'class="story__title"' in response.text and 'class="site-header"' in response.text
    assert ("Preview — not published" in response.text) == (kind != {})


def test_a_scheduled_preview_says_when_it_goes_live(viewer_client):
    # In the newsroom's time zone, as the article form shows it.
    article = ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2031, 6, 9, 14, 30)))
    assert "Scheduled for 9 June 2031 at 14:30" in viewer_client.get(preview_url(article)).text


def test_an_arabic_draft_is_previewed_in_the_arabic_edition_right_to_left(editor_client):
    article = ArticleFactory(arabic=True, draft=True, title="أسعار الخبز في إدلب")
    editor_client.cookies["newsroom_language"] = "en"  # the editor works in English
    response = editor_client.get(preview_url(article))
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "أسعار الخبز في إدلب" in response.text
    assert response["Content-Language"] == "ar"
    assert 'href="/ar/' in response.text  # links lead into the Arabic edition


def test_anonymous_visitors_are_sent_to_the_login(client):
    article = ArticleFactory(draft=True)
    response = client.get(preview_url(article))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_without_the_view_permission_are_refused(client):
    article = ArticleFactory(draft=True, title="Embargoed")
    client.force_login(staff_with("view_banner"))
    response = client.get(preview_url(article))
    assert response.status_code == 403
    assert "Embargoed" not in response.text


def test_a_missing_article_or_a_bad_address_is_a_404(editor_client):
    assert editor_client.get(reverse("admin:articles_article_preview", args=[999999])).status_code == 404
    assert editor_client.get("/admin/articles/article/not-a-number/preview/").status_code == 404


def test_the_preview_is_only_read(viewer_client):
    article = ArticleFactory(draft=True)
    assert viewer_client.post(preview_url(article)).status_code == 405


def test_readers_never_get_the_preview_bar(client):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert BAR not in response.text and "Preview" not in response.text
    assert 'name="robots"' not in response.text and "X-Robots-Tag" not in response


def assert_private_and_unindexed(response):
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex">' in response.text
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control
    assert "Surrogate-Key" not in response
    assert response["Referrer-Policy"] == "no-referrer"  # a share link's token never leaves in a Referer


def test_preview_responses_are_never_indexed_or_kept(editor_client):
    article = ArticleFactory(draft=True)
    assert_private_and_unindexed(editor_client.get(preview_url(article)))
    assert_private_and_unindexed(Client().get(share_path(article)))


def test_the_preview_shows_no_appeal_and_counts_none(client, monkeypatch):
    article = ArticleFactory()
    BannerFactory()
    shown = []
    monkeypatch.setattr(banner_services, "record_impression", lambda **kwargs: shown.append(kwargs))
    assert 'class="support-banner' in client.get(article.get_absolute_url()).text  # readers get one
    count = len(shown)
    response = client.get(share_path(article))
    assert 'class="support-banner' not in response.text
    assert len(shown) == count


class TestPageCache:
    @pytest.fixture(autouse=True)
    def page_cache_on(self, settings, empty_cache):
        settings.NEWSROOM_PAGE_CACHE_SECONDS = 300

    def test_a_share_link_is_never_served_from_the_page_cache(self, client):
        article = ArticleFactory(title="First title")
        path = share_path(article)
        client.get(path)
        with CaptureQueriesContext(connection) as second:
            response = client.get(path)
        assert len(second.captured_queries) > 0  # rendered afresh, not from the cache
        assert_private_and_unindexed(response)
        # An edit shows at once, even without the page cache being purged.
        Article.objects.filter(pk=article.pk).update(title="Second title")
        assert "Second title" in client.get(path).text

    def test_previewing_a_live_story_does_not_put_the_preview_in_its_cached_page(self, editor_client):
        article = ArticleFactory()
        editor_client.get(preview_url(article))
        client = Client()  # an anonymous reader, who could be served a stored page
        client.get(share_path(article))
        public = client.get(article.get_absolute_url())
        again = client.get(article.get_absolute_url())
        assert "public" in again["Cache-Control"]
        assert BAR not in public.text and BAR not in again.text


# --- Share links ---------------------------------------------------------------------------------


def test_a_share_link_works_without_a_login(client):
    article = ArticleFactory(draft=True, title="For the lawyer")
    response = client.get(share_path(article))
    assert response.status_code == 200
    assert "For the lawyer" in response.text and "Preview — not published" in response.text


def test_a_share_link_is_outside_the_admin_and_the_editions():
    path = share_path(ArticleFactory(draft=True))
    assert path.startswith("/preview/")
    assert resolve(path).namespace == "preview"


def test_no_reader_page_name_leads_to_a_share_link():
    """A sitemap or feed lists the ``articles`` reader pages: share links must never be among them."""
    names = {pattern.name for pattern in reader_urlpatterns()}
    assert "article" in names
    assert not any("preview" in str(pattern.pattern) for pattern in reader_urlpatterns())
    with translation.override("en"):
        assert resolve(share_path(ArticleFactory())).app_name != "articles"


def test_a_share_link_expires(client, settings, monkeypatch):
    settings.NEWSROOM_PREVIEW_LINK_HOURS = 72
    article = ArticleFactory(draft=True, title="Secret draft")
    path = share_path(article)
    later = time.time() + 73 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.get(path)
    assert response.status_code == 410
    assert "This preview link no longer works" in response.text and "expired" in response.text
    assert "Secret draft" not in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_share_link_still_works_within_its_lifetime(client, monkeypatch):
    article = ArticleFactory(draft=True)
    path = share_path(article)
    later = time.time() + 71 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(path).status_code == 200


def test_a_shorter_lifetime_applies_to_links_already_handed_out(client, settings, monkeypatch):
    article = ArticleFactory(draft=True)
    path = share_path(article)
    settings.NEWSROOM_PREVIEW_LINK_HOURS = 1
    later = time.time() + 2 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(path).status_code == 410


def test_changing_the_articles_key_revokes_its_links_and_only_its_own(client):
    article, other = ArticleFactory(draft=True, title="Revoked draft"), ArticleFactory(draft=True)
    path, other_path = share_path(article), share_path(other)
    services.revoke_preview_links(article=article)
    response = client.get(path)
    assert response.status_code == 410
    assert "revoked" in response.text and "Revoked draft" not in response.text
    assert client.get(other_path).status_code == 200
    article.refresh_from_db()
    assert client.get(share_path(article)).status_code == 200  # a new link works


def test_a_share_link_of_a_deleted_article_no_longer_works(client):
    article = ArticleFactory(draft=True)
    path = share_path(article)
    services.delete_articles(articles=[article])
    assert client.get(path).status_code in {404, 410}


@pytest.mark.parametrize(
    "change",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: "x" + token,  # the payload
        lambda token: token.split(":")[0],  # no signature at all
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_or_made_up_link_is_a_404(client, change):
    article = ArticleFactory(draft=True, title="Tamper target")
    token = preview.token_for(article)
    response = client.get(reverse("preview:article", kwargs={"token": change(token)}))
    assert response.status_code == 404
    assert "Tamper target" not in response.text


def test_a_link_signed_for_something_else_is_refused(client):
    """Another signed value of this site (a different salt) cannot pass for a share link."""
    article = ArticleFactory(draft=True)
    forged = signing.TimestampSigner(salt="something.else").sign_object({"a": article.pk, "k": article.preview_key.hex})
    assert client.get(reverse("preview:article", kwargs={"token": forged})).status_code == 404


def test_a_share_link_reveals_no_other_unpublished_story(client, editor):
    """A link handed to an outsider shows this draft only: not its draft translation, nor draft related stories."""
    english = ArticleFactory(draft=True, title="Draft in English")
    arabic = ArticleFactory(arabic=True, draft=True, title="مسودة بالعربية")
    link_translation(article=english, counterpart=arabic, by=editor)
    english.refresh_from_db()
    pinned_draft = ArticleFactory(draft=True, title="Unannounced investigation")
    pinned_scheduled = ArticleFactory(scheduled=True, title="Embargoed report")
    pinned_live = ArticleFactory(title="Published background")
    for position, target in enumerate([pinned_draft, pinned_scheduled, pinned_live], start=1):
        RelatedArticleFactory(article=english, target=target, position=position)
    text = client.get(share_path(english)).text
    assert "Draft in English" in text and "Published background" in text
    for secret in ("مسودة بالعربية", arabic.slug, "Unannounced investigation", "Embargoed report"):
        assert secret not in text
    assert pinned_draft.get_absolute_url() not in text


#: article, authors, tags, pins, suggestions, published versions, section menu
SHARE_PREVIEW_BUDGET = 7


def test_the_preview_costs_the_same_however_many_related_stories(client, django_assert_max_num_queries):
    bare = ArticleFactory(draft=True)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(share_path(bare)).status_code == 200
    bare_count = len(captured.captured_queries)

    tags = TagFactory.create_batch(5)
    full = ArticleFactory(draft=True, tags=tags, authors=AuthorFactory.create_batch(4))
    for target in ArticleFactory.create_batch(10, tags=tags[:2]):
        services.pin_related_article(article=full, target=target)
    with django_assert_max_num_queries(min(bare_count, SHARE_PREVIEW_BUDGET)):
        assert client.get(share_path(full)).status_code == 200


def test_the_admin_preview_costs_a_fixed_number_of_queries(editor_client, django_assert_max_num_queries):
    tags = TagFactory.create_batch(5)
    article = ArticleFactory(draft=True, tags=tags, authors=AuthorFactory.create_batch(4))
    for target in ArticleFactory.create_batch(10):
        services.pin_related_article(article=article, target=target)
    with django_assert_max_num_queries(SHARE_PREVIEW_BUDGET + 2):  # + the session and the user
        assert editor_client.get(preview_url(article)).status_code == 200


# --- The admin: Preview instead of View on site, the share panel, revoking --------------------------


def change_page(client, article):
    return client.get(reverse("admin:articles_article_change", args=[article.pk]))


def test_an_article_not_live_offers_preview_instead_of_view_on_site(editor_client):
    for article in (ArticleFactory(draft=True), ArticleFactory(scheduled=True)):
        text = change_page(editor_client, article).text
        assert f'href="{preview_url(article)}"' in text
        assert 'class="viewsitelink"' not in text


def test_a_live_article_keeps_view_on_site_and_may_be_previewed(editor_client):
    article = ArticleFactory()
    text = change_page(editor_client, article).text
    assert 'class="viewsitelink"' in text
    assert f'href="{preview_url(article)}"' in text


def test_the_share_panel_shows_a_working_link_with_its_expiry(editor_client, settings):
    settings.NEWSROOM_PREVIEW_LINK_HOURS = 48
    article = ArticleFactory(draft=True, title="Panel draft")
    response = change_page(editor_client, article)
    panel = response.context["panels_top"]
    share = next(item for item in panel if item.template == "articles/admin/preview_share.html")
    assert share.context["url"] in response.text
    assert share.context["hours"] == 48
    expected = timezone.now() + datetime.timedelta(hours=48)
    assert abs((share.context["expires_at"] - expected).total_seconds()) < 60
    assert 'data-copy-target="preview-share-url"' in response.text
    assert "articles/admin/preview_share.js" in response.text  # the copy button's script, from a file
    assert "Panel draft" in Client().get(share.context["url"].removeprefix("http://testserver")).text


def test_the_share_panel_is_only_for_those_who_may_change_the_article(viewer_client):
    article = ArticleFactory(draft=True)
    response = change_page(viewer_client, article)
    assert response.status_code == 200
    assert 'id="preview-share"' not in response.text
    assert "/preview/" not in response.text.replace(preview_url(article), "")
    assert f'href="{preview_url(article)}"' in response.text  # but they may preview it


def test_the_revoke_button_revokes_the_links(editor_client):
    article = ArticleFactory(draft=True)
    path = share_path(article)
    response = editor_client.post(reverse("admin:articles_article_preview_revoke", args=[article.pk]))
    assert response.status_code == 302
    assert Client().get(path).status_code == 410
    assert "Preview share links revoked" in editor_client.get(response["Location"]).text


def test_view_only_staff_cannot_revoke(viewer_client):
    article = ArticleFactory(draft=True)
    key = article.preview_key
    path = share_path(article)
    assert viewer_client.post(reverse("admin:articles_article_preview_revoke", args=[article.pk])).status_code == 403
    assert viewer_client.get(reverse("admin:articles_article_preview_revoke", args=[article.pk])).status_code == 405
    article.refresh_from_db()
    assert article.preview_key == key
    assert Client().get(path).status_code == 200


def test_the_revoke_action_revokes_every_selected_articles_links(editor_client):
    first, second, untouched = ArticleFactory.create_batch(3, draft=True)
    paths = {article.pk: share_path(article) for article in (first, second, untouched)}
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "revoke_preview_links", "_selected_action": [first.pk, second.pk], "index": "0"},
    )
    assert response.status_code == 302
    assert Client().get(paths[first.pk]).status_code == 410
    assert Client().get(paths[second.pk]).status_code == 410
    assert Client().get(paths[untouched.pk]).status_code == 200


def test_staff_without_change_permission_may_not_use_the_revoke_action(viewer_client):
    article = ArticleFactory(draft=True)
    key = article.preview_key
    viewer_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "revoke_preview_links", "_selected_action": [article.pk], "index": "0"},
    )
    article.refresh_from_db()
    assert article.preview_key == key


def test_the_selector_reads_any_article_and_none_for_a_missing_one():
    draft = ArticleFactory(draft=True)
    assert selectors.article_for_preview(pk=draft.pk) == draft
    assert selectors.article_for_preview(pk=draft.pk + 1000) is None


# --- The migration --------------------------------------------------------------------------------

BEFORE = [("articles", "0008_suggestions_refreshed_at")]
AFTER = [("articles", "0009_preview_key")]


@pytest.fixture
def migrator(transactional_db):
    """Migrations run back to before the preview key; the schema is put back afterwards whatever happens."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_articles_get_distinct_preview_keys(migrator):
    apps = migrator.loader.project_state(BEFORE).apps
    OldSection = apps.get_model("articles", "Section")
    OldArticle = apps.get_model("articles", "Article")
    section = OldSection.objects.create(name_en="Economy", slug_en="economy", slug_ar="اقتصاد")
    for number in range(5):
        OldArticle.objects.create(title=f"Old {number}", slug=f"old-{number}", section=section, language="en")
    migrator.loader.build_graph()
    migrator.migrate(AFTER)
    NewArticle = migrator.loader.project_state(AFTER).apps.get_model("articles", "Article")
    keys = list(NewArticle.objects.values_list("preview_key", flat=True))
    assert len(keys) == 5 and None not in keys and len(set(keys)) == 5


def test_the_revoke_action_asks_about_each_selected_article(editor_client, monkeypatch):
    """A rule that refuses one article (an embargo desk, say) is honoured by the bulk action too."""
    from django.contrib import admin

    article = ArticleFactory(draft=True)
    key = article.preview_key
    model_admin = admin.site._registry[Article]
    monkeypatch.setattr(model_admin, "has_change_permission", lambda request, obj=None: obj is None)
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "revoke_preview_links", "_selected_action": [article.pk], "index": "0"},
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.preview_key == key


def test_preview_pages_are_valid_html(editor_client, tmp_path, monkeypatch):
    """The preview (bar, robots meta) and the "no longer works" page pass the W3C Nu HTML Checker."""
    from tests.pages import ARABIC_BODY, ENGLISH_BODY
    from tests.quality.test_html_validity import check_pages, require_checker

    require_checker()
    english = ArticleFactory(draft=True, body=ENGLISH_BODY)
    arabic = ArticleFactory(arabic=True, scheduled=True, body=ARABIC_BODY)
    pages = {f"preview-{article.language}": editor_client.get(preview_url(article)).text for article in (english, arabic)}
    path = share_path(english)
    services.revoke_preview_links(article=english)
    gone = Client().get(path, headers={"accept-language": "en"})
    assert gone.status_code == 410
    pages["unavailable"] = gone.text
    check_pages(tmp_path, pages)
