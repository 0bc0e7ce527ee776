"""Bodies as WordPress displays them: block comments gone, captions as figures, shortcodes out, paragraphs made."""

import time

import pytest

from articles.sanitizer import sanitize_html
from wordpress import content


def test_block_editor_comments_are_removed():
    body = content.convert('<!-- wp:paragraph {"align":"left"} -->\n<p>Text</p>\n<!-- /wp:paragraph -->')
    assert body.html == "<p>Text</p>"


def test_line_breaks_become_paragraphs_as_wpautop_shows_them():
    body = content.convert("First line\nsame paragraph\n\nSecond paragraph\n\n<ul><li>kept</li></ul>")
    assert body.html == "<p>First line<br>\nsame paragraph</p>\n<p>Second paragraph</p>\n<ul><li>kept</li></ul>"


def test_caption_shortcode_becomes_a_figure_with_its_caption():
    body = content.convert('[caption id="attachment_7" width="300"]<img src="/a.jpg" alt="Market"> Aleppo market[/caption]')
    assert body.html == '<figure><img src="/a.jpg" alt="Market"><figcaption><p><em>Aleppo market</em></p></figcaption></figure>'
    # The articles' allow-list keeps no images in bodies: the caption survives as text, the image is reported.
    assert sanitize_html(body.html) == "<p><em>Aleppo market</em></p>"
    assert body.images_dropped == 1


def test_other_shortcodes_are_removed_and_named():
    body = content.convert('Before [gallery ids="1,2,3"] after [contact-form-7 id="9"/]')
    assert body.html == "<p>Before  after</p>"
    assert body.removed_shortcodes == ["contact-form-7", "gallery"]


def test_language_version_paragraph_is_taken_out_and_its_link_kept():
    body = content.convert(
        '<p>The story.</p>\n\n<p><a href="https://ar.example.org/?p=7">النسخة العربية من المقال</a></p>'
    )
    assert body.html == "<p>The story.</p>"
    assert body.language_links == ["https://ar.example.org/?p=7"]


def test_links_are_rewritten_and_escaped():
    html, changed = content.rewrite_links(
        '<p><a href="https://old.example/?p=1&amp;x=2">a</a> <a href="https://else.example/">b</a></p>',
        {"https://old.example/?p=1&x=2": "/en/articles/new/"}.get,
    )
    assert html == '<p><a href="/en/articles/new/">a</a> <a href="https://else.example/">b</a></p>'
    assert changed == 1


def test_embeds_become_plain_link_paragraphs_and_are_counted_by_host():
    body = content.convert(
        "Watch this:\nhttps://www.youtube.com/watch?v=abc&amp;t=5\nand then read on.\n\n"
        '[embed width="500"]https://twitter.com/newsroom/status/1[/embed]\n\n'
        "<p>https://vimeo.com/42</p>\n\n"
        "A link inside a sentence https://example.org/ stays text."
    )
    assert "[embed" not in body.html and "[/embed]" not in body.html
    assert body.embeds == ["twitter.com", "youtube.com", "vimeo.com"]
    clean = sanitize_html(body.html)
    assert '<p><a href="https://www.youtube.com/watch?v=abc&amp;t=5" rel="noopener noreferrer nofollow">' in clean
    assert '<a href="https://twitter.com/newsroom/status/1"' in clean and '<a href="https://vimeo.com/42"' in clean
    assert "<p>Watch this:</p>" in clean and "<p>and then read on.</p>" in clean
    assert "inside a sentence https://example.org/ stays text." in clean  # not alone on its line: no embed
    assert "<iframe" not in clean and "<script" not in clean


def test_block_editor_embeds_become_links_and_their_player_markup_goes():
    body = content.convert(
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc","type":"video"} -->\n'
        '<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=abc\n</div></figure>\n<!-- /wp:embed -->"
    )
    assert body.embeds == ["youtube.com"]
    clean = sanitize_html(body.html).strip()
    assert clean == (
        '<p><a href="https://www.youtube.com/watch?v=abc" rel="noopener noreferrer nofollow">'
        "https://www.youtube.com/watch?v=abc</a></p>"
    )


def test_an_unclosed_embed_still_becomes_a_link():
    body = content.convert("[embed]https://www.youtube.com/watch?v=abc\n\nText")
    assert "[embed" not in body.html and body.embeds == ["youtube.com"] and body.removed_shortcodes == ["embed"]
    assert '<p><a href="https://www.youtube.com/watch?v=abc">' in body.html


def test_an_embed_of_anything_but_a_web_address_is_dropped():
    body = content.convert('[embed]javascript:alert(1)[/embed]\n\n[embed]<script>x()</script>[/embed]Text')
    assert "javascript" not in body.html and "script" not in body.html
    assert body.embeds == [] and body.removed_shortcodes == ["embed"]


def test_text_before_and_after_a_list_becomes_paragraphs_around_it():
    body = content.convert("Key points:\n<ul>\n\t<li>one</li>\n\t<li>two</li>\n</ul>\nMore text.")
    assert body.html == "<p>Key points:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>More text.</p>"


def test_lines_after_a_heading_make_a_paragraph_with_its_line_break():
    body = content.convert("<h2>Background</h2>\nThe talks began in May.\nThey failed in June.")
    assert body.html == "<h2>Background</h2>\n<p>The talks began in May.<br>\nThey failed in June.</p>"


def test_paragraphs_are_not_made_inside_preformatted_text():
    assert content.autop("Output:\n<pre>line one\n\n  indented\n</pre>\nDone.") == (
        "<p>Output:</p>\n<pre>line one\n\n  indented\n</pre>\n<p>Done.</p>")


def test_preformatted_text_keeps_its_lines_as_paragraphs_and_line_breaks():
    # The allow-list keeps no <pre>: without this a statement or a poem would run together into one line.
    body = content.convert("Statement:\n<pre class=\"x\">First line\n  second line\n\nNew stanza</pre>\nDone.")
    assert sanitize_html(body.html) == (
        "<p>Statement:</p>\n\n<p>First line<br>\nsecond line</p>\n\n<p>New stanza</p>\n\n<p>Done.</p>")


def test_a_line_break_written_in_preformatted_text_stays_one_break():
    # The classic editor keeps <br /> and the line's newline both: one break, as WordPress shows it.
    body = content.convert("<pre>First line<br />\nsecond line</pre>")
    assert sanitize_html(body.html) == "<p>First line<br>\nsecond line</p>"


def test_a_block_editor_image_caption_stays_a_paragraph_of_its_own():
    body = content.convert(
        '<!-- wp:image {"id":3} -->\n<figure class="wp-block-image"><img src="a.jpg" alt=""/>'
        '<figcaption class="wp-element-caption">Aleppo, 2012</figcaption></figure>\n<!-- /wp:image -->\n\nThe story.'
    )
    assert sanitize_html(body.html) == "<p><em>Aleppo, 2012</em></p>\n<p>The story.</p>"


def test_a_quotation_gets_its_paragraphs():
    body = content.convert("He wrote:\n<blockquote>We stayed.\n\nWe left in June.\n— A. Saleh</blockquote>")
    assert body.html == "<p>He wrote:</p>\n<blockquote><p>We stayed.</p>\n<p>We left in June.<br>\n— A. Saleh</p></blockquote>"


def test_a_line_starting_with_bold_text_or_a_link_stays_in_its_paragraph():
    body = content.convert(
        '<h2>Roads</h2>\n<strong>Update:</strong> the road reopened.\n<a href="https://x.org/">Map</a> of the area.'
    )
    assert body.html == (
        '<h2>Roads</h2>\n<p><strong>Update:</strong> the road reopened.<br>\n<a href="https://x.org/">Map</a> of the area.</p>'
    )


def test_bold_text_across_a_blank_line_is_bold_in_both_paragraphs():
    body = content.convert("Intro <strong>bold\n\nstill bold</strong> end")
    assert body.html == "<p>Intro <strong>bold</strong></p>\n<p><strong>still bold</strong> end</p>"


def test_bracketed_newsroom_text_is_no_shortcode_and_stays():
    body = content.convert(
        'He said the minister "have went [sic] home".\n\n[UPDATE 3 pm] The ministry responded [Updated].\n\n'
        "Prices rose [see chart] sharply."
    )
    assert body.html == (
        '<p>He said the minister "have went [sic] home".</p>\n'
        "<p>[UPDATE 3 pm] The ministry responded [Updated].</p>\n<p>Prices rose [see chart] sharply.</p>"
    )
    assert body.removed_shortcodes == []


def test_known_shortcodes_those_with_attributes_and_closed_ones_are_removed():
    body = content.convert('Form [sic]: [contact-form-7 id="5"] [gallery ids="1,2"] [poll id=3] [foo]kept text[/foo] [video]')
    assert body.html == "<p>Form [sic]:    kept text</p>"
    assert body.removed_shortcodes == ["contact-form-7", "foo", "gallery", "poll", "video"]


@pytest.mark.parametrize("hostile", ["[caption]", '[caption id="1"]<img src="a.jpg">', "<p>", "<!-- wp:x ", "<a "])
def test_a_body_of_unclosed_tags_converts_as_fast_as_a_normal_one(hostile):
    size = 200_000
    paragraph = 'The minister said on <strong>Tuesday</strong> that <a href="https://x.org/">talks</a> resume.\nMore.\n\n'
    normal = (paragraph * (size // len(paragraph) + 1))[:size]
    started = time.perf_counter()
    content.convert(normal)
    normal_time = time.perf_counter() - started
    started = time.perf_counter()
    content.convert((hostile * (size // len(hostile) + 1))[:size])
    # Quadratic patterns took tens of seconds here (a scan to the end from each unclosed opening).
    assert time.perf_counter() - started < 20 * normal_time


@pytest.mark.parametrize("paragraph", [
    '<p><a href="https://ar.example.org/?p=7">اقرأ هذا المقال بالإنجليزية</a></p>',
    '<p><a href="https://ar.example.org/?p=7">للنسخة الإنجليزية</a></p>',
    '<p>Read in Arabic: <a href="https://ar.example.org/?p=7">here</a></p>',
    '<p><a href="https://ar.example.org/?p=7">Read it in Arabic</a></p>',
    '<p><a href="https://ar.example.org/?p=7">English</a></p>',
    '<p>» <a href="https://ar.example.org/?p=7">عربي</a></p>',
    '<p><a href="https://ar.example.org/?p=7">بالعربية</a></p>',
])
def test_more_phrasings_of_the_link_to_the_other_language_are_recognised(paragraph):
    # A language named in the story's own sentences, or beside a link to something else, is no such link.
    story = (
        '<p>She answered in <a href="https://x.org/">English</a>, then in Arabic.</p>\n'
        '<p>English: <a href="https://x.org/report">the full report</a></p>'
    )
    body = content.convert(story + "\n\n" + paragraph)
    assert body.html == story
    assert body.language_links == ["https://ar.example.org/?p=7"]
