"""Linking many pairs at once (an importer's) follows the same rules, pair by pair, as linking one."""

import pytest
from django.utils import translation as django_translation

from articles.models import Article
from tests.factories import ArticleFactory
from translations import services
from translations.models import TranslationEvent, TranslationQueueEntry, TranslationSource

pytestmark = pytest.mark.django_db


def test_pairs_are_linked_in_order_and_a_second_claim_on_one_version_is_refused(editor):
    flood, flood_again, bread = (ArticleFactory(language="en", title=title) for title in ("Flood", "Flood, again", "Bread"))
    fayadan, khubz = ArticleFactory(language="ar", title="فيضان"), ArticleFactory(language="ar", title="خبز")
    outcomes = services.link_translations(pairs=[(flood, fayadan), (flood_again, fayadan), (bread, khubz), (bread, khubz)], by=editor)
    assert outcomes[0] is None and outcomes[2] is None
    with django_translation.override("en"):
        assert outcomes[1].code == "other_story" and "already linked to another story" in " ".join(outcomes[1].messages)
    assert outcomes[3].code == "already_linked"
    assert Article.objects.get(pk=fayadan.pk).translation_key == flood.translation_key
    assert Article.objects.get(pk=khubz.pk).translation_key == bread.translation_key
    assert Article.objects.versions_of(flood_again).count() == 0
    # Tracked and audited as link_translation does: the first of each pair is the source.
    assert TranslationSource.objects.get(translation=fayadan).source_id == flood.pk
    assert TranslationEvent.objects.filter(action=TranslationEvent.Action.LINKED, actor=editor).count() == 2
    # The paired stories need nothing; the lone one still misses its Arabic version.
    assert list(TranslationQueueEntry.objects.values_list("source", "language")) == [(flood_again.pk, "ar")]
