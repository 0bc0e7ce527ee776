"""Pieces of the article page kept in the shared cache show every change at once.

Kept as data per article: the related block, the story's versions, the
article's authors and tags. Kept as rendered HTML per edition: the section
menu (per section being read) and the footer.

The page cache is off here: these pieces are what a reader gets when the
whole page is not stored (an editor, a reader with a session, a page past its life).
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles import page_cache, services
from articles.models import Article
from newsroom.footer.models import FooterLink
from newsroom.footer.services import save_footer_link
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from translations import services as translation_services

pytestmark = pytest.mark.django_db

#: The article page's queries once its pieces are kept (tests/newsroom/test_article_page_budget.py: 9 without):
#: the article itself and the live appeals.
KEPT_ARTICLE_PAGE_BUDGET = 2


@pytest.fixture(autouse=True)
def fragments_on(settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 3600


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.text


def test_the_pieces_are_read_once_then_kept(client, editor):
    story = ArticleFactory(section=SectionFactory())
    counterpart = ArticleFactory(arabic=True, section=story.section)
    translation_services.link_translation(article=story, counterpart=counterpart, by=editor)
    services.set_related_pins(article=story, targets=ArticleFactory.create_batch(2, section=story.section))
    first, text = queries_for(client, story.get_absolute_url())
    again, same = queries_for(client, story.get_absolute_url())
    # The related block (two queries when pins do not fill it), the versions, the authors and tags, the
    # section menu and the footer are kept: the article and the live appeals are all the page reads.
    assert again <= KEPT_ARTICLE_PAGE_BUDGET < first
    assert same == text


def test_editing_the_related_list_shows_at_once(client):
    story = ArticleFactory()
    first, second = ArticleFactory(title="First pin"), ArticleFactory(title="Second pin")
    services.set_related_pins(article=story, targets=[first])
    assert "First pin" in client.get(story.get_absolute_url()).text
    services.set_related_pins(article=story, targets=[second])
    text = client.get(story.get_absolute_url()).text
    assert "Second pin" in text and "First pin" not in text
    second.title = "Second pin, retitled"
    services.save_article(article=second)
    assert "Second pin, retitled" in client.get(story.get_absolute_url()).text
    second.status = Article.Status.DRAFT
    services.save_article(article=second)
    assert "Second pin" not in client.get(story.get_absolute_url()).text


def test_linking_and_unlinking_a_version_shows_in_the_switcher_at_once(client, editor):
    english, arabic = ArticleFactory(), ArticleFactory(arabic=True)
    assert arabic.get_absolute_url() not in client.get(english.get_absolute_url()).text
    translation_services.link_translation(article=english, counterpart=arabic, by=editor)
    assert arabic.get_absolute_url() in client.get(english.get_absolute_url()).text
    arabic.slug = "renamed-address"
    services.save_article(article=arabic)
    assert arabic.get_absolute_url() in client.get(english.get_absolute_url()).text
    translation_services.unlink_translation(article=arabic, by=editor)
    assert arabic.get_absolute_url() not in client.get(english.get_absolute_url()).text


def test_renaming_a_section_shows_in_the_menu_at_once(client):
    section = SectionFactory(name_en="Economy", slug_en="economy")
    article = ArticleFactory(section=section)
    assert "Economy" in client.get(article.get_absolute_url()).text
    section.name_en, section.slug_en = "Economy and trade", "economy-and-trade"
    services.save_vocabulary(item=section)
    text = client.get(article.get_absolute_url()).text
    with translation.override("en"):
        assert "Economy and trade" in text and f'href="{section.get_absolute_url()}"' in text


def test_a_scheduled_version_is_not_kept_past_its_publication(client, editor):
    english = ArticleFactory()
    soon = ArticleFactory(arabic=True, published_at=timezone.now() + datetime.timedelta(minutes=10))
    translation_services.link_translation(article=english, counterpart=soon, by=editor)
    assert soon.get_absolute_url() not in client.get(english.get_absolute_url()).text
    # The switcher is kept no longer than until the Arabic version goes live (the default would be an hour).
    entry = cache.get(page_cache._fragment_key(f"versions-{english.pk}"))
    assert entry is not None and entry["expires_at"] <= soon.published_at.timestamp() + 1


def menu_of(html):
    nav = html[html.index('<nav class="section-nav"') :]
    return nav[: nav.index("</nav>")]


def test_the_kept_menu_marks_each_pages_own_section_in_its_own_edition(client):
    politics, economy = SectionFactory(name_en="Politics", name_ar="سياسة"), SectionFactory(name_en="Economy")
    on_politics, on_economy = ArticleFactory(section=politics), ArticleFactory(section=economy)
    arabic = ArticleFactory(arabic=True, section=politics)
    for _ in range(2):  # rendered, then read back from the cache
        menu = menu_of(client.get(on_economy.get_absolute_url()).text)
        assert menu.count('aria-current="page"') == 1 and f'href="{economy.get_absolute_url()}" aria-current="page"' in menu
        menu = menu_of(client.get(on_politics.get_absolute_url()).text)
        assert f'href="{politics.get_absolute_url()}" aria-current="page"' in menu
        menu = menu_of(client.get(arabic.get_absolute_url()).text)
        assert "سياسة" in menu and "Politics" not in menu


def test_changing_or_renaming_an_articles_authors_and_tags_shows_at_once(client):
    reporter, topic = AuthorFactory(name_en="Lina Haddad"), TagFactory(name_en="Water")
    article = ArticleFactory()
    services.save_article(article=article, authors=[reporter], tags=[topic])
    text = client.get(article.get_absolute_url()).text
    assert "Lina Haddad" in text and "Water" in text
    reporter.name_en, topic.name_en = "Lina Haddad-Khoury", "Water rights"
    services.save_vocabulary(item=reporter)
    services.save_vocabulary(item=topic)
    text = client.get(article.get_absolute_url()).text
    assert "Lina Haddad-Khoury" in text and "Water rights" in text
    services.save_article(article=article, authors=[AuthorFactory(name_en="Omar Said")], tags=[])
    text = client.get(article.get_absolute_url()).text
    assert "Omar Said" in text and "Lina Haddad" not in text and "Water rights" not in text


def test_editing_a_footer_link_shows_on_the_next_page_at_once(client):
    link = save_footer_link(link=FooterLink(label_en="Our ethics code", url_en="/en/ethics/"))
    article = ArticleFactory()
    footer = client.get(article.get_absolute_url()).text.split('<footer class="site-footer">')[1]
    assert "Our ethics code" in footer
    link.label_en = "Our standards"
    save_footer_link(link=link)
    footer = client.get(article.get_absolute_url()).text.split('<footer class="site-footer">')[1]
    assert "Our standards" in footer and "Our ethics code" not in footer


def test_lengthening_the_body_updates_the_kept_reading_time_at_once(client):
    article = ArticleFactory(body="<p>" + "word " * 100 + "</p>")
    assert "1 min read" in client.get(article.get_absolute_url()).text
    article.body = "<p>" + "word " * 1200 + "</p>"
    services.save_article(article=article)
    text = client.get(article.get_absolute_url()).text
    assert "5 min read" in text and "1 min read" not in text
