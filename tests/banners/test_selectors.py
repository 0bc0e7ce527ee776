"""Choosing the appeal: live candidates, targeting, priority, weights, and the cache that keeps it cheap."""

import collections
import datetime
import random

import pytest
from django.utils import timezone

from newsroom.banners import selectors
from newsroom.banners.models import Banner
from tests.factories import ArticleFactory, SectionFactory

from .factories import BannerFactory

pytestmark = pytest.mark.django_db

ARTICLE = {"end", "paragraph", "footer"}


def candidate_ids(**kwargs):
    kwargs.setdefault("language", "en")
    kwargs.setdefault("placements", ARTICLE)
    return {banner.pk for banner in selectors.candidates(**kwargs)}


def test_only_banners_on_and_within_their_schedule_are_candidates():
    live = BannerFactory()
    open_ended = BannerFactory(ends_at=None)
    BannerFactory(off=True)
    BannerFactory(scheduled=True)
    BannerFactory(ended=True)
    assert candidate_ids() == {live.pk, open_ended.pk}


def test_schedule_is_checked_to_the_second_from_the_cached_list():
    start = timezone.now() + datetime.timedelta(minutes=10)
    banner = BannerFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    assert candidate_ids() == set()  # fills the cache with the scheduled banner
    assert candidate_ids(now=start) == {banner.pk}
    assert candidate_ids(now=start + datetime.timedelta(hours=1)) == set()


def test_placement_edition_and_section_targeting():
    economy, sport = SectionFactory(), SectionFactory()
    end = BannerFactory()
    footer = BannerFactory(footer=True)
    arabic_only = BannerFactory(edition="ar", lines_en="", cta_label_en="", cta_url_en="")
    economy_only = BannerFactory(sections=[economy])
    assert candidate_ids(placements={"footer"}) == {footer.pk}
    assert candidate_ids(section_id=sport.pk) == {end.pk, footer.pk}
    assert candidate_ids(section_id=economy.pk) == {end.pk, footer.pk, economy_only.pk}
    assert candidate_ids(language="ar", section_id=sport.pk) == {end.pk, footer.pk, arabic_only.pk}


def test_dismissed_banners_are_not_candidates():
    kept, dismissed = BannerFactory(), BannerFactory()
    assert candidate_ids(dismissed=frozenset({dismissed.pk})) == {kept.pk}


def test_highest_priority_wins_whatever_the_weights():
    urgent = BannerFactory(priority=10, weight=1)
    BannerFactory(priority=1, weight=1000)
    rng = random.Random(7)
    banners = selectors.candidates(language="en", placements=ARTICLE)
    assert {selectors.choose_banner(banners, rng=rng).pk for _ in range(200)} == {urgent.pk}


def test_weights_decide_how_often_each_banner_is_shown():
    light, heavy = BannerFactory(weight=1), BannerFactory(weight=3)
    banners = selectors.candidates(language="en", placements=ARTICLE)
    rng = random.Random(2024)
    shown = collections.Counter(selectors.choose_banner(banners, rng=rng).pk for _ in range(8000))
    assert shown[heavy.pk] / 8000 == pytest.approx(0.75, abs=0.02)
    assert shown[light.pk] / 8000 == pytest.approx(0.25, abs=0.02)


def test_no_candidate_no_banner():
    assert selectors.choose_banner([]) is None


def test_candidates_are_read_in_one_query_then_cached(django_assert_num_queries):
    sections = SectionFactory.create_batch(3)
    for index in range(10):
        BannerFactory(sections=sections[: index % 4])
    with django_assert_num_queries(1):
        snapshots = selectors.switched_on_banners()
    assert len(snapshots) == 10
    assert {len(snapshot.section_ids) for snapshot in snapshots} == {0, 1, 2, 3}
    with django_assert_num_queries(0):
        selectors.switched_on_banners()


def test_without_a_cache_every_page_reads_the_banners_in_exactly_one_query(settings, django_assert_num_queries):
    settings.NEWSROOM_BANNER_CACHE_SECONDS = 0
    BannerFactory(sections=SectionFactory.create_batch(2))
    for _ in range(2):
        with django_assert_num_queries(1):
            assert len(selectors.switched_on_banners()) == 1


def test_saving_deleting_or_retargeting_a_banner_empties_the_cache():
    banner = BannerFactory()
    section = SectionFactory()
    assert candidate_ids() == {banner.pk}
    banner.sections.add(section)
    assert candidate_ids() == set()
    assert candidate_ids(section_id=section.pk) == {banner.pk}
    banner.priority = 4
    banner.save()
    assert selectors.switched_on_banners()[0].priority == 4
    banner.delete()
    assert candidate_ids(section_id=section.pk) == set()


def test_snapshot_keeps_each_language_apart_and_splits_lines():
    BannerFactory(lines_en="Headline\n\n  Second line  \n", lines_ar="عنوان", amount_line_ar="")
    (snapshot,) = selectors.switched_on_banners()
    assert snapshot.copy["en"].headline == "Headline" and snapshot.copy["en"].body_lines == ("Second line",)
    assert snapshot.copy["ar"].lines == ("عنوان",) and snapshot.copy["ar"].amount_line == ""
    assert snapshot.placement == Banner.Placement.END_OF_ARTICLE


# --- The page's appeal ------------------------------------------------------------------------------


def page_banner_id(**kwargs):
    kwargs.setdefault("language", "en")
    banner = selectors.banner_for_page(**kwargs)
    return banner and banner.pk


def test_an_article_page_has_every_slot_any_other_page_the_footer_only():
    end = BannerFactory(priority=2)
    footer = BannerFactory(footer=True, priority=1)
    article = ArticleFactory()
    assert page_banner_id(article=article) == end.pk
    assert page_banner_id(article=None) == footer.pk
    assert page_banner_id(article=article, dismissed=frozenset({end.pk})) == footer.pk


def test_a_story_that_opts_out_gets_no_appeal_of_any_placement():
    BannerFactory()
    BannerFactory(footer=True)
    assert page_banner_id(article=ArticleFactory(no_support_appeal=True)) is None


def test_section_limited_banners_run_only_on_stories_of_those_sections():
    economy = SectionFactory()
    limited = BannerFactory(footer=True, sections=[economy])
    assert page_banner_id(article=ArticleFactory(section=economy)) == limited.pk
    assert page_banner_id(article=ArticleFactory()) is None
    assert page_banner_id(article=None) is None  # a list page belongs to no section


def test_the_page_banner_is_drawn_with_the_given_generator_and_at_the_given_time():
    light, heavy = BannerFactory(weight=1), BannerFactory(weight=50)
    article = ArticleFactory()
    drawn = {page_banner_id(article=article, rng=random.Random(seed)) for seed in range(20)}
    assert heavy.pk in drawn and drawn <= {light.pk, heavy.pk}
    last_year = timezone.now() - datetime.timedelta(days=365)
    assert page_banner_id(article=article, now=last_year) is None


@pytest.mark.parametrize(
    ("placement", "slots"),
    [("end", {"end"}), ("footer", {"footer"}), ("paragraph", {"end"})],
)
def test_which_slot_a_banner_goes_in(placement, slots):
    """An "after paragraph" appeal that found no such paragraph ends the article instead."""
    BannerFactory(placement=placement, paragraph=2 if placement == "paragraph" else None)
    (snapshot,) = selectors.switched_on_banners()
    assert {slot for slot in ("end", "footer") if snapshot.belongs_in(slot)} == slots
