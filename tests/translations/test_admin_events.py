"""The audit trail list, as an editor reads it in either language."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "arabic_name"), [("en", "Arabic"), ("ar", "العربية")])
def test_event_list_filters_by_language_named_in_words(editor_client, linked_pair, language, arabic_name):
    # The filter listed the raw code "ar".
    editor_client.cookies["newsroom_language"] = language
    page = editor_client.get(reverse("admin:translations_translationevent_changelist")).text
    assert f'<a href="?article_language=ar">{arabic_name}</a>' in page
    url = reverse("admin:translations_translationevent_changelist")
    assert {event.article_language for event in editor_client.get(url, {"article_language": "ar"}).context["cl"].result_list} == {"ar"}
    assert not editor_client.get(url, {"article_language": "en"}).context["cl"].result_list


def test_event_list_query_count_does_not_grow_with_events(editor_client, linked_pair, editor, django_assert_max_num_queries):
    from translations import services

    english, _arabic = linked_pair
    for _ in range(10):
        services.mark_up_to_date(translation=_arabic, by=editor)
    with django_assert_max_num_queries(10):
        editor_client.get(reverse("admin:translations_translationevent_changelist"))
