"""A readable, word-level diff of two article texts, for people who read text rather than markup.

Bodies are reduced to plain paragraphs (tags stripped, entities decoded),
paragraphs are compared as lines, and a changed paragraph is shown word by
word with ``<del>``/``<ins>``. Runs of unchanged paragraphs are folded into a
count. All text is HTML-escaped.

Used by the revision history (compare two revisions), the edit-conflict
message (their change against yours) and, in the translations app, what
changed in a source since its translation was in step.
"""

import difflib
import html
import re
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

# Closing a block element (or a line break) ends a paragraph of plain text.
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|div|figcaption|pre|tr)\s*>|<br\s*/?>", re.IGNORECASE)
WHITESPACE = re.compile(r"\s+")
TOKEN = re.compile(r"\s+|[^\s]+")


def plain_paragraphs(text: str, *, markup: bool = True) -> list[str]:
    """The non-empty paragraphs of *text* as plain text, whitespace collapsed.

    With ``markup`` the text is HTML (a body); otherwise it is already plain
    (a title or summary) and a "<" in it is just a character.
    """
    if markup:
        # In HTML a line break is just a space; only block ends separate paragraphs.
        text = html.unescape(strip_tags(BLOCK_END.sub("\n", WHITESPACE.sub(" ", text or ""))))
    lines = (" ".join(line.split()) for line in (text or "").splitlines())
    return [line for line in lines if line]


def word_diff(old: str, new: str) -> str:
    """One paragraph changed into another, word by word, as escaped HTML."""
    before, after = TOKEN.findall(old), TOKEN.findall(new)
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        removed, added = escape("".join(before[i1:i2])), escape("".join(after[j1:j2]))
        if tag == "equal":
            parts.append(removed)
            continue
        if removed:
            parts.append(f"<del>{removed}</del>")
        if added:
            parts.append(f"<ins>{added}</ins>")
    return "".join(parts)


@dataclass(frozen=True)
class DiffBlock:
    """A piece of a field's diff: changed paragraphs, or a count of unchanged ones."""

    html: SafeString = mark_safe("")
    unchanged: int = 0


def paragraph_diff(old: str, new: str, *, markup: bool = True) -> list[DiffBlock]:
    """Compare two texts paragraph by paragraph."""
    before, after = plain_paragraphs(old, markup=markup), plain_paragraphs(new, markup=markup)
    blocks = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            blocks.append(DiffBlock(unchanged=i2 - i1))
        elif tag == "replace" and i2 - i1 == j2 - j1:
            blocks.extend(DiffBlock(html=mark_safe(word_diff(o, n))) for o, n in zip(before[i1:i2], after[j1:j2]))
        else:
            blocks.extend(DiffBlock(html=mark_safe(f"<del>{escape(p)}</del>")) for p in before[i1:i2])
            blocks.extend(DiffBlock(html=mark_safe(f"<ins>{escape(p)}</ins>")) for p in after[j1:j2])
    return blocks


@dataclass(frozen=True)
class FieldDiff:
    """The diff of one article field (``title``, ``summary`` or ``body``), with its label for display."""

    field: str
    blocks: list[DiffBlock]

    @property
    def label(self):
        from .models import Article  # the models import nothing from here; keep this module free of them

        return Article._meta.get_field(self.field).verbose_name

    @property
    def only_formatting(self):
        """The stored markup changed but the words did not (e.g. a paragraph made bold)."""
        return all(block.unchanged for block in self.blocks)


def text_changes(old: dict, new: dict, fields=("title", "summary", "body")) -> list[FieldDiff]:
    """What changed from *old* to *new* (field name → text), field by field (changed fields only)."""
    return [
        FieldDiff(field=name, blocks=paragraph_diff(old.get(name) or "", new.get(name) or "", markup=name == "body"))
        for name in fields
        if (old.get(name) or "") != (new.get(name) or "")
    ]
