"""Stored XSS: hostile text in every field an editor can write, rendered in Chromium, never runs.

The corpus (``tests/security/payloads.py``) is written through every
editor-writable text field: an article's title, summary, body, image caption
and credit; the names of sections, tags and authors in both languages and an
author's biography; a banner's name, appeal, amount line and button label in
both languages. Then every kind of page that shows them is opened in a real
browser, reader pages in both editions and the admin's lists, change pages and
previews, and each must leave no trace of a script having run: no dialog, no
``window.__xss``, and no element carrying a payload's event handler or a
``javascript:`` address that a click would run.

Many payloads share each page (as many as a field's length allows), so the
whole corpus goes through every field in a few dozen page loads.
"""

import io
import itertools

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image

from articles.models import RelatedArticle
from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory, AuthorFactory, EditorFactory, SectionFactory, TagFactory
from tests.security.payloads import MARKER, XSS_PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True)

#: The whole corpus, for fields with no length limit.
EVERYTHING = "\n".join(XSS_PAYLOADS)

# Whatever a payload could have left in the page: a handler naming the marker or
# a dialog, or an address that runs script when followed.
TRACES = """
() => {
  const found = [];
  const runs = /^(javascript|vbscript|data:text\\/html)/;
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (name.startsWith("on") && /__xss|alert\\(/.test(value)) found.push(`${element.tagName} ${name}`);
      if (["href", "src", "action", "formaction", "data", "xlink:href"].includes(name) && runs.test(value))
        found.push(`${element.tagName} ${name}=${attribute.value}`);
    }
  }
  return found;
}
"""


def packed(limit):
    """The corpus in as few strings as a field of *limit* characters allows, every payload in one of them."""
    chunks, current = [], ""
    for payload in XSS_PAYLOADS:
        candidate = f"{current} {payload}" if current else payload
        if len(candidate) > limit:
            chunks.append(current)
            candidate = payload
        current = candidate
    return [*chunks, current]


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "#884422").save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="photo.png")


def cycle_to(items, count):
    return list(itertools.islice(itertools.cycle(items), count))


def hostile_articles(language, sections, tags, authors, count):
    """*count* articles, the first with every tag and author and the whole corpus in its summary and body.

    Titles, captions and credits get one pack of payloads each, so every payload
    goes through each of those fields on one article page or another.
    """
    short = packed(150)  # the image credit is the shortest of title, caption and credit
    articles = []
    for index in range(count):
        text = short[index % len(short)]
        article = ArticleFactory(
            language=language,
            slug=f"hostile-{language}-{index}",
            title=text,
            summary=EVERYTHING if index == 0 else text,
            body=EVERYTHING if index == 0 else text,
            image_caption=text,
            image_credit=text,
            section=sections[index % len(sections)],
            tags=tags if index == 0 else [tags[index % len(tags)]],
            authors=authors if index == 0 else [authors[index % len(authors)]],
        )
        article.image.save(f"hostile-{language}-{index}.png", png(), save=True)
        articles.append(article)
    # Each story lists the next one as related, so titles show in that block too.
    for article, target in zip(articles, articles[1:] + articles[:1]):
        RelatedArticle.objects.create(article=article, target=target, position=1)
    return articles


@pytest.fixture
def hostile_site(settings):
    """Everything an editor can type, typed by an attacker, in both editions."""
    settings.NEWSROOM_ARTICLES_PER_PAGE = 100  # every teaser on one list page
    names = packed(100)  # section and tag names are the shortest vocabulary fields
    sections = [
        SectionFactory(name_en=text, name_ar=text, slug_en=f"s{n}", slug_ar=f"ق{n}") for n, text in enumerate(names)
    ]
    tags = [TagFactory(name_en=text, name_ar=text, slug_en=f"t{n}", slug_ar=f"و{n}") for n, text in enumerate(names)]
    authors = [
        AuthorFactory(name_en=text, name_ar=text, bio_en=EVERYTHING, bio_ar=EVERYTHING, slug=f"a{n}")
        for n, text in enumerate(packed(150))
    ]
    # Every pack in English articles; two Arabic ones show it all in the Arabic edition's templates.
    english = hostile_articles("en", sections, tags, authors, count=len(packed(150)))
    arabic = hostile_articles("ar", sections, tags, authors, count=2)
    # Linked as versions of one story, so the language links and the translation panel show them.
    arabic[0].translation_key = english[0].translation_key
    arabic[0].save(update_fields=["translation_key"])
    labels, amounts = packed(80), cycle_to(packed(200), len(packed(80)))
    banners = [
        BannerFactory(
            name=label, lines_en=EVERYTHING, lines_ar=EVERYTHING, amount_line_en=amount, amount_line_ar=amount,
            cta_label_en=label, cta_label_ar=label, footer=True, priority=0 if n else 1,
        )
        for n, (label, amount) in enumerate(zip(labels, amounts, strict=True))
    ]
    return {"en": english, "ar": arabic, "sections": sections, "tags": tags, "authors": authors, "banners": banners}


def reader_pages(site):
    """Every kind of reader page, in both editions, chosen so every payload of every field is on one of them.

    The home page lists every title, summary and section; the first article of
    each edition shows every tag, author and the whole corpus as its text; each
    English article shows its own title, caption and credit. Vocabulary names
    are the same field on each list page, so one of each kind per edition
    shows those templates, and authors' biographies hold the whole corpus.
    """
    for language in ("en", "ar"):
        first_section, first_tag, first_author = site["sections"][0], site["tags"][0], site["authors"][0]
        yield f"/{language}/"
        yield f"/{language}/sections/{getattr(first_section, f'slug_{language}')}/"
        yield f"/{language}/tags/{getattr(first_tag, f'slug_{language}')}/"
        yield f"/{language}/authors/{first_author.slug}/"
    yield from (article.get_absolute_url() for article in site["en"] + site["ar"])
    # The notice of a story not yet translated names the story the reader came from.
    yield f"/ar/untranslated/?article={site['en'][1].pk}"
    yield f"/en/untranslated/?article={site['ar'][1].pk}"


def admin_pages(site):
    """The admin's lists (every name and title), the change pages of the richest objects, every banner preview."""
    yield "/admin/"
    for model in ("articles/article", "articles/section", "articles/tag", "articles/author", "banners/banner",
                  "articles/brokenrelatedpin", "translations/translationqueueentry", "translations/translationevent"):
        yield f"/admin/{model}/"
    yield from (f"/admin/articles/article/{article.pk}/change/" for article in (site["en"][0], site["ar"][0]))
    for kind in ("section", "tag", "author"):
        yield f"/admin/articles/{kind}/{site[f'{kind}s'][0].pk}/change/"
    yield f"/admin/banners/banner/{site['banners'][0].pk}/change/"
    # A preview renders the readers' banner template, one pack of button labels each.
    for banner in site["banners"]:
        yield from (f"/admin/banners/banner/{banner.pk}/preview/{code}/" for code in ("en", "ar"))


def traces_in(page):
    """What a payload left on the loaded *page*, if anything ran or could run."""
    return {"ran": page.evaluate(f"() => window.{MARKER} ?? null"), "traces": page.evaluate(TRACES)}


@pytest.fixture
def editor_context(browser, live_server):
    """A browser signed in to the admin as an editor (the session made by the test client)."""
    client = Client()
    client.force_login(EditorFactory(username="xss-editor"))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    yield context
    context.close()


#: Pages loaded side by side: the browser parses one while the server renders the next.
TABS = 4


def check_no_payload_runs(context, base_url, urls):
    """Open every address in *context*, a few tabs at a time; fail with each page where a payload left a trace."""
    dialogs, problems = [], {}
    tabs = [context.new_page() for _tab in range(TABS)]
    for tab in tabs:
        tab.on("dialog", lambda dialog, tab=tab: (dialogs.append(f"{tab.url}: {dialog.message}"), dialog.dismiss()))
    for start in range(0, len(urls), TABS):
        batch = urls[start : start + TABS]
        responses = [tab.goto(base_url + url, wait_until="commit") for tab, url in zip(tabs, batch)]
        for tab, url, response in zip(tabs, batch, responses):
            tab.wait_for_load_state("load")
            assert response.status == 200, f"{url} answered {response.status}"
            found = traces_in(tab)
            if found["ran"] is not None or found["traces"]:
                problems[url] = found
    assert dialogs == []
    assert problems == {}


def test_no_payload_runs_on_any_reader_page(live_server, page, hostile_site):
    check_no_payload_runs(page.context, live_server.url, list(reader_pages(hostile_site)))


def test_no_payload_runs_in_the_admin(live_server, editor_context, hostile_site):
    check_no_payload_runs(editor_context, live_server.url, list(admin_pages(hostile_site)))


def test_template_syntax_is_shown_as_typed(live_server, page, hostile_site):
    """``{{ }}`` and ``{% %}`` in a title are text to readers, never evaluated by a template."""
    page.goto(live_server.url + hostile_site["en"][-1].get_absolute_url())
    text = page.inner_text("body")
    assert "{{ 7|add:7 }}{% now 'Y' %}{# hidden #}" in text
    assert "{{ request.META }}" in text
