"""What each role may do in the admin, tried as its members would: the form, the actions, crafted POSTs.

Reporters write and correct their own stories and cannot publish; translators edit
translation versions (not originals) and cannot publish; editors publish;
fundraisers see the banners and nothing else they could change.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article, RelatedArticle, RelatedSuggestion
from newsroom.banners.models import Banner
from tests.admin_forms import admin_form_data, article_form_data, change_url
from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory
from tests.roles.conftest import member_of
from translations import services as translation_services

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def publishing_post(client, article, **changes):
    """The change form as the page rendered it, with a publication typed in (crafted if the page had no such field)."""
    data = admin_form_data(client.get(change_url(article)), **changes)
    data.update({"status": "published", "published_at_0": "2024-06-15", "published_at_1": "09:00:00"})
    return client.post(change_url(article), data)


def run_action(client, name, articles):
    return client.post(CHANGELIST, {"action": name, "_selected_action": [a.pk for a in articles], "index": "0"})


def stored(article):
    return Article.objects.get(pk=article.pk)


# Reporters ---------------------------------------------------------------------------------


def test_a_reporter_writes_a_draft_and_the_publication_fields_are_only_shown(reporter, login):
    client = login(reporter)
    page = client.get(reverse("admin:articles_article_add"))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "status" not in form.fields and "published_at" not in form.fields
    # A crafted POST asks to publish: the draft is saved, the publication ignored.
    response = client.post(reverse("admin:articles_article_add"), article_form_data(client))
    assert response.status_code == 302
    article = Article.objects.get(slug="bakeries-ration-bread-in-idlib")
    assert (article.status, article.published_at, article.created_by) == (Article.Status.DRAFT, None, reporter)


def test_a_reporter_edits_their_own_draft_but_cannot_publish_it(reporter, login):
    client = login(reporter)
    draft = ArticleFactory(draft=True, created_by=reporter)
    response = publishing_post(client, draft, title="Rewritten by its reporter")
    assert response.status_code == 302
    assert (stored(draft).title, stored(draft).status) == ("Rewritten by its reporter", Article.Status.DRAFT)


def test_a_reporter_is_not_offered_the_publish_action_and_a_crafted_one_publishes_nothing(reporter, login):
    client = login(reporter)
    draft = ArticleFactory(draft=True, created_by=reporter)
    actions = client.get(CHANGELIST).context["action_form"]
    assert actions is None or "publish_now" not in dict(actions.fields["action"].choices)
    run_action(client, "publish_now", [draft])
    assert stored(draft).status == Article.Status.DRAFT


def test_a_reporter_corrects_their_own_live_story_but_cannot_unpublish_or_redate_it(reporter, login):
    client = login(reporter)
    live = ArticleFactory(created_by=reporter)
    page = client.get(change_url(live))
    assert page.context["has_change_permission"]
    assert client.post(change_url(live), admin_form_data(page, title="Corrected by its reporter")).status_code == 302
    assert (stored(live).title, stored(live).is_live) == ("Corrected by its reporter", True)
    crafted = {**admin_form_data(client.get(change_url(live))), "status": "draft", "published_at_0": "2030-01-01"}
    client.post(change_url(live), crafted)
    assert stored(live).is_live and stored(live).published_at.year != 2030


@pytest.mark.parametrize("whose", ["someone else's draft", "someone else's live article"])
def test_a_reporter_cannot_change_someone_elses_story(reporter, login, whose):
    client = login(reporter)
    other = member_of("Reporter", username="other")
    article = {
        "someone else's draft": lambda: ArticleFactory(draft=True, created_by=other),
        "someone else's live article": lambda: ArticleFactory(created_by=other),
    }[whose]()
    page = client.get(change_url(article))
    assert page.status_code == 200 and not page.context["has_change_permission"]  # they may read it
    data = admin_form_data(page, title="Changed behind the desk's back")
    assert client.post(change_url(article), data).status_code == 403
    assert stored(article).title != "Changed behind the desk's back"


# Translators -------------------------------------------------------------------------------


@pytest.fixture
def story(desk_editor):
    """An English original and its Arabic translation version, both live."""
    english = ArticleFactory(title="Wheat harvest begins")
    arabic = ArticleFactory(arabic=True, title="بدء حصاد القمح")
    translation_services.link_translation(article=english, counterpart=arabic, by=desk_editor)
    return english, arabic


def test_a_translator_edits_a_translation_version_but_not_its_original(translator, login, story):
    english, arabic = story
    client = login(translator)
    response = client.post(change_url(arabic), admin_form_data(client.get(change_url(arabic)), title="حصاد القمح يبدأ"))
    assert response.status_code == 302
    assert stored(arabic).title == "حصاد القمح يبدأ"
    assert stored(arabic).is_live  # text changed, publication untouched
    data = admin_form_data(client.get(change_url(english)), title="Changed by a translator")
    assert client.post(change_url(english), data).status_code == 403
    assert stored(english).title == "Wheat harvest begins"


def test_a_translator_creates_a_version_of_an_original_and_cannot_publish_it(translator, login):
    english = ArticleFactory(title="Olive harvest")
    client = login(translator)
    response = client.post(reverse("admin:articles_article_translation_create", args=[english.pk, "ar"]))
    assert response.status_code == 302
    version = Article.objects.get(language="ar", translation_key=english.translation_key)
    assert version.status == Article.Status.DRAFT
    publishing_post(client, version, title="حصاد الزيتون")
    assert (stored(version).title, stored(version).status) == ("حصاد الزيتون", Article.Status.DRAFT)


def test_a_translator_who_is_also_an_editor_publishes(login, story):
    _english, arabic = story
    both = member_of("Translator", "Editor")
    arabic.status, arabic.published_at = Article.Status.DRAFT, None
    arabic.save()
    assert publishing_post(login(both), arabic).status_code == 302
    assert stored(arabic).status == Article.Status.PUBLISHED


# Editors -----------------------------------------------------------------------------------


def test_an_editor_publishes_anyones_draft_through_the_form_and_the_action(desk_editor, reporter, login):
    client = login(desk_editor)
    first, second = ArticleFactory(draft=True, created_by=reporter), ArticleFactory(draft=True, created_by=reporter)
    assert publishing_post(client, first).status_code == 302
    assert stored(first).status == Article.Status.PUBLISHED
    run_action(client, "publish_now", [second])
    assert stored(second).is_live


# Fundraising -------------------------------------------------------------------------------


def test_fundraising_sees_the_banners_and_changes_nothing_else(fundraiser, login):
    client = login(fundraiser)
    banner = BannerFactory(off=True)
    index = client.get(reverse("admin:index"))
    models = {
        (app["app_label"], model["object_name"]): model["perms"]
        for app in index.context["app_list"]
        for model in app["models"]
    }
    changeable = {key for key, perms in models.items() if perms.get("change") or perms.get("add")}
    assert changeable == {("banners", "Banner")}
    assert set(models) <= {("banners", "Banner"), ("articles", "Section")}  # sections, to aim a banner
    assert client.get(reverse("admin:banners_banner_change", args=[banner.pk])).status_code == 200
    sections = {"app_label": "banners", "model_name": "banner", "field_name": "sections", "term": ""}
    assert client.get(reverse("admin:autocomplete"), sections).status_code == 200  # aiming a banner at sections
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    client.post(reverse("admin:banners_banner_changelist"), {"action": "switch_on", "_selected_action": [banner.pk]})
    assert Banner.objects.get(pk=banner.pk).is_active


def test_a_reporter_may_not_curate_related_articles_even_under_their_own_draft(reporter, desk_editor, login):
    client = login(reporter)
    draft, other = ArticleFactory(draft=True, created_by=reporter), ArticleFactory()
    RelatedSuggestion.objects.create(article=draft, target=other, rank=1, score=1.0)
    assert "formaction" in login(desk_editor).get(change_url(draft)).text  # an editor gets Pin / Exclude
    page = client.get(change_url(draft))
    assert page.status_code == 200 and page.context["has_change_permission"]
    assert "formaction" not in page.text  # the overview shows what readers get, without buttons
    pin = reverse("admin:articles_article_related_action", args=[draft.pk, "pin", other.pk])
    assert client.post(pin).status_code == 403
    assert not RelatedArticle.objects.filter(article=draft).exists()


def test_the_form_itself_refuses_a_publication_by_someone_who_may_not_publish(reporter, desk_editor, rf):
    """Behind the read-only fields: a form that did carry them still refuses, with the reason next to it."""
    request = rf.get("/")
    request.user = desk_editor
    model_admin = admin.site._registry[Article]
    form_class = model_admin.get_form(request, None)
    form_class.editor = reporter
    draft = ArticleFactory(draft=True, created_by=reporter)
    data = {
        "language": "en", "title": draft.title, "slug": draft.slug, "section": draft.section_id,
        "authors": [author.pk for author in draft.authors.all()], "status": "published",
        "published_at_0": "2024-06-15", "published_at_1": "09:00:00",
    }
    form = form_class(data, instance=draft)
    assert not form.is_valid()
    assert "ask an editor" in " ".join(form.non_field_errors())
