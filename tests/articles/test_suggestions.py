"""Suggestion scoring and the text normalisation behind it, in English and Arabic."""

import datetime

import pytest

from articles import suggestions
from articles.suggestions import Candidate, best_matches, normalise, similarity, words

NOW = datetime.datetime(2024, 6, 15, 9, 0, tzinfo=datetime.UTC)


def candidate(pk, text="", section=1, tags=(), days_ago=0):
    return Candidate(
        pk=pk,
        section_id=section,
        published_at=NOW - datetime.timedelta(days=days_ago),
        words=words(text),
        tag_ids=frozenset(tags),
    )


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("مُسْتَشْفَى", "مستشفي"),  # diacritics stripped, alef maqsura → yaa
        ("الســــوريـة", "السوريه"),  # tatweel stripped, taa marbuta → haa
        ("أحمد إدلب آمال ٱلقدس", "احمد ادلب امال القدس"),  # every alef form unified
        ("القرار ٢٢٥٤", "القرار 2254"),  # Arabic-Indic digits
        ("Damascus MEETING", "damascus meeting"),
    ],
)
def test_normalise(written, normal):
    assert normalise(written) == normal


def test_arabic_spellings_of_one_word_compare_equal():
    spellings = ["إدلب", "ادلب", "إِدْلِب", "إدلـــب"]
    assert len({next(iter(words(spelling))) for spelling in spellings}) == 1
    assert words("مدرسة").keys() == words("مدرسه").keys()
    assert words("مستشفى").keys() == words("مستشفي").keys()


def test_arabic_definite_article_and_and_are_stripped():
    assert words("والرئيس").keys() == words("الرئيس").keys() == words("رئيس").keys()
    assert words("وروسيا").keys() == words("روسيا").keys()


def test_stop_words_of_both_languages_are_ignored():
    assert words("The meeting was held in the city of Aleppo").keys() == {"meeting", "held", "city", "aleppo"}
    assert set(words("عقد الاجتماع في مدينة حلب إلى أن هذا")) == {"عقد", "اجتماع", "مدينه", "حلب"}
    # A stop word written with other alef forms or marks is still a stop word.
    assert words("إلى الى إلي عَلى") == {}


def test_words_remember_the_form_the_reader_saw():
    found = words("اجتماعٌ في حميميم")
    assert found == {"اجتماع": "اجتماع", "حميميم": "حميميم"}
    assert words("Turkey's talks")["talk"] == "talks"


def test_similarity_is_symmetric_and_bounded():
    first, second = words("Damascus denies Hmeimim meeting"), words("Hmeimim meeting with Ankara")
    assert similarity(first, second) == similarity(second, first)
    assert 0 < similarity(first, second) < 1
    assert similarity(first, first) == pytest.approx(1)
    assert similarity(first, {}) == 0


def test_arabic_text_similarity_survives_spelling_variants():
    story = words("نفت دمشق عقد اجتماع في قاعدة حميميم مع أنقرة")
    variant = words("اجتماعُ حُمَيْمِيم مع انقره في القاعدة")
    unrelated = words("ارتفاع أسعار الخبز في إدلب")
    assert similarity(story, variant) > 0.5
    assert similarity(story, unrelated) == 0


def test_score_adds_tags_section_and_text_and_says_why():
    story = candidate(1, "Turkey and Russia meet in Hmeimim", section=1, tags={10, 11, 12})
    other = candidate(2, "Hmeimim base: a Russian meeting", section=1, tags={11, 12, 13})
    match = suggestions.score(story, other)
    assert match.shared_tags == (11, 12)
    assert match.same_section is True
    assert match.similar_words == ("Hmeimim",)
    assert match.score == pytest.approx(
        2 * suggestions.TAG_WEIGHT + suggestions.SECTION_WEIGHT + suggestions.TEXT_WEIGHT * match.text_similarity,
        abs=1e-3,
    )
    assert suggestions.score(other, story).score == match.score


def test_best_matches_rank_by_score_then_newest_then_highest_pk():
    story = candidate(1, "Bread prices rise", section=1, tags={5})
    tagged = candidate(2, "Unrelated words here", section=2, tags={5}, days_ago=30)
    section_old = candidate(3, "Something else", section=1, days_ago=10)
    section_new = candidate(4, "Another thing", section=1, days_ago=1)
    twin_a = candidate(5, "Another thing again", section=1, days_ago=2)
    twin_b = candidate(6, "Another thing again", section=1, days_ago=2)
    ranked = [match.target_pk for match in best_matches(story, [section_old, twin_a, tagged, twin_b, section_new], limit=10)]
    assert ranked == [2, 4, 6, 5, 3]


def test_best_matches_are_deterministic_whatever_the_input_order():
    story = candidate(1, "Water shortage in Daraa", section=1, tags={1, 2})
    others = [candidate(pk, f"Water story {pk}", section=pk % 2, tags={pk % 3}, days_ago=pk % 4) for pk in range(2, 30)]
    first = best_matches(story, others, limit=8)
    assert first == best_matches(story, list(reversed(others)), limit=8)
    assert len(first) == 8


def test_nothing_in_common_is_never_suggested():
    story = candidate(1, "Bread prices", section=1, tags={1})
    stranger = candidate(2, "Football results", section=2, tags={2})
    assert best_matches(story, [stranger, story], limit=4) == []
