"""Finding where the Nth paragraph of an article body ends, to put a banner after it."""

from html.parser import HTMLParser

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ParagraphEnds(HTMLParser):
    """Records the offset just past each top-level ``</p>`` (a ``<p>`` in a blockquote or list does not count)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]
        for index, char in enumerate(html):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.depth = 0
        self.ends = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_ELEMENTS:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        self.depth -= 1
        if tag == "p" and self.depth == 0:
            line, column = self.getpos()
            start = self.line_starts[line - 1] + column
            self.ends.append(self.html.index(">", start) + 1)


def split_after_paragraph(html, number):
    """``(before, after)`` around the end of top-level paragraph *number* (1-based), or ``None``.

    ``None`` when the body has fewer paragraphs: the caller then shows the
    banner at the end of the article instead. The body was sanitised on save,
    so its tags are balanced and a split between two top-level elements leaves
    both halves well formed.
    """
    if not html or number < 1:
        return None
    parser = _ParagraphEnds(html)
    parser.feed(html)
    parser.close()
    if len(parser.ends) < number:
        return None
    cut = parser.ends[number - 1]
    return html[:cut], html[cut:]
