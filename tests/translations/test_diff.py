"""The diff a translator reads: plain text, escaped, changed words marked, unchanged paragraphs folded."""

import pytest

from tests.factories import ArticleFactory
from translations import services
from translations.diff import paragraph_diff, plain_paragraphs, source_changes

pytestmark = pytest.mark.django_db


def test_plain_paragraphs_strip_markup_and_decode_entities():
    assert plain_paragraphs("<p>Prices <strong>rose</strong> &amp; fell.</p><p>  Second\n line </p>") == [
        "Prices rose & fell.",
        "Second line",
    ]


def test_plain_text_keeps_angle_brackets():
    assert plain_paragraphs("Inflation <5% in Idlib", markup=False) == ["Inflation <5% in Idlib"]


def test_changed_words_are_marked_and_the_rest_kept():
    [block] = paragraph_diff("<p>Bread costs 500 pounds.</p>", "<p>Bread costs 700 pounds.</p>")
    assert block.html == "Bread costs <del>500</del><ins>700</ins> pounds."


def test_unchanged_paragraphs_are_folded_and_new_ones_inserted():
    old = "<p>One.</p><p>Two.</p><p>Three.</p>"
    new = "<p>One.</p><p>Two.</p><p>Three.</p><p>Four.</p>"
    blocks = paragraph_diff(old, new)
    assert blocks[0].unchanged == 3
    assert blocks[1].html == "<ins>Four.</ins>"


def test_diff_escapes_text_that_looks_like_markup():
    [block] = paragraph_diff("<p>Safe.</p>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert "<script>" not in block.html
    assert "&lt;script&gt;" in block.html


def test_source_changes_lists_only_the_fields_that_changed(editor):
    english = ArticleFactory(title="Old title", body="<p>Same body.</p>")
    arabic = ArticleFactory(arabic=True)
    services.link_translation(article=english, counterpart=arabic, by=editor)
    english.title = "New title"
    english.body = "<p><em>Same</em> body.</p>"
    english.save()
    changes = source_changes(arabic.translation_source)
    assert [change.field for change in changes] == ["title", "body"]
    assert changes[0].blocks[0].html == "<del>Old</del><ins>New</ins> title"
    assert changes[1].only_formatting
