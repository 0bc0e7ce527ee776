"""The translator's page: a source beside its translation, paragraph by paragraph where the structure allows.

A body is cut into its top-level blocks (paragraphs, headings, quotes,
lists, figures). When the translation has the same blocks, in the same order,
as its source (always true of a fresh copy), each block becomes a row: the
source's block to read on one side, the translation's to edit on the other,
as the HTML inside the block (the block's own tag stays as it is). When they
differ (a translator merged two paragraphs, say), the body is edited whole,
beside the whole source. Either way the result is cleaned by the article's
sanitiser when it is saved, like every other body.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles import editions
from articles.models import Article

#: Elements that never have content or an end tag.
VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@dataclass(frozen=True)
class Block:
    """One top-level element of a body: ``<tag attrs>inner</tag>`` (``inner`` is raw HTML)."""

    tag: str
    start: str
    inner: str

    @property
    def html(self) -> str:
        return self.start if self.tag in VOID else f"{self.start}{self.inner}</{self.tag}>"


class _BlockSplitter(HTMLParser):
    """Cuts HTML at its top level; notes any text that lies outside every element."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.blocks, self.depth, self.loose_text = [], 0, False
        self._tag, self._start, self._inner_from = None, "", 0

    def _offset(self):
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def feed_all(self, text):
        self._text = text
        self._line_starts = [0]
        for index, character in enumerate(text):
            if character == "\n":
                self._line_starts.append(index + 1)
        self.feed(text)
        self.close()
        return self

    def handle_starttag(self, tag, attrs):
        raw = self.get_starttag_text()
        if self.depth == 0:
            if tag in VOID:
                self.blocks.append(Block(tag, raw, ""))
                return
            self._tag, self._start, self._inner_from = tag, raw, self._offset() + len(raw)
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self.depth -= 1
        if self.depth == 0 and self._tag is not None:
            self.blocks.append(Block(self._tag, self._start, self._text[self._inner_from : self._offset()]))
            self._tag = None

    def handle_data(self, data):
        if self.depth == 0 and data.strip():
            self.loose_text = True


def split_blocks(body: str) -> list[Block] | None:
    """The top-level blocks of *body*, or None when it cannot be cut cleanly (loose text, unclosed tags)."""
    splitter = _BlockSplitter().feed_all(body or "")
    if splitter.loose_text or splitter.depth != 0:
        return None
    return splitter.blocks


def aligned_blocks(source_body: str, translation_body: str) -> list[tuple[Block, Block]] | None:
    """Pairs of (source block, translation block) when both bodies have the same blocks in the same order."""
    source, translation = split_blocks(source_body), split_blocks(translation_body)
    if not source or source is None or translation is None or len(source) != len(translation):
        return None
    if any(left.tag != right.tag for left, right in zip(source, translation, strict=True)):
        return None
    return list(zip(source, translation, strict=True))


class SideBySideForm(forms.Form):
    """The translation's words: title, summary, the image's description, and the body whole or block by block.

    ``seen`` carries the ``edit_version`` the page was read at, so a save made
    by someone else since is refused instead of overwritten.
    """

    title = forms.CharField(label=_("title"), max_length=Article._meta.get_field("title").max_length)
    summary = forms.CharField(label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    image_alt = forms.CharField(
        label=_("image description (alt text)"),
        required=False,
        max_length=Article._meta.get_field("image_alt").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, translation: Article, source: Article, **kwargs):
        super().__init__(*args, **kwargs)
        self.translation = translation
        if not translation.image:  # no picture, nothing to describe
            del self.fields["image_alt"]
        self.pairs = aligned_blocks(source.body, translation.body)
        attributes = {"dir": editions.direction(translation.language), "lang": translation.language}
        if self.pairs:
            for index, (_source_block, block) in enumerate(self.pairs):
                self.fields[f"block_{index}"] = forms.CharField(
                    label=_("Paragraph %(number)s") % {"number": index + 1},
                    required=False,
                    initial=block.inner if block.tag not in VOID else "",
                    widget=forms.Textarea(attrs={"rows": 3}),
                    disabled=block.tag in VOID,
                )
        else:
            self.fields["body"] = forms.CharField(
                label=_("body"), required=False, initial=translation.body, widget=forms.Textarea(attrs={"rows": 20})
            )
        for name, field in self.fields.items():
            if name != "seen":
                field.widget.attrs.update(attributes)

    def rows(self):
        """(source block as HTML, the translation's bound field) for each paragraph, in order."""
        # The source body was sanitised when it was saved, like every body shown to readers.
        return [(mark_safe(source_block.html), self[f"block_{index}"]) for index, (source_block, _block) in enumerate(self.pairs)]

    def body(self) -> str:
        """The translation's body as edited: the blocks put back in their own tags, or the whole body."""
        if not self.pairs:
            return self.cleaned_data["body"]
        parts = []
        for index, (_source_block, block) in enumerate(self.pairs):
            if block.tag in VOID:
                parts.append(block.html)
            else:
                parts.append(f"{block.start}{self.cleaned_data[f'block_{index}']}</{block.tag}>")
        return "".join(parts)
