"""Apps read their settings with defaults: a project that leaves one out still serves pages."""

import pytest

from articles import conf as articles_conf
from newsroom import conf as newsroom_conf
from newsroom.banners import conf as banners_conf
from tests.factories import ArticleFactory


@pytest.mark.django_db
def test_reader_pages_work_when_the_project_leaves_the_newsroom_settings_out(client, settings):
    for name in [*articles_conf.DEFAULTS, *banners_conf.DEFAULTS, "NEWSROOM_SITE_NAME", "NEWSROOM_SITE_NAMES"]:
        delattr(settings, name)
    article = ArticleFactory(arabic=True)
    home = client.get("/ar/")
    assert home.status_code == 200
    assert "غرفة الأخبار" in home.text
    assert client.get(article.get_absolute_url()).status_code == 200


def test_settings_changed_in_a_test_are_seen(settings):
    settings.NEWSROOM_RELATED_COUNT = 7
    settings.NEWSROOM_BANNER_DISMISS_DAYS = 3
    settings.NEWSROOM_SITE_NAMES = {"en": "The Paper", "ar": "الجريدة"}
    assert articles_conf.related_count() == 7
    assert banners_conf.dismiss_days() == 3
    assert newsroom_conf.site_name("ar") == "الجريدة"
