"""Splitting an article body after its Nth top-level paragraph."""

from newsroom.banners.paragraphs import split_after_paragraph


def test_splits_after_the_nth_top_level_paragraph():
    body = "<p>One <strong>bold</strong>.</p><h2>Title</h2><p>Two<br>lines</p>\n<p>Three</p>"
    before, after = split_after_paragraph(body, 2)
    assert before == "<p>One <strong>bold</strong>.</p><h2>Title</h2><p>Two<br>lines</p>"
    assert after == "\n<p>Three</p>"


def test_paragraphs_inside_quotes_and_lists_do_not_count():
    body = "<p>One</p><blockquote><p>Q1</p><p>Q2</p></blockquote><ul><li><p>L</p></li></ul><p>Two</p><p>Three</p>"
    before, after = split_after_paragraph(body, 2)
    assert before.endswith("<p>Two</p>") and after == "<p>Three</p>"


def test_too_few_paragraphs_or_no_body_gives_none():
    assert split_after_paragraph("<p>Only one</p>", 2) is None
    assert split_after_paragraph("", 1) is None
    assert split_after_paragraph("<p>x</p>", 0) is None


def test_entities_and_multiline_markup_keep_their_offsets():
    body = "<p>a &amp; b</p>\n<p lang=\"en\"\n dir=\"ltr\">c</p>\n<p>d</p>"
    before, after = split_after_paragraph(body, 2)
    assert before + after == body and before.endswith('dir="ltr">c</p>')
