"""The translation workflow: states that tell the truth, the stored queue with assignees, the translator's page."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from tests.admin_forms import admin_form_data, change_url
from tests.factories import ArticleFactory, EditorFactory, UserFactory
from tests.pages import jpeg_file
from tests.roles.groups import role_group
from translations import services
from translations.models import Stage, TranslationEvent, TranslationQueueEntry, TranslationSource, TranslationState
from translations.selectors import story_versions, translation_queue

pytestmark = pytest.mark.django_db

SOURCE_BODY = "<p>Farmers began the harvest on Monday.</p><h2>Prices</h2><p>Bread costs more this year.</p>"


def queue_url():
    return reverse("admin:translations_translationqueueentry_changelist")


def translate_url(article):
    return reverse("admin:articles_article_translation_translate", args=[article.pk])


def page_form_data(response, **changes):
    """What the translator's page posts: its form's fields as rendered, with *changes* typed in."""
    form = response.context["form"]
    data = {field.html_name: "" if field.value() is None else field.value() for field in form if not field.field.disabled}
    return {**data, **changes}


def state_of(article):
    return next(row.state for row in story_versions(article) if row.article and row.article.pk == article.pk)


def queue_entry(article, language="ar"):
    return TranslationQueueEntry.objects.filter(story=article.translation_key, language=language).first()


@pytest.fixture
def source(db):
    return ArticleFactory(title="Wheat harvest begins", summary="Farmers in Hasakah.", body=SOURCE_BODY)


@pytest.fixture
def draft(source, editor):
    """A one-click Arabic version: still the English text, word for word."""
    return services.create_translation(source=source, language="ar", by=editor)


@pytest.fixture
def translator(db):
    """A member of the Translator group: changes translation versions and moves them on, but does not review them."""
    user = UserFactory(username="translator", is_staff=True, first_name="Lina", last_name="Haddad")
    user.groups.add(role_group("Translator"))
    return user


# States ---------------------------------------------------------------------


def test_a_one_click_draft_is_not_started_and_stays_in_the_queue(source, draft):
    assert state_of(draft) == TranslationState.NOT_STARTED
    entry = queue_entry(source)
    assert entry.need == TranslationState.NOT_STARTED and entry.translation == draft


def test_the_versions_panel_says_not_started_for_a_fresh_copy(editor_client, draft):
    text = editor_client.get(change_url(draft)).text
    assert 'translation-state--not_started">Not started<' in text
    assert "Up to date" not in text.split('id="translations"')[1].split("</table>")[0]


def test_saving_a_changed_text_moves_a_fresh_copy_into_translation(editor_client, draft):
    response = editor_client.get(change_url(draft))
    editor_client.post(change_url(draft), admin_form_data(response, title="بدء حصاد القمح"))
    assert state_of(draft) == TranslationState.IN_TRANSLATION
    assert queue_entry(draft).need == TranslationState.IN_TRANSLATION
    assert TranslationEvent.objects.filter(action=TranslationEvent.Action.STAGE, article=draft).exists()


def test_saving_the_copy_unchanged_leaves_it_not_started(editor_client, draft):
    editor_client.post(change_url(draft), admin_form_data(editor_client.get(change_url(draft))))
    assert state_of(draft) == TranslationState.NOT_STARTED


def test_only_a_reviewer_makes_a_version_up_to_date_and_it_leaves_the_queue(client, translator, editor, source, draft):
    services.move_to_stage(translation=draft, stage=Stage.IN_TRANSLATION, by=translator)
    services.move_to_stage(translation=draft, stage=Stage.READY_FOR_REVIEW, by=translator)
    assert queue_entry(source).need == TranslationState.READY_FOR_REVIEW
    client.force_login(translator)
    mark = reverse("admin:articles_article_translation_mark", args=[draft.pk])
    assert client.post(mark).status_code == 403
    assert state_of(draft) == TranslationState.READY_FOR_REVIEW
    client.force_login(editor)
    client.post(mark)
    assert state_of(draft) == TranslationState.UP_TO_DATE
    assert queue_entry(source) is None


def test_a_translator_cannot_skip_a_stage(translator, draft):
    with pytest.raises(services.ValidationError, match="cannot be moved"):
        services.move_to_stage(translation=draft, stage=Stage.READY_FOR_REVIEW, by=translator)
    with pytest.raises(services.ValidationError):
        services.move_to_stage(translation=draft, stage=Stage.UP_TO_DATE, by=translator)
    assert state_of(draft) == TranslationState.NOT_STARTED


def test_a_changed_source_makes_an_up_to_date_version_outdated_and_queues_it(editor, source, draft):
    services.mark_up_to_date(translation=draft, by=editor)
    source.body += "<p>Rain is forecast.</p>"
    article_services.save_article(article=source, by=editor)
    assert state_of(draft) == TranslationState.OUTDATED
    entry = queue_entry(source)
    assert entry.need == TranslationState.OUTDATED
    source.refresh_from_db()
    assert entry.queued_at == source.updated_at


def test_a_scheduled_story_joins_the_queue_when_it_goes_live(db):
    scheduled = ArticleFactory(title="Tomorrow's story", scheduled=True)
    assert queue_entry(scheduled).need == TranslationState.MISSING
    assert not translation_queue().filter(source=scheduled).exists()
    TranslationQueueEntry.objects.filter(source=scheduled).update(queued_at=timezone.now() - datetime.timedelta(seconds=1))
    assert translation_queue().filter(source=scheduled).exists()


def test_deleting_a_translation_queues_the_missing_language_and_unlinking_clears_it(editor, source, draft):
    services.delete_versions(articles=[draft], by=editor)
    assert queue_entry(source).need == TranslationState.MISSING
    other = ArticleFactory(arabic=True, title="خبر")
    services.link_translation(article=source, counterpart=other, by=editor)
    assert queue_entry(source) is None  # linked and in step
    services.unlink_translation(article=other, by=editor)
    assert queue_entry(source).need == TranslationState.MISSING
    assert queue_entry(other, language="en").need == TranslationState.MISSING


def test_the_queue_rebuilt_from_scratch_matches_the_one_kept_in_step(editor, source, draft):
    ArticleFactory(arabic=True, title="وحيد")
    services.move_to_stage(translation=draft, stage=Stage.IN_TRANSLATION, by=editor)
    kept = set(TranslationQueueEntry.objects.values_list("story", "language", "need", "source", "translation"))
    assert services.rebuild_queue() == len(kept)
    assert set(TranslationQueueEntry.objects.values_list("story", "language", "need", "source", "translation")) == kept


# Assigning ------------------------------------------------------------------


def test_assign_to_me_is_one_click_audited_and_filterable(client, translator, source, draft):
    other = ArticleFactory(title="Another desk story")
    client.force_login(translator)
    entry = queue_entry(source)
    client.post(queue_url(), {"action": "assign_to_me", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.assignee == translator
    event = TranslationEvent.objects.get(action=TranslationEvent.Action.ASSIGNED)
    assert event.actor == translator and "Assigned to Lina Haddad" in event.detail
    mine = client.get(queue_url(), {"assignee": "me"}).text
    assert source.title in mine and other.title not in mine
    nobody = client.get(queue_url(), {"assignee": "nobody"}).text
    assert other.title in nobody and source.title not in nobody


def test_an_editor_assigns_work_with_a_due_date(editor_client, translator, source, draft):
    entry = queue_entry(source)
    url = reverse("admin:translations_translationqueueentry_change", args=[entry.pk])
    editor_client.post(url, {"assignee": translator.pk, "due_date": "2026-12-04"})
    entry.refresh_from_db()
    assert (entry.assignee, entry.due_date) == (translator, datetime.date(2026, 12, 4))
    text = editor_client.get(queue_url(), {"assignee": str(translator.pk)}).text
    assert "Lina Haddad" in text and source.title in text


def test_work_is_assigned_only_to_active_staff(editor, source, draft):
    outsider = UserFactory(username="reader")
    with pytest.raises(services.ValidationError, match="active staff"):
        services.assign(entry=queue_entry(source), assignee=outsider, by=editor)
    assert queue_entry(source).assignee is None


def test_an_assignment_stays_while_the_work_moves_through_its_stages(editor, translator, source, draft):
    services.assign(entry=queue_entry(source), assignee=translator, by=editor)
    services.move_to_stage(translation=draft, stage=Stage.IN_TRANSLATION, by=translator)
    assert queue_entry(source).assignee == translator


def test_view_only_staff_cannot_assign(client, source, draft):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_article", "view_translationqueueentry"]))
    client.force_login(viewer)
    entry = queue_entry(source)
    client.post(queue_url(), {"action": "assign_to_me", "_selected_action": [entry.pk]})
    url = reverse("admin:translations_translationqueueentry_change", args=[entry.pk])
    client.post(url, {"assignee": viewer.pk, "due_date": ""})
    assert queue_entry(source).assignee is None


# The translator's page ----------------------------------------------------------


def test_the_translators_page_shows_source_and_translation_paragraph_by_paragraph(client, translator, source, draft):
    client.force_login(translator)
    response = client.get(translate_url(draft))
    assert response.status_code == 200
    form = response.context["form"]
    assert [field.name for _block, field in form.rows()] == ["block_0", "block_1", "block_2"]
    text = response.text
    assert '<td class="side-by-side__source" lang="en" dir="ltr"><p>Farmers began the harvest on Monday.</p></td>' in text
    assert 'name="block_0" cols="40" rows="3" dir="rtl" lang="ar"' in text
    assert "Not started" in text


def test_saving_from_the_translators_page_translates_and_marks_ready(client, translator, source, draft):
    client.force_login(translator)
    data = page_form_data(client.get(translate_url(draft)), title="بدء حصاد القمح", block_0="بدأ المزارعون الحصاد يوم الاثنين.")
    client.post(translate_url(draft), data)
    draft.refresh_from_db()
    assert draft.title == "بدء حصاد القمح"
    assert draft.body.startswith("<p>بدأ المزارعون الحصاد يوم الاثنين.</p>")
    assert "<h2>Prices</h2>" in draft.body  # untouched blocks keep their tags
    assert state_of(draft) == TranslationState.IN_TRANSLATION
    data = page_form_data(client.get(translate_url(draft)), block_2="الخبز أغلى هذا العام.")
    client.post(translate_url(draft), {**data, "_ready": "1"})
    assert state_of(draft) == TranslationState.READY_FOR_REVIEW
    assert queue_entry(source).need == TranslationState.READY_FOR_REVIEW


def test_the_translators_page_shows_what_changed_in_the_source(client, translator, editor, source, draft):
    source.body = SOURCE_BODY.replace("Monday", "Tuesday")
    article_services.save_article(article=source, by=editor)
    client.force_login(translator)
    text = client.get(translate_url(draft)).text
    assert "<del>Monday.</del><ins>Tuesday.</ins>" in text


def test_a_body_whose_paragraphs_no_longer_match_is_edited_whole(client, translator, editor, source, draft):
    draft.body = "<p>فقرة واحدة فقط.</p>"
    article_services.save_article(article=draft, by=editor)
    client.force_login(translator)
    response = client.get(translate_url(draft))
    assert "body" in response.context["form"].fields
    assert "edited whole" in response.text


def test_a_save_made_since_the_page_opened_is_not_overwritten(client, translator, editor, source, draft):
    client.force_login(translator)
    mine = page_form_data(client.get(translate_url(draft)), title="عنوان المترجمة")
    draft.title = "عنوان المحرر"
    article_services.save_article(article=draft, by=EditorFactory(username="samir", first_name="Samir", last_name="Aziz"))
    response = client.post(translate_url(draft), mine)
    assert response.status_code == 200
    assert "Samir Aziz saved this article" in response.text and "Your text is kept below" in response.text
    assert 'value="عنوان المترجمة"' in response.text  # nothing typed is lost
    assert "عنوان <del>المحرر</del><ins>المترجمة</ins>" in response.text
    draft.refresh_from_db()
    assert draft.title == "عنوان المحرر"
    # Saving again keeps the translator's text, knowingly.
    client.post(translate_url(draft), page_form_data(response))
    draft.refresh_from_db()
    assert draft.title == "عنوان المترجمة"


def test_the_translators_page_refuses_staff_who_may_not_change_articles(client, source, draft):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.get(translate_url(draft)).status_code == 403


@pytest.mark.parametrize("paragraphs", [2, 20])
def test_the_translators_page_query_count_does_not_grow_with_paragraphs(
    client, translator, editor, django_assert_max_num_queries, paragraphs
):
    source = ArticleFactory(body="".join(f"<p>Paragraph {number}.</p>" for number in range(paragraphs)))
    draft = services.create_translation(source=source, language="ar", by=editor)
    client.force_login(translator)
    with django_assert_max_num_queries(14):
        response = client.get(translate_url(draft))
    assert len(response.context["form"].rows()) == paragraphs


@pytest.mark.parametrize("rows", [2, 12])
def test_queue_with_assignees_query_count_does_not_grow(editor_client, editor, translator, django_assert_max_num_queries, rows):
    for number in range(rows):
        source = ArticleFactory(title=f"Source {number}")
        services.create_translation(source=source, language="ar", by=editor)
        services.assign(entry=queue_entry(source), assignee=translator, due_date=datetime.date(2026, 12, 1), by=editor)
    with django_assert_max_num_queries(12):
        response = editor_client.get(queue_url(), {"assignee": str(translator.pk)})
    assert response.context["cl"].result_count == rows


def test_stage_is_a_known_value_in_the_database(source, draft):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        TranslationSource.objects.filter(translation=draft).update(stage="finished")


def test_the_arabic_admin_shows_the_workflow_in_arabic(client, translator, source, draft, settings):
    client.force_login(translator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get(translate_url(draft)).text
    assert 'dir="rtl"' in page.split(">", 2)[1]
    assert "حالة الترجمة:" in page and "لم تبدأ" in page and "حفظ ووضعها جاهزة للمراجعة" in page
    queue = client.get(queue_url()).text
    assert "لم تبدأ" in queue and "أسنده إليّ" in queue and "الترجمة جنبًا إلى جنب" in queue


def test_the_translator_translates_the_image_description_beside_the_source(client, translator, editor):
    source = ArticleFactory(image=jpeg_file(), image_alt="A farmer loads sacks of wheat onto a trailer")
    draft = services.create_translation(source=source, language="ar", by=editor)
    assert draft.image_alt == source.image_alt  # the draft starts with the source's, to translate
    client.force_login(translator)
    response = client.get(translate_url(draft))
    assert '<td lang="en" dir="ltr">A farmer loads sacks of wheat onto a trailer</td>' in response.text
    data = page_form_data(response, image_alt="مزارع يحمّل أكياس القمح على مقطورة")
    client.post(translate_url(draft), data)
    draft.refresh_from_db()
    source.refresh_from_db()
    assert draft.image_alt == "مزارع يحمّل أكياس القمح على مقطورة"
    assert source.image_alt == "A farmer loads sacks of wheat onto a trailer"
    assert draft.image.name == source.image.name  # still one file for both


def test_a_version_without_a_picture_has_no_description_to_translate(client, translator, source, draft):
    client.force_login(translator)
    assert "image_alt" not in client.get(translate_url(draft)).context["form"].fields
