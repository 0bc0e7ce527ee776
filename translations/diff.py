"""A readable diff of what changed in a source article since its translation was in step.

Translators read text, not markup: bodies are reduced to plain paragraphs
(tags stripped, entities decoded), paragraphs are compared as lines, and a
changed paragraph is shown word by word with ``<del>``/``<ins>``. Runs of
unchanged paragraphs are folded into a count. All text is HTML-escaped.

The word diff itself is generic and lives in ``articles.textdiff`` (the
revision history and edit conflicts use it too); this module adds the
translation's snapshot of its source.
"""

from articles.textdiff import DiffBlock, FieldDiff, paragraph_diff, plain_paragraphs, text_changes, word_diff

from .models import TRACKED_FIELDS

# Re-exported: this app's callers and tests name them here.
__all__ = ["DiffBlock", "FieldDiff", "paragraph_diff", "plain_paragraphs", "source_changes", "text_changes", "word_diff"]


def source_changes(record) -> list[FieldDiff]:
    """What changed in *record*'s source since the snapshot, field by field (changed fields only)."""
    then = {field: getattr(record, f"source_{field}") for field in TRACKED_FIELDS}
    now = {field: getattr(record.source, field) for field in TRACKED_FIELDS}
    return text_changes(then, now, TRACKED_FIELDS)
