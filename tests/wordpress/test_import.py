"""Posts become articles through the articles' write path; re-runs update, dry runs write nothing."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from addresses.models import OldAddress
from articles.models import Article, Author, Section, Tag, Visibility
from wordpress import services
from wordpress.models import ImportedPost

from .exports import export, post, term, write

pytestmark = pytest.mark.django_db

NEWS = term("category", "news", "News")


def run(tmp_path, items, *, name="en.xml", language="en", **options):
    path = write(tmp_path, name, export(items, **options))
    return services.import_files(paths=[path], language=language)


def test_a_post_becomes_an_article(tmp_path):
    report = run(tmp_path, [post(
        5, "Water &amp; bread", slug="water-and-bread", excerpt="<p>The <b>short</b> version.</p>",
        body='Line one\n\n<script>alert(1)</script><a href="https://w.org" onclick="x()">link</a>',
        terms=[NEWS, term("post_tag", "aleppo", "Aleppo"), term("post_tag", "bread", "Bread")],
    )])
    article = Article.objects.get()
    assert (article.language, article.title, article.slug) == ("en", "Water & bread", "water-and-bread")
    assert article.summary == "The short version."
    assert "<script>" not in article.body and "onclick" not in article.body and "<p>Line one</p>" in article.body
    assert article.section.name_en == "News"
    assert sorted(tag.name_en for tag in article.tags.all()) == ["Aleppo", "Bread"]
    assert [author.name_en for author in article.authors.all()] == ["Rania Khalil"]
    assert article.visibility == Visibility.LIVE
    assert article.published_at == datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.UTC)
    assert report.posts["created"] == 1 and report.vocabulary["tags created"] == 2


def test_percent_encoded_slug_is_stored_as_unicode(tmp_path):
    run(tmp_path, [post(7, "سلام", slug="%d8%b3%d9%84%d8%a7%d9%85", terms=[NEWS])], language="ar")
    assert Article.objects.get().slug == "سلام"


def test_statuses_are_mapped_and_other_types_counted(tmp_path):
    future = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S")
    report = run(tmp_path, [
        post(1, "Published", terms=[NEWS]),
        post(2, "Scheduled", status="future", date=future, terms=[NEWS]),
        post(3, "Draft", status="draft", date="0000-00-00 00:00:00", terms=[NEWS]),
        post(4, "Pending", status="pending", terms=[NEWS]),
        post(5, "Private", status="private", terms=[NEWS]),
        post(6, "Binned", status="trash", terms=[NEWS]),
        post(7, "About us", post_type="page"),
        post(8, "Menu", post_type="nav_menu_item"),
        post(9, "Photo", post_type="attachment", status="inherit"),
    ])
    visibility = {article.title: article.visibility for article in Article.objects.all()}
    assert visibility == {
        "Published": Visibility.LIVE, "Scheduled": Visibility.SCHEDULED,
        "Draft": Visibility.DRAFT, "Pending": Visibility.DRAFT, "Private": Visibility.DRAFT,
    }
    assert report.items == {"post": 6, "page": 1, "nav_menu_item": 1, "attachment": 1}
    assert report.skipped == {"in the trash": 1}
    assert any("private post imported as a draft" in str(w) and "#5" in str(w) for w in report.warnings)


def test_a_taken_slug_gets_a_reported_suffix(tmp_path):
    report = run(tmp_path, [post(1, "One", slug="same", terms=[NEWS]), post(2, "Two", slug="same", terms=[NEWS])])
    assert sorted(Article.objects.values_list("slug", flat=True)) == ["same", "same-2"]
    assert any("#2" in str(w) and "saved as “same-2”" in str(w) for w in report.warnings)


POLYLANG_LANGUAGES = "".join(
    f"<wp:term><wp:term_taxonomy>language</wp:term_taxonomy><wp:term_slug>{code}</wp:term_slug></wp:term>"
    for code in ("en", "fr")
)


def test_posts_without_a_language_are_skipped(tmp_path):
    path = write(tmp_path, "poly.xml", export([
        post(1, "No language", terms=[NEWS]),
        post(2, "French", terms=[NEWS, term("language", "fr", "Français")]),
        post(3, "English", terms=[NEWS, term("language", "en", "English")]),
    ], terms=POLYLANG_LANGUAGES))
    report = services.import_files(paths=[path])
    assert list(Article.objects.values_list("title", flat=True)) == ["English"]
    assert report.posts["skipped"] == 2
    assert report.skipped["a language that is not an edition of this site"] == 1
    assert any("language “fr” is not an edition of this site" in str(warning) for warning in report.warnings)


def test_a_single_language_site_is_read_in_the_language_it_declares(tmp_path):
    declared = write(tmp_path, "ar.xml", export([post(1, "خبر", terms=[NEWS])], language="ar"))
    undeclared = write(tmp_path, "none.xml", export([post(2, "Unknown", terms=[NEWS])], site="https://x.example", language=""))
    report = services.import_files(paths=[declared, undeclared])
    assert list(Article.objects.values_list("title", "language")) == [("خبر", "ar")]
    assert report.skipped == {"no language (choose the import's language, or give posts Polylang's language terms)": 1}


def test_running_again_creates_nothing_twice_and_updates_what_changed(tmp_path):
    items = [post(1, "One", terms=[NEWS]), post(2, "Two", terms=[NEWS])]
    run(tmp_path, items)
    again = run(tmp_path, items)
    assert again.posts == {"unchanged": 2}
    changed = run(tmp_path, [post(1, "One, corrected", terms=[NEWS]), post(2, "Two", terms=[NEWS])])
    assert changed.posts == {"updated": 1, "unchanged": 1}
    assert Article.objects.count() == 2 and ImportedPost.objects.count() == 2
    assert Article.objects.filter(title="One, corrected", slug="post-1").exists()
    assert Section.objects.count() == 1 and Author.objects.count() == 1


def test_dry_run_writes_nothing(tmp_path):
    path = write(tmp_path, "en.xml", export([post(1, "One", terms=[NEWS, term("post_tag", "t", "T")])]))
    report = services.import_files(paths=[path], language="en", dry_run=True)
    assert report.posts["created"] == 1 and report.dry_run
    for model in (Article, Section, Tag, Author, ImportedPost, OldAddress):
        assert not model.objects.exists()


def test_a_post_that_fails_is_skipped_whole_and_the_others_imported(tmp_path, monkeypatch):
    real_save = services.save_articles_in_bulk

    def failing(*, entries, **kwargs):
        saved = real_save(entries=entries, **kwargs)
        if any(article.title == "Bad" for article, _authors, _tags in entries):
            raise RuntimeError("disk on fire")  # after the article rows were written: they must be rolled back
        return saved

    monkeypatch.setattr(services, "save_articles_in_bulk", failing)
    report = run(tmp_path, [post(1, "Good", terms=[NEWS]), post(2, "Bad", terms=[term("category", "own", "Own")]), post(3, "Fine", terms=[NEWS])])
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Fine", "Good"]
    assert not Section.objects.filter(slug_en="own").exists()
    assert not ImportedPost.objects.filter(wp_id=2).exists()
    assert report.skipped == {"could not be saved": 1}
    assert any("#2" in str(w) and "disk on fire" in str(w) for w in report.warnings)


def test_command_refuses_a_malformed_file_and_writes_nothing(tmp_path):
    good = write(tmp_path, "good.xml", export([post(1, "One", terms=[NEWS])]))
    text = export([post(2, "Two", terms=[NEWS])])
    broken = write(tmp_path, "broken.xml", text[: len(text) - 40])
    with pytest.raises(CommandError, match=r"line \d+.*\n.*Nothing was imported"):
        call_command("import_wordpress", good, broken, "--language", "en")
    assert not Article.objects.exists()


def test_command_prints_the_report(tmp_path, capsys):
    path = write(tmp_path, "en.xml", export([post(1, "One", terms=[NEWS])]))
    call_command("import_wordpress", path, "--language", "en", "--dry-run")
    out = capsys.readouterr().out
    assert "Dry run: nothing was written." in out and "Posts: 1 created" in out
    assert not Article.objects.exists()


def test_command_refuses_a_hostile_file_and_writes_nothing(tmp_path):
    good = write(tmp_path, "good.xml", export([post(1, "One", terms=[NEWS])]))
    bomb = export([post(2, "Two", terms=[NEWS])], header='<!DOCTYPE rss [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n')
    hostile = write(tmp_path, "bomb.xml", bomb.replace("<title>Example</title>", "<title>&b;</title>"))
    with pytest.raises(CommandError, match=r"bomb.xml: refused: the file declares XML entities.*\n.*Nothing was imported"):
        call_command("import_wordpress", good, hostile, "--language", "en")
    assert not Article.objects.exists()


def test_command_fails_only_when_no_post_could_be_imported(tmp_path, capsys):
    nothing = write(tmp_path, "fr.xml", export([post(1, "Bonjour", terms=[NEWS])], language="fr-FR"))
    with pytest.raises(CommandError, match="No post could be imported"):
        call_command("import_wordpress", nothing)
    assert "a language that is not an edition of this site: 1" in capsys.readouterr().out
    some = write(tmp_path, "mixed.xml", export([post(2, "Hello", terms=[NEWS]), post(3, "Binned", status="trash")]))
    call_command("import_wordpress", some, "--language", "en")  # one imported, one skipped: no error
    assert list(Article.objects.values_list("title", flat=True)) == ["Hello"]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_command_shows_plain_progress_lines_in_a_log(tmp_path):
    path = write(tmp_path, "en.xml", export([post(n, f"Post {n}", terms=[NEWS]) for n in (1, 2, 3)]))
    out = io.StringIO()
    call_command("import_wordpress", path, "--language", "en", stdout=out)
    assert out.getvalue().startswith("3/3 items\nImport finished.")


def test_command_shows_a_progress_bar_on_a_terminal(tmp_path):
    path = write(tmp_path, "en.xml", export([post(n, f"Post {n}", terms=[NEWS]) for n in (1, 2, 3)]))
    out = Terminal()
    call_command("import_wordpress", path, "--language", "en", stdout=out)
    progress, report = out.getvalue().split("Import finished.")
    drawn = progress.split("\r")[-1]  # the bar is redrawn in place; its last state stays on screen
    assert "100%|" in drawn and "| 3/3 [" in drawn and "items/s]" in drawn
    assert "Posts: 3 created" in report


def test_embeds_are_reported_by_host(tmp_path):
    report = run(tmp_path, [
        post(1, "Video", terms=[NEWS], body="Watch:\n\nhttps://www.youtube.com/watch?v=1\n\n[embed]https://youtu.be/2[/embed]"),
        post(2, "Tweet", terms=[NEWS], body="<p>https://twitter.com/a/status/3</p>\n\n[embed]https://www.youtube.com/watch?v=4[/embed]"),
    ])
    assert report.embeds == {"youtube.com": 2, "youtu.be": 1, "twitter.com": 1}
    assert "Embeds turned into links, by host: twitter.com: 1, youtu.be: 1, youtube.com: 2" in report.lines()
    assert any("#1" in str(w) and "embedded players turned into links: youtu.be, youtube.com" in str(w) for w in report.warnings)
    video = Article.objects.get(title="Video")
    assert '<a href="https://youtu.be/2"' in video.body and "[embed" not in video.body and "<iframe" not in video.body


def test_a_report_adds_up_its_parts_field_by_field():
    from wordpress.report import Report

    whole, part = Report(), Report()
    whole.posts["created"], whole.addresses = 2, 4
    part.posts["created"], part.embeds["youtube.com"], part.addresses = 1, 3, 2
    part.pages_left.append([20, "About us", "https://en.example.org/about-us/"])
    part.warn("en.example.org", 7, "Seven", "note")
    whole.add(part)
    assert whole.posts == {"created": 3} and whole.embeds == {"youtube.com": 3} and whole.addresses == 6
    assert whole.pages_left == [[20, "About us", "https://en.example.org/about-us/"]] and len(whole.warnings) == 1


def test_nothing_is_downloaded(tmp_path, monkeypatch):
    import socket

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("the import must not open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    (tmp_path / "uploads").mkdir()
    path = write(tmp_path, "en.xml", export([
        post(1, "Remote things", terms=[NEWS], meta={"_thumbnail_id": "9"},
             body='<img src="https://en.example.org/wp-content/uploads/a.jpg">\n\nhttps://www.youtube.com/watch?v=1\n\n'
                  '[embed]https://twitter.com/a/status/2[/embed]\n\n<iframe src="https://evil.example/"></iframe>'),
        post(9, "photo", post_type="attachment", status="inherit", meta={"_wp_attached_file": "2024/05/a.jpg"}),
    ]))
    report = services.import_files(paths=[path], language="en", uploads=str(tmp_path / "uploads"))
    article = Article.objects.get()
    assert attempts == [] and report.images == {"file missing": 1} and not article.image
    assert "<iframe" not in article.body and "<img" not in article.body


def test_a_classic_editor_body_is_stored_as_wordpress_showed_it(tmp_path):
    report = run(tmp_path, [post(
        5, "Talks", terms=[NEWS],
        body=(
            "<h2>Background</h2>\nThe talks began in May.\nThey failed in June [sic].\n"
            "Key points:\n<ul>\n\t<li>one</li>\n\t<li>two</li>\n</ul>\n[UPDATE 3 pm] More text.\n\n"
            '[gallery ids="1,2"]\n\n<blockquote>We stayed.\n\nWe left.</blockquote>'
        ),
    )])
    assert Article.objects.get().body == (
        "<h2>Background</h2>\n<p>The talks began in May.<br>\nThey failed in June [sic].<br>\nKey points:</p>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>[UPDATE 3 pm] More text.</p>\n"
        "<blockquote><p>We stayed.</p>\n<p>We left.</p></blockquote>"
    )
    assert [str(warning) for warning in report.warnings if "shortcodes" in str(warning)] == [
        "en.example.org #5 'Talks': shortcodes removed: gallery"
    ]
