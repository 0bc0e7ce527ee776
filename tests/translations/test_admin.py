"""The editors' side, through the admin with the test client."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.admin import CappedCountPaginator
from articles import services as article_services
from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory, UserFactory
from translations import services
from translations.models import TranslationEvent, TranslationSource

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def translation_url(name, article, *args):
    return reverse(f"admin:articles_article_translation_{name}", args=[article.pk, *args])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def staff_without_change(db):
    """A staff member who may only look at articles."""
    user = UserFactory(username="reader-staff", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    return user


# The story panel ----------------------------------------------------------


def test_change_page_shows_the_versions_of_the_story(editor_client, linked_pair):
    english, arabic = linked_pair
    response = editor_client.get(change_url(english))
    text = response.text
    assert "Versions of this story" in text
    assert arabic.title in text and change_url(arabic) in text
    assert "Up to date" in text and "Original" in text
    assert "Unlink this article from its story" in text
    # The story is complete: nothing to link or create.
    assert "Link an existing article" not in text
    assert "Create Arabic version" not in text


def test_change_page_of_a_lone_article_offers_to_link_or_create(editor_client, english):
    text = editor_client.get(change_url(english)).text
    assert "Missing" in text
    assert "Create Arabic version" in text
    assert translation_url("link", english) in text
    assert "Unlink this article" not in text


def test_add_page_has_no_story_panel(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    assert "Versions of this story" not in response.text


def test_panel_and_history_are_in_arabic_for_an_arabic_editor(editor_client, linked_pair):
    english, _arabic = linked_pair
    text = editor_client.get(change_url(english), HTTP_ACCEPT_LANGUAGE="ar").text
    assert "نسخ هذه القصة" in text
    assert "سجل الترجمة" in text


# Linking ------------------------------------------------------------------


def test_link_form_links_the_chosen_article(editor_client, english, arabic, editor):
    response = editor_client.post(translation_url("link", english), {"counterpart": arabic.pk, "original": "this"})
    assert response.status_code == 302 and response.url.startswith(change_url(english))
    arabic.refresh_from_db()
    assert list(Article.objects.versions_of(arabic)) == [english]
    assert TranslationSource.objects.get().translation == arabic
    # Symmetric: the Arabic article's page shows the English one.
    assert english.title in editor_client.get(change_url(arabic)).text


def test_link_form_can_mark_the_chosen_article_as_the_original(editor_client, english, arabic):
    editor_client.post(translation_url("link", arabic), {"counterpart": english.pk, "original": "counterpart"})
    assert TranslationSource.objects.get().translation == arabic


def test_link_page_renders_the_autocomplete(editor_client, english):
    response = editor_client.get(translation_url("link", english))
    assert response.status_code == 200
    assert f'data-ajax--url="{translation_url("candidates", english)}"' in response.text
    assert "admin/js/autocomplete.js" in response.text


@pytest.mark.parametrize(
    ("make_counterpart", "message"),
    [
        (lambda english: english, "An article cannot be linked to itself."),
        (lambda english: ArticleFactory(title="Another English story"), "Both articles are in English."),
        (
            lambda english: services.link_translation(
                article=ArticleFactory(title="Bread prices"), counterpart=ArticleFactory(arabic=True, title="أسعار الخبز"), by=None
            ),
            "“أسعار الخبز” is already linked to another story. Unlink it from that story first.",
        ),
    ],
    ids=["itself", "same-language", "other-story"],
)
def test_link_refusals_are_form_errors(editor_client, english, make_counterpart, message):
    counterpart = make_counterpart(english)
    response = editor_client.post(translation_url("link", english), {"counterpart": counterpart.pk, "original": "this"})
    assert response.status_code == 200
    assert message in response.text
    assert "errorlist" in response.text
    assert list(Article.objects.versions_of(english)) == []


def test_link_refusal_is_in_arabic_for_an_arabic_editor(editor_client, english):
    other = ArticleFactory(title="Another English story")
    response = editor_client.post(
        translation_url("link", english), {"counterpart": other.pk, "original": "this"}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert "المقالان كلاهما باللغة الإنكليزية" in response.text


def test_link_page_of_a_complete_story_sends_the_editor_back(editor_client, linked_pair):
    english, _arabic = linked_pair
    response = editor_client.get(translation_url("link", english), follow=True)
    assert "This story already has a version in every language." in messages_of(response)


# The autocomplete endpoint ------------------------------------------------


def test_candidates_are_other_language_articles_in_no_other_story(editor_client, english):
    free = ArticleFactory(arabic=True, title="خبر حر")
    draft = ArticleFactory(arabic=True, draft=True, title="مسودة حرة")
    ArticleFactory(title="English, same language")
    taken = ArticleFactory(arabic=True, title="خبر مرتبط")
    services.link_translation(article=ArticleFactory(), counterpart=taken, by=None)
    data = editor_client.get(translation_url("candidates", english)).json()
    assert {result["id"] for result in data["results"]} == {str(free.pk), str(draft.pk)}
    assert data["pagination"] == {"more": False}
    assert any("Draft" in result["text"] for result in data["results"])


def test_candidates_are_searched_by_title_and_paginated(editor_client, english):
    ArticleFactory.create_batch(25, arabic=True)
    wanted = ArticleFactory(arabic=True, title="انقطاع الكهرباء في حلب")
    data = editor_client.get(translation_url("candidates", english), {"term": "الكهرباء"}).json()
    assert [result["id"] for result in data["results"]] == [str(wanted.pk)]
    first_page = editor_client.get(translation_url("candidates", english)).json()
    assert len(first_page["results"]) == 20 and first_page["pagination"]["more"]


def test_candidates_need_change_permission(client, staff_without_change, english):
    client.force_login(staff_without_change)
    assert client.get(translation_url("candidates", english)).status_code == 403


def test_candidates_need_a_staff_login(client, english):
    response = client.get(translation_url("candidates", english))
    assert response.status_code == 302 and "/login/" in response.url


# Creating a version -------------------------------------------------------


def test_create_button_makes_the_draft_and_opens_it(editor_client, english, editor):
    response = editor_client.post(translation_url("create", english, "ar"))
    draft = Article.objects.get(language="ar")
    assert response.status_code == 302 and response.url == change_url(draft)
    assert draft.status == Article.Status.DRAFT
    assert list(Article.objects.versions_of(draft)) == [english]
    page = editor_client.get(response.url)
    assert "The Arabic version was created as a draft" in " ".join(messages_of(page))
    assert 'dir="rtl"' in page.text  # the translator works right-to-left


def test_create_link_from_the_queue_asks_for_confirmation_first(editor_client, english):
    response = editor_client.get(translation_url("create", english, "ar"))
    assert response.status_code == 200
    assert "Create Arabic version" in response.text
    assert not Article.objects.filter(language="ar").exists()


def test_create_for_a_language_the_story_has_is_refused_with_a_message(editor_client, linked_pair):
    english, arabic = linked_pair
    response = editor_client.post(translation_url("create", english, "ar"), follow=True)
    assert f"This story already has a version in Arabic: “{arabic.title}”." in messages_of(response)
    assert Article.objects.count() == 2


def test_staff_without_change_permission_cannot_link_create_or_unlink(client, staff_without_change, linked_pair):
    english, arabic = linked_pair
    client.force_login(staff_without_change)
    lone = ArticleFactory(arabic=True)
    assert client.post(translation_url("link", lone), {"counterpart": english.pk}).status_code == 403
    assert client.post(translation_url("create", lone, "en")).status_code == 403
    assert client.post(translation_url("unlink", english)).status_code == 403
    assert client.post(translation_url("mark", arabic)).status_code == 403
    assert list(Article.objects.versions_of(english)) == [arabic]
    # They still see the story, without the buttons.
    text = client.get(change_url(english)).text
    assert "Versions of this story" in text and "Unlink this article" not in text


def test_unknown_article_is_404(editor_client):
    assert editor_client.get(reverse("admin:articles_article_translation_link", args=[999999])).status_code == 404


# Unlinking ----------------------------------------------------------------


def test_unlink_asks_for_confirmation_then_unlinks(editor_client, linked_pair):
    english, arabic = linked_pair
    confirmation = editor_client.get(translation_url("unlink", arabic))
    assert confirmation.status_code == 200
    assert "will no longer be linked to" in confirmation.text and english.title in confirmation.text
    assert list(Article.objects.versions_of(arabic)) == [english]
    response = editor_client.post(translation_url("unlink", arabic), follow=True)
    assert f"“{arabic.title}” is no longer linked to other versions." in messages_of(response)
    assert list(Article.objects.versions_of(english)) == []
    assert Article.objects.count() == 2


# Keeping in step ----------------------------------------------------------


def test_outdated_translation_shows_the_diff_and_can_be_marked_up_to_date(editor_client, linked_pair):
    english, arabic = linked_pair
    english.body = english.body.replace("Second paragraph.", "Second paragraph, revised <b>today</b>.")
    english.save()
    text = editor_client.get(change_url(arabic)).text
    assert "Outdated" in text
    assert "What changed in the source" in text
    assert "<del>paragraph.</del><ins>paragraph, revised today.</ins>" in text
    assert "1 unchanged paragraph" in text
    # The source's own page says its translation is outdated, without a diff.
    source_page = editor_client.get(change_url(english)).text
    assert "Outdated" in source_page and "What changed in the source" not in source_page

    response = editor_client.post(translation_url("mark", arabic), follow=True)
    assert "This translation is marked as up to date with its source." in messages_of(response)
    assert "Up to date" in response.text and "What changed in the source" not in response.text


def test_mark_up_to_date_needs_post(editor_client, linked_pair):
    _english, arabic = linked_pair
    assert editor_client.get(translation_url("mark", arabic)).status_code == 405


def test_mark_up_to_date_on_the_original_is_refused_with_a_message(editor_client, linked_pair):
    english, _arabic = linked_pair
    response = editor_client.post(translation_url("mark", english), follow=True)
    assert "is not a translation of another version" in " ".join(messages_of(response))


# Audit --------------------------------------------------------------------


def test_history_shows_who_did_what(editor_client, english, editor):
    editor_client.post(translation_url("create", english, "ar"))
    draft = Article.objects.get(language="ar")
    editor_client.post(translation_url("mark", draft))
    editor_client.post(translation_url("unlink", draft))
    text = editor_client.get(change_url(english)).text
    history = text[text.index("Translation history") :]
    for label in ("Version created", "Marked up to date", "Unlinked"):
        assert label in history
    assert "editor" in history


def test_history_keeps_a_deleted_versions_title(editor_client, linked_pair):
    english, arabic = linked_pair
    confirmation = editor_client.get(reverse("admin:articles_article_delete", args=[english.pk]))
    assert confirmation.status_code == 200 and f"translated from “{english.title}”" in confirmation.text
    response = editor_client.post(reverse("admin:articles_article_delete", args=[english.pk]), {"post": "yes"})
    assert response.status_code == 302
    text = editor_client.get(change_url(arabic)).text
    history = text[text.index("Translation history") :]
    assert english.title in history and "(deleted)" in history and "Version deleted" in history
    assert list(Article.objects.versions_of(arabic)) == []


# Guarding the language ----------------------------------------------------


def test_changing_a_linked_article_to_its_counterparts_language_is_a_form_error(editor_client, linked_pair):
    english, arabic = linked_pair
    data = {
        "language": "en",
        "title": arabic.title,
        "slug": arabic.slug,
        "summary": arabic.summary,
        "body": arabic.body,
        "section": arabic.section_id,
        "authors": [author.pk for author in arabic.authors.all()],
        "status": "draft",
    }
    response = editor_client.post(change_url(arabic), data)
    assert response.status_code == 200
    assert f"This story already has a version in English: “{english.title}”." in response.text
    arabic.refresh_from_db()
    assert arabic.language == "ar"


# The queue ----------------------------------------------------------------




def queue_url():
    return reverse("admin:translations_translationqueueentry_changelist")


def test_queue_is_linked_from_the_admin_index(editor_client):
    assert queue_url() in editor_client.get(reverse("admin:index")).text


def test_queue_lists_missing_versions_and_outdated_translations_newest_first(editor_client, editor, linked_pair):
    english, arabic = linked_pair
    lone_english = ArticleFactory(title="Only in English")
    lone_arabic = ArticleFactory(arabic=True, title="بالعربية فقط")
    draft = ArticleFactory(title="Unpublished English draft", draft=True)
    text = editor_client.get(queue_url()).text
    assert "<h1>Translation queue</h1>" in text
    assert lone_english.title in text and lone_arabic.title in text
    assert text.count("translation-state--missing") == 2
    assert english.title not in text and arabic.title not in text  # linked and in step
    assert draft.title not in text  # not published: nobody reads it yet
    english.title = "Wheat harvest begins early in Hasakah"
    article_services.save_article(article=english, by=editor)
    text = editor_client.get(queue_url()).text
    assert english.title in text and "translation-state--outdated" in text
    # The change to the source is the newest reason, so it comes first.
    assert text.index(english.title) < text.index(lone_arabic.title)


def test_queue_links_to_create_the_missing_version(editor_client):
    lone = ArticleFactory(title="Only in English")
    assert translation_url("create", lone, "ar") in editor_client.get(queue_url()).text


def test_queue_filters_by_language_section_and_state(editor_client, editor, linked_pair):
    english, arabic = linked_pair
    politics = SectionFactory(name_en="Politics")
    lone_english = ArticleFactory(title="English politics", section=politics)
    lone_arabic = ArticleFactory(arabic=True, title="خبر عربي وحيد")
    english.summary = "A changed standfirst."
    article_services.save_article(article=english, by=editor)

    def titles(**params):
        text = editor_client.get(queue_url(), params).text
        return {title for title in (lone_english.title, lone_arabic.title, english.title) if title in text}

    assert titles() == {lone_english.title, lone_arabic.title, english.title}
    assert titles(language="ar") == {lone_english.title, english.title}
    assert titles(section=politics.pk) == {lone_english.title}
    assert titles(state="outdated") == {english.title}
    assert titles(state="missing") == {lone_english.title, lone_arabic.title}


def test_queue_needs_staff_with_article_permission(client, staff_without_change):
    client.force_login(UserFactory(username="plain-staff", is_staff=True))
    assert client.get(queue_url()).status_code == 403
    client.force_login(staff_without_change)
    assert client.get(queue_url()).status_code == 200


@pytest.mark.parametrize("rows", [2, 12])
def test_queue_query_count_does_not_grow_with_rows(editor_client, editor, django_assert_max_num_queries, rows):
    for number in range(rows):
        english = ArticleFactory(title=f"Source {number}")
        arabic = ArticleFactory(arabic=True)
        services.link_translation(article=english, counterpart=arabic, by=None)
        english.body += "<p>Update.</p>"
        article_services.save_article(article=english, by=editor)
        ArticleFactory(arabic=True, title=f"Lone {number}")
    with django_assert_max_num_queries(10):
        response = editor_client.get(queue_url())
    assert response.context["cl"].result_count == 2 * rows


def test_change_page_query_count_does_not_grow_with_history(editor_client, editor, linked_pair, django_assert_max_num_queries):
    """The page with ten "marked up to date" events makes no more queries than with one."""
    english, arabic = linked_pair
    services.mark_up_to_date(translation=arabic, by=editor)
    with django_assert_max_num_queries(25) as one_event:
        editor_client.get(change_url(arabic))
    for _ in range(9):
        services.mark_up_to_date(translation=arabic, by=editor)
    with django_assert_max_num_queries(len(one_event.captured_queries)):
        response = editor_client.get(change_url(arabic))
    history = response.text[response.text.index('id="translation-history"'):]
    assert history.count("<td>Marked up to date</td>") == 10


def test_whole_audit_trail_is_listed_read_only(editor_client, linked_pair, editor):
    english, arabic = linked_pair
    services.delete_versions(articles=[english], by=editor)
    url = reverse("admin:translations_translationevent_changelist")
    with_deleted = editor_client.get(url).text
    assert english.title in with_deleted and "(deleted)" in with_deleted
    assert change_url(arabic) in with_deleted
    assert reverse("admin:translations_translationevent_add") not in with_deleted
    event = TranslationEvent.objects.first()
    response = editor_client.post(reverse("admin:translations_translationevent_change", args=[event.pk]), {})
    assert response.status_code == 403


def test_a_queue_longer_than_the_counting_cap_says_or_more(editor_client, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    ArticleFactory.create_batch(4)
    response = editor_client.get(queue_url())
    assert response.context["cl"].result_count == 3
    assert "3 or more articles waiting" in response.text
