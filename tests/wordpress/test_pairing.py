"""English and Arabic versions paired: Polylang groups, and two single-language sites linking to each other."""

import pytest

from articles.models import Article
from translations.models import TranslationEvent
from wordpress import services

from .exports import export, post, term, write

pytestmark = pytest.mark.django_db

EN, AR = "https://en.example.org", "https://ar.example.org"
NEWS, AKHBAR = term("category", "news", "News"), term("category", "%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1", "أخبار")


def article(title):
    return Article.objects.get(title=title)


def paired(a, b):
    return article(a).translation_key == article(b).translation_key


def test_polylang_groups_pair_versions(tmp_path):
    group = term("post_translations", "pll_1", "pll_1")
    path = write(tmp_path, "poly.xml", export([
        post(10, "Flood", terms=[NEWS, term("language", "en", "English"), group]),
        post(11, "فيضان", terms=[AKHBAR, term("language", "ar", "العربية"), group]),
        post(12, "Alone", terms=[NEWS, term("language", "en", "English")]),
    ]))
    report = services.import_files(paths=[path])
    assert paired("Flood", "فيضان")
    assert report.pairs["Polylang"] == 1 and report.unpaired == 1
    # Through the translations' own service: the link is audited like an editor's.
    assert TranslationEvent.objects.filter(action=TranslationEvent.Action.LINKED).count() == 1


def two_sites(tmp_path, en_items, ar_items):
    """Two single-language sites' exports, each declaring its language as WordPress does."""
    en = write(tmp_path, "en.xml", export(en_items, site=EN, language="en-US"))
    ar = write(tmp_path, "ar.xml", export(ar_items, site=AR, language="ar", authors=(("rania", "رانيا خليل"),)))
    return en, ar


@pytest.mark.parametrize("href", [
    f"{AR}/2024/05/%d9%81%d9%8a%d8%b6%d8%a7%d9%86/",  # the permalink, percent-encoded
    "http://www.ar.example.org/2024/05/فيضان",  # http, www., no trailing slash
    f"{AR}/?p=7",  # the guid
    f"{AR}/archives/7",
    f"{AR}/?page_id=7",
])
def test_two_sites_in_one_run_are_paired_by_the_link_in_the_body(tmp_path, href):
    en, ar = two_sites(
        tmp_path,
        [post(3, "Flood", site=EN, terms=[NEWS], body=f'<p>The story.</p>\n\n<p><a href="{href}">Read this article in Arabic</a></p>')],
        [post(7, "فيضان", site=AR, slug="%d9%81%d9%8a%d8%b6%d8%a7%d9%86", terms=[AKHBAR], body="<p>القصة.</p>")],
    )
    report = services.import_files(paths=[en, ar])
    assert paired("Flood", "فيضان"), report.warnings
    assert report.pairs["language-version link"] == 1
    assert article("Flood").body == "<p>The story.</p>"  # the site shows its own link to the other version
    assert article("فيضان").language == "ar" and article("فيضان").slug == "فيضان"


def test_a_later_run_pairs_with_posts_already_imported(tmp_path):
    en, ar = two_sites(
        tmp_path,
        [post(3, "Flood", site=EN, terms=[NEWS])],
        [post(7, "فيضان", site=AR, terms=[AKHBAR], body=f'<p>القصة.</p>\n<p>اقرأ: <a href="{EN}/2024/05/post-3/">Read this article in English</a></p>')],
    )
    services.import_files(paths=[en])
    report = services.import_files(paths=[ar])
    assert paired("Flood", "فيضان")
    assert report.pairs["language-version link"] == 1
    assert article("فيضان").body == "<p>القصة.</p>"


def test_a_version_link_to_a_post_a_later_run_brings_pairs_them_then(tmp_path):
    # The English site is imported first; its "Arabic version" paragraph points to a post not imported yet.
    en, ar = two_sites(
        tmp_path,
        [post(3, "Flood", site=EN, terms=[NEWS], body=f'<p>The story.</p>\n<p><a href="{AR}/?p=7">النسخة العربية من المقال</a></p>')],
        [post(7, "فيضان", site=AR, terms=[AKHBAR], body="<p>القصة.</p>")],  # no link back
    )
    first = services.import_files(paths=[en])
    assert any("#3" in str(w) and "matches no imported post yet" in str(w) for w in first.warnings)
    assert article("Flood").body == "<p>The story.</p>"  # the site shows its own link once paired

    second = services.import_files(paths=[ar])
    assert paired("Flood", "فيضان")
    assert second.pairs["language-version link"] == 1
    again = services.import_files(paths=[en, ar])
    assert again.pairs == {"already paired": 1} and not again.warnings


def test_a_plain_link_to_the_other_language_pairs_too(tmp_path):
    en, ar = two_sites(
        tmp_path,
        [post(3, "Flood", site=EN, terms=[NEWS], body=f'<p>Also in <a href="{AR}/?p=7">Arabic</a>.</p>')],
        [post(7, "فيضان", site=AR, terms=[AKHBAR])],
    )
    report = services.import_files(paths=[en, ar])
    assert paired("Flood", "فيضان")
    assert report.pairs["link to the other language"] == 1
    assert 'href="/ar/articles/post-7/"' in article("Flood").body


def test_a_conflict_is_reported_never_forced(tmp_path):
    en, ar = two_sites(
        tmp_path,
        [
            post(3, "Flood", site=EN, terms=[NEWS], body=f'<p><a href="{AR}/?p=7">النسخة العربية من المقال</a></p>'),
            post(4, "Flood, again", site=EN, terms=[NEWS], body=f'<p><a href="{AR}/?p=7">النسخة العربية من المقال</a></p>'),
        ],
        [post(7, "فيضان", site=AR, terms=[AKHBAR])],
    )
    report = services.import_files(paths=[en, ar])
    assert paired("Flood", "فيضان") and not paired("Flood, again", "فيضان")
    assert report.pairs["conflicts"] == 1
    assert any("#4" in str(w) and "not paired" in str(w) for w in report.warnings)


def test_links_between_imported_posts_point_to_the_new_addresses(tmp_path):
    path = write(tmp_path, "en.xml", export([
        post(1, "First", slug="first", terms=[NEWS]),
        post(2, "Second", terms=[NEWS], body=f'<p>See <a href="{EN}/2024/05/first/">the first</a> and <a href="{EN}/gone/">this</a>.</p>'),
    ]))
    report = services.import_files(paths=[path], language="en")
    body = article("Second").body
    assert 'href="/en/articles/first/"' in body and f'href="{EN}/gone/"' in body
    assert report.links_rewritten == 1 and report.dangling_links == 1
    again = services.import_files(paths=[path], language="en")
    assert again.posts == {"unchanged": 2} and article("Second").body == body


@pytest.mark.parametrize("form", ["amp/", "?amp=1", "feed/", "2/", "comment-page-3/"])
def test_links_to_wordpress_forms_of_a_post_point_to_its_new_address(tmp_path, form):
    # Editors linked to what their browser showed: the AMP page, page 2 of a long read, the comments.
    path = write(tmp_path, "en.xml", export([
        post(1, "Earlier", slug="earlier", terms=[NEWS]),
        post(2, "Linking", terms=[NEWS], body=(
            f'<p>See <a href="{EN}/2024/05/earlier/{form}">before</a>, <a href="{EN}/2024/05/later/{form}">after</a> '
            f'and <a href="{EN}/2024/05/never-imported/{form}">elsewhere</a>.</p>')),
        post(3, "Later", slug="later", terms=[NEWS]),
    ]))
    report = services.import_files(paths=[path], language="en")
    body = article("Linking").body
    assert 'href="/en/articles/earlier/"' in body and 'href="/en/articles/later/"' in body
    assert f'href="{EN}/2024/05/never-imported/' in body
    assert report.links_rewritten == 2 and report.dangling_links == 1


def test_a_link_to_an_index_php_form_of_a_post_of_an_earlier_run_is_rewritten(tmp_path):
    services.import_files(paths=[write(tmp_path, "one.xml", export([post(1, "Earlier", slug="earlier", terms=[NEWS])]))],
                          language="en")
    services.import_files(paths=[write(tmp_path, "two.xml", export([post(2, "Linking", terms=[NEWS], body=(
        f'<p><a href="{EN}/index.php/2024/05/earlier/">permalink</a> and <a href="{EN}/index.php?p=1">id</a>.</p>'))]))],
        language="en")
    assert article("Linking").body.count('href="/en/articles/earlier/"') == 2


def test_polylang_term_translations_make_one_section_in_both_languages(tmp_path):
    channel = (
        "<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>news</wp:category_nicename>"
        "<wp:cat_name>News</wp:cat_name></wp:category>"
        "<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>akhbar</wp:category_nicename>"
        "<wp:cat_name>أخبار</wp:cat_name></wp:category>"
        "<wp:term><wp:term_id>9</wp:term_id><wp:term_taxonomy>term_translations</wp:term_taxonomy>"
        '<wp:term_description><![CDATA[a:2:{s:2:"en";i:3;s:2:"ar";i:4;}]]></wp:term_description></wp:term>'
        "<wp:term><wp:term_taxonomy>language</wp:term_taxonomy><wp:term_slug>en</wp:term_slug></wp:term>"
    )
    path = write(tmp_path, "poly.xml", export([
        post(10, "Flood", terms=[NEWS, term("language", "en", "English")]),
        post(11, "فيضان", terms=[term("category", "akhbar", "أخبار"), term("language", "ar", "العربية")]),
        post(12, "Other", terms=[term("category", "sport", "Sport"), term("language", "ar", "العربية")]),
    ], terms=channel))
    report = services.import_files(paths=[path])
    assert article("Flood").section == article("فيضان").section
    section = article("فيضان").section
    assert (section.slug_en, section.slug_ar, section.name_ar) == ("news", "akhbar", "أخبار")
    assert report.vocabulary["sections matched across languages"] == 1
    assert article("Other").section != section  # no translation given: kept apart
    assert report.vocabulary["sections kept apart (no Polylang match in the other language)"] == 1  # and reported
    assert "sections kept apart (no Polylang match in the other language): 1" in "\n".join(report.lines())


def test_a_post_already_linked_elsewhere_is_reported_never_forced(tmp_path):
    from tests.factories import ArticleFactory
    from translations.services import link_translation

    ar = write(tmp_path, "ar.xml", export([post(7, "فيضان", site=AR, terms=[AKHBAR])], site=AR, language="ar"))
    services.import_files(paths=[ar])
    written_here = ArticleFactory(language="en", title="Flood, as our desk wrote it")
    link_translation(article=written_here, counterpart=article("فيضان"), by=None)  # an editor paired it already
    en = write(tmp_path, "en.xml", export(
        [post(3, "Flood", site=EN, terms=[NEWS], body=f'<p><a href="{AR}/?p=7">النسخة العربية من المقال</a></p>')], site=EN))
    report = services.import_files(paths=[en])
    assert article("فيضان").translation_key == written_here.translation_key  # the editor's pair stands
    assert not paired("Flood", "فيضان")
    assert report.pairs["conflicts"] == 1
    assert any("#3" in str(w) and "not paired" in str(w) for w in report.warnings)
