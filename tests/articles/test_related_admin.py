"""Editors curate related articles on the article form, and find broken pins in a report."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles import services
from articles.models import Article, RelatedArticle, RelatedExclusion, RelatedSuggestion
from tests.articles.factories import RelatedArticleFactory, RelatedExclusionFactory
from tests.admin_forms import INLINE, article_form_data, change_url, form_data_for
from tests.factories import ArticleFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


def inline_errors(response):
    return [error for form_errors in response.context["inline_admin_formsets"][0].formset.errors for error in form_errors.get("target", [])] + list(
        response.context["inline_admin_formsets"][0].formset.non_form_errors()
    )


def test_editor_pins_and_reorders_related_articles_on_the_form(editor_client):
    story = ArticleFactory()
    first, second = ArticleFactory(title="First"), ArticleFactory(title="Second")
    response = editor_client.post(change_url(story), form_data_for(editor_client, story, [(second, None), (first, 1)]))
    assert response.status_code == 302, inline_errors(response)
    assert list(story.related_pins.values_list("target__title", "position")) == [("First", 1), ("Second", 2)]

    data = form_data_for(editor_client, story)
    data[f"{INLINE}-0-position"], data[f"{INLINE}-1-position"] = "2", "1"
    data[f"{INLINE}-1-DELETE"] = ""
    assert editor_client.post(change_url(story), data).status_code == 302
    assert list(story.related_pins.values_list("target__title", "position")) == [("Second", 1), ("First", 2)]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("self", "An article cannot be related to itself."),
        ("other language", "Choose an article in English, the language of this article."),
        ("duplicate", "The same article is listed twice; keep one."),
    ],
)
def test_inline_gives_clear_errors_for_bad_pins(editor_client, kind, message):
    story = ArticleFactory()
    other = ArticleFactory()
    pins = {
        "self": [(story, None)],
        "other language": [(ArticleFactory(arabic=True), None)],
        "duplicate": [(other, 1), (other, 2)],
    }[kind]
    response = editor_client.post(change_url(story), form_data_for(editor_client, story, pins))
    assert response.status_code == 200
    assert any(message in str(error) for error in inline_errors(response)), inline_errors(response)
    assert not RelatedArticle.objects.exists()


def test_inline_refuses_a_pin_already_saved(editor_client):
    story = ArticleFactory()
    pin = RelatedArticleFactory(article=story)
    response = editor_client.post(change_url(story), form_data_for(editor_client, story, [(pin.target, None)]))
    assert response.status_code == 200
    assert "The same article is listed twice; keep one." in response.text
    assert story.related_pins.count() == 1


def test_errors_are_in_the_editors_language(editor_client):
    story = ArticleFactory()
    editor_client.cookies["newsroom_language"] = "ar"
    response = editor_client.post(change_url(story), form_data_for(editor_client, story, [(story, None)]))
    assert "لا يمكن ربط المقال بنفسه." in response.text


def test_new_arabic_article_refuses_an_english_pin(editor_client):
    english = ArticleFactory()
    data = article_form_data(editor_client, language="ar", title="خبر جديد", slug="خبر-جديد")
    data[f"{INLINE}-0-target"] = str(english.pk)
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "Choose an article in Arabic" in response.text
    assert not Article.objects.filter(slug="خبر-جديد").exists()


def test_autocomplete_offers_only_the_articles_language_with_section_and_date(editor_client):
    story = ArticleFactory(title="Water story")
    ArticleFactory(title="Water cuts in Damascus")
    ArticleFactory(arabic=True, title="Water in Arabic")
    url = reverse("admin:articles_article_related_autocomplete")
    response = editor_client.get(
        url,
        {
            "term": "water",
            "app_label": "articles",
            "model_name": "relatedarticle",
            "field_name": "target",
            "language": "en",
            "exclude": story.pk,
        },
    )
    texts = [result["text"] for result in response.json()["results"]]
    assert len(texts) == 1 and texts[0].startswith("Water cuts in Damascus — Section")
    page = editor_client.get(change_url(story)).text
    assert "related/autocomplete/?language=en&amp;exclude=" in page


def test_autocomplete_needs_staff(client):
    response = client.get(reverse("admin:articles_article_related_autocomplete"), {"term": "x"})
    assert response.status_code == 302


def test_form_shows_what_readers_get_pinned_and_suggested_with_reasons(editor_client):
    turkey, russia = TagFactory(name_en="Turkey"), TagFactory(name_en="Russia")
    story = ArticleFactory(title="Hmeimim meeting", summary="", tags=[turkey, russia])
    pinned = ArticleFactory(title="Pinned story")
    RelatedArticleFactory(article=story, target=pinned)
    ArticleFactory(title="Hmeimim meeting denied", summary="", section=story.section, tags=[turkey, russia])
    services.refresh_suggestions_for(article=story)

    page = editor_client.get(change_url(story)).text

    assert "Pinned story" in page and "Pinned" in page and "Suggested" in page
    assert "2 shared tags: Russia, Turkey" in page
    assert "same section" in page
    assert "similar words: Hmeimim, meeting" in page


def test_promote_exclude_and_allow_from_the_form(editor_client):
    tag = TagFactory()
    story = ArticleFactory(tags=[tag])
    other = ArticleFactory(title="Suggested story", tags=[tag])
    services.refresh_suggestions_for(article=story)

    def act(action):
        url = reverse("admin:articles_article_related_action", args=[story.pk, action, other.pk])
        return editor_client.post(url, follow=True)

    response = act("exclude")
    assert RelatedExclusion.objects.filter(article=story, target=other).exists()
    assert "“Suggested story” will not be suggested for this article again." in response.text
    assert "Allow again" in response.text
    assert not RelatedSuggestion.objects.filter(article=story).exists()

    act("allow")
    assert not RelatedExclusion.objects.exists()
    response = act("pin")
    assert list(story.related_pins.values_list("target", flat=True)) == [other.pk]
    assert "“Suggested story” is now pinned." in response.text

    response = act("exclude")
    assert "remove the pin instead" in response.text


def test_related_actions_need_post_and_change_permission(editor_client):
    story, other = ArticleFactory(), ArticleFactory()
    url = reverse("admin:articles_article_related_action", args=[story.pk, "pin", other.pk])
    assert editor_client.get(url).status_code == 405
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client()
    client.force_login(viewer)
    assert client.post(url).status_code == 403
    assert "formaction" not in client.get(change_url(story)).text
    assert not RelatedArticle.objects.exists()
    missing = reverse("admin:articles_article_related_action", args=[story.pk, "pin", 999999])
    assert editor_client.post(missing).status_code == 404
    unknown = reverse("admin:articles_article_related_action", args=[story.pk, "destroy", other.pk])
    assert editor_client.post(unknown).status_code == 404


def test_copy_from_the_english_version_reports_what_was_skipped(editor_client):
    english = ArticleFactory(title="Putin meets Fidan")
    arabic = ArticleFactory(arabic=True, translation_key=english.translation_key)
    with_version = ArticleFactory(title="Has Arabic")
    counterpart = ArticleFactory(arabic=True, title="له نسخة عربية", translation_key=with_version.translation_key)
    RelatedArticleFactory(article=english, target=with_version, position=1)
    RelatedArticleFactory(article=english, target=ArticleFactory(title="English only"), position=2)

    page = editor_client.get(change_url(arabic)).text
    assert "Copy related articles from the English version" in page
    url = reverse("admin:articles_article_translation_copy_related", args=[arabic.pk, english.pk])
    response = editor_client.post(url, follow=True)

    assert list(arabic.related_pins.values_list("target", flat=True)) == [counterpart.pk]
    assert "Copied 1 related article from the English version" in response.text
    assert "Skipped, no Arabic version: “English only”." in response.text
    stranger = ArticleFactory()
    assert editor_client.post(reverse("admin:articles_article_translation_copy_related", args=[arabic.pk, stranger.pk])).status_code == 404


def test_copy_action_on_the_article_list(editor_client):
    english = ArticleFactory()
    arabic = ArticleFactory(arabic=True, translation_key=english.translation_key)
    target = ArticleFactory()
    target_ar = ArticleFactory(arabic=True, translation_key=target.translation_key)
    RelatedArticleFactory(article=english, target=target)
    lonely = ArticleFactory(title="Lonely story")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "copy_related_from_other_version", "_selected_action": [arabic.pk, lonely.pk]},
        follow=True,
    )
    assert list(arabic.related_pins.values_list("target", flat=True)) == [target_ar.pk]
    assert "“Lonely story” has no version in another language." in response.text


def test_saving_in_the_admin_refreshes_suggestions_and_unpublishing_heals_other_lists(editor_client):
    tag = TagFactory()
    story = ArticleFactory(tags=[tag])
    other = ArticleFactory(title="Other story", tags=[tag], summary="")
    data = form_data_for(editor_client, other, tags=[str(tag.pk)])
    assert editor_client.post(change_url(other), data).status_code == 302
    assert RelatedSuggestion.objects.filter(article=story, target=other).exists()

    # Read the form again, as the editor's browser would after the save (the old one is now stale).
    data = form_data_for(editor_client, other, tags=[str(tag.pk)], status="draft")
    assert editor_client.post(change_url(other), data).status_code == 302
    assert not RelatedSuggestion.objects.filter(article=story, target=other).exists()


def test_deleting_in_the_admin_refills_the_lists(editor_client, settings):
    settings.NEWSROOM_RELATED_COUNT = 1
    tag = TagFactory()
    story = ArticleFactory(tags=[tag])
    doomed, second, third = (ArticleFactory(tags=[tag]) for _ in range(3))
    services.refresh_suggestions_for(article=story)
    assert RelatedSuggestion.objects.filter(article=story).count() == 2
    response = editor_client.post(reverse("admin:articles_article_delete", args=[third.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert RelatedSuggestion.objects.filter(article=story).count() == 2


def test_broken_pins_report_lists_pins_readers_cannot_see(editor_client, django_assert_max_num_queries):
    story = ArticleFactory(title="Story with pins")
    RelatedArticleFactory(article=story, target=ArticleFactory(title="Still live"))
    RelatedArticleFactory(article=story, target=ArticleFactory(title="Withdrawn story", draft=True))
    RelatedArticleFactory(article=story, target=ArticleFactory(title="Not out yet", scheduled=True))
    url = reverse("admin:articles_brokenrelatedpin_changelist")
    with django_assert_max_num_queries(12):
        page = editor_client.get(url).text
    assert "Withdrawn story" in page and "Not out yet" in page and "Still live" not in page
    assert f'{change_url(story)}#related-overview' in page
    scheduled_only = editor_client.get(url, {"problem": "scheduled"}).text
    assert "Not out yet" in scheduled_only and "Withdrawn story" not in scheduled_only
    for _ in range(10):
        RelatedArticleFactory(article=ArticleFactory(), target=ArticleFactory(draft=True))
    with django_assert_max_num_queries(12):
        assert editor_client.get(url).status_code == 200


def test_unpublishing_a_pinned_target_shows_it_in_the_report_and_the_block_heals(client, editor_client):
    tag = TagFactory()
    story = ArticleFactory(tags=[tag])
    target = ArticleFactory(title="Pinned target")
    RelatedArticleFactory(article=story, target=target)
    ArticleFactory(title="Stand-in", tags=[tag])
    services.refresh_suggestions_for(article=story)
    target.status = Article.Status.DRAFT
    target.save()
    assert "Pinned target" in editor_client.get(reverse("admin:articles_brokenrelatedpin_changelist")).text
    assert "Pinned but hidden from readers" in editor_client.get(change_url(story)).text
    with translation.override("en"):
        text = client.get(story.get_absolute_url()).text
    assert "Stand-in" in text and "Pinned target" not in text


@pytest.mark.parametrize("pins", [1, 12])
def test_change_form_does_not_query_per_pinned_article(editor_client, django_assert_max_num_queries, pins):
    """Each pin's selected option is labelled with its section: one bound whatever the number of pins."""
    story = ArticleFactory()
    targets = [ArticleFactory(title=f"Pinned story {number}") for number in range(pins)]
    for position, target in enumerate(targets, start=1):
        RelatedArticleFactory(article=story, target=target, position=position)
    with django_assert_max_num_queries(16):
        response = editor_client.get(change_url(story))
    assert response.status_code == 200
    for target in targets:
        label = f"{target.title} — {target.section.name}"
        assert f'<option value="{target.pk}" selected>{label}' in response.text


@pytest.mark.parametrize("exclude", ["²", "x1", "99999999999999999999999"])
def test_autocomplete_ignores_an_exclude_that_is_no_article_id(editor_client, exclude):
    """"²" passes str.isdigit() but not int(): it is ignored, not a server error."""
    ArticleFactory(title="Water cuts in Damascus")
    params = {"term": "water", "app_label": "articles", "model_name": "relatedarticle", "field_name": "target"}
    response = editor_client.get(reverse("admin:articles_article_related_autocomplete"), {**params, "exclude": exclude})
    assert response.status_code == 200
    assert [result["text"].split(" — ")[0] for result in response.json()["results"]] == ["Water cuts in Damascus"]


def test_add_page_with_an_unknown_language_offers_articles_of_the_default_language(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"), {"language": "zz"})
    assert response.status_code == 200
    assert "related/autocomplete/?language=en" in response.text
    arabic = editor_client.get(reverse("admin:articles_article_add"), {"language": "ar"})
    assert "related/autocomplete/?language=ar" in arabic.text


def test_pinning_an_excluded_article_in_the_form_lifts_the_exclusion(editor_client):
    """The form's pins go through the same service as the Pin button: an article is never both pinned and excluded."""
    story, other = ArticleFactory(), ArticleFactory(title="Once excluded")
    RelatedExclusionFactory(article=story, target=other)
    response = editor_client.post(change_url(story), form_data_for(editor_client, story, pins=[(other, None)]))
    assert response.status_code == 302
    assert list(story.related_pins.values_list("target", flat=True)) == [other.pk]
    assert not RelatedExclusion.objects.filter(article=story, target=other).exists()


def test_a_viewer_sees_what_readers_get_without_the_buttons(editor_client):
    tag = TagFactory()
    story = ArticleFactory(tags=[tag])
    ArticleFactory(title="Suggested to readers", tags=[tag])
    services.refresh_suggestions_for(article=story)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    viewer_client = Client()
    viewer_client.force_login(viewer)
    page = viewer_client.get(change_url(story)).text
    assert "Suggested to readers" in page
    assert "related-action" not in page
    assert "related-action" in editor_client.get(change_url(story)).text
