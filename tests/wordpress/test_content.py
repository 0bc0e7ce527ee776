"""Bodies as WordPress displays them: block comments gone, captions as figures, shortcodes out, paragraphs made."""

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
