"""Turning a WordPress post body into the rich text an article stores.

WordPress keeps bodies as the editor typed them and formats them when it
displays them; this does that formatting once, on import: block-editor
comments go, ``[caption]`` becomes a figure with its caption, an embedded
player (``[embed]URL[/embed]``, or a URL alone on its line, which WordPress
turns into a YouTube or Twitter player) becomes a plain link paragraph, since
nothing is fetched from or run for a third party here; other shortcodes
are removed (and named, for the report), while bracketed text that is no
shortcode (``[sic]``, ``[UPDATE 3 pm]``) stays as WordPress shows it; line
breaks become paragraphs the way ``wpautop`` shows them, and the paragraph
pointing readers to the other language's version is taken out (the site shows
its own link). What is left goes through the articles' sanitiser when the
article is saved, like anything an editor writes.

Bodies come from outside, so every pattern here is written to cost one pass
over a body, however it is malformed: nothing scans to the end of the body
from each of many unclosed openings.
"""

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

#: The start of a block-editor comment; its end is looked for with ``str.find``.
BLOCK_COMMENT_START = re.compile(r"<!--\s*/?wp:")
#: ``[caption …]`` or ``[/caption]``; openings are paired with the next closing in one pass.
CAPTION_TAG = re.compile(r"\[(/?)caption\b([^\[\]]*)\]", re.I)
#: Anything shaped like a shortcode tag: ``[gallery ids="1,2"]``, ``[/embed]``, but also ``[sic]``, ``[UPDATE 3 pm]``.
SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:[\s/][^\[\]]*)?)\]")
#: What follows a shortcode's name when it has attributes: `` key="v" key2=v2`` (or only a self-closing ``/``).
SHORTCODE_ATTRIBUTES = re.compile(r"""(?:\s+[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=/]+))+\s*/?\s*|\s*/\s*""")
#: WordPress core's shortcodes, and the few plugins' ones most found in news sites' archives.
KNOWN_SHORTCODES = frozenset({
    "audio", "caption", "embed", "gallery", "playlist", "video", "wp_caption",
    "contact-form", "contact-form-7", "gravityform", "gravityforms", "wpforms", "ninja_form", "mc4wp_form",
})
#: Page builders (WPBakery, Divi) whose own shortcodes wrap every block of a body they made.
KNOWN_SHORTCODE_PREFIXES = ("vc_", "et_pb_")
#: ``[embed …]URL[/embed]``; the URL holds no ``[``, so an unclosed one costs one scan to the next bracket, not the body.
EMBED = re.compile(r"\[embed\b[^\[\]]*\]([^\[]*)\[/embed\]", re.I)
#: A URL alone on its line, or alone in a paragraph: what WordPress's ``autoembed`` turns into a player.
BARE_URL_LINE = re.compile(r"""^[ \t]*(?:<p(?:\s[^<>]*)?>\s*)?(https?://[^\s<>"']+)(?:\s*</p>)?[ \t]*$""", re.M | re.I)
# Tags are matched without crossing a "<", so a "<" that opens no tag costs a scan to the next one, not to the end.
IMG = re.compile(r"<img\b[^<>]*>", re.I)
HREF = re.compile(r"""<a\b[^<>]*?\bhref\s*=\s*(["'])(.*?)\1""", re.I | re.S)
#: A ``<p …>`` or ``</p>`` tag: paragraphs are found by pairing these in one pass.
PARAGRAPH_TAG = re.compile(r"<(/?)p(?=[\s/>])[^<>]*>", re.I)
TAG = re.compile(r"<[^<>]+>")
# The patterns below are compiled once here: a conversion runs each of them for every post of an archive.
CAPTION_ATTRIBUTE = re.compile(r'caption\s*=\s*"([^"]*)"')
EMPTY_LINK = re.compile(r"<a\b[^<>]*>\s*</a>")
WHOLE_URL = re.compile(r"https?://\S+", re.I)
LINK_ELEMENT = re.compile(r"<a\b[^<>]*>(.*?)</a>", re.S | re.I)
LINK_ONLY = re.compile(r"\s*<a\b[^<>]*>.*?</a>\s*", re.S | re.I)

# --- What ``autop`` needs to know about tags.
#: A tag or the start of a comment; a name must end where a tag name ends, so ``<a`` + 100 KB of letters fails fast.
MARKUP = re.compile(r"<(?:(!--)|(/?)([A-Za-z][\w:-]*)(?=[\s/>])[^<>]*>)")
#: Elements that are blocks: each stands on its own line and is never put inside a ``<p>``.
BLOCKS = frozenset(
    "address article aside blockquote caption col colgroup dd details dl div dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu nav ol p pre script section style summary table "
    "tbody td tfoot th thead tr ul".split()
)
#: Blocks whose content is kept exactly as written (WordPress leaves ``<pre>`` alone; scripts and styles go later).
RAW_BLOCKS = frozenset({"pre", "script", "style"})
VOID_BLOCKS = frozenset({"hr", "col"})
VOID_INLINE = frozenset({"br", "img", "wbr", "input", "embed", "source", "area", "meta", "link", "param", "track"})
#: Blocks that hold text but no paragraphs: a blank line in them is a line break (a new paragraph in a ``<p>``).
TEXT_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "caption", "legend", "summary"})
#: Blocks whose text is bare when it is one paragraph (a list item), and in paragraphs when it is several.
MIXED_BLOCKS = frozenset({"li", "dd"})
#: Where HTML closes an open element when another starts: a ``<li>`` ends the ``<li>`` before it.
#: How many inline elements open across a blank line are closed before it and reopened after it.
MAX_REOPENED = 8
CLOSED_BY = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "td": {"td", "th"}, "th": {"td", "th"}}
BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n\s*")
LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
BREAK_AFTER_BREAK = re.compile(r"(<br\b[^<>]*>)<br>\n", re.I)
EMPTY_PARAGRAPH = re.compile(r"<p\b[^<>]*>\s*</p>\n?", re.I)
#: ``<pre …>`` or ``</pre>``, group 1 the ``/`` of a closing tag (``_replace_pairs``).
PRE_TAG = re.compile(r"<(/?)pre(?=[\s/>])[^<>]*>", re.I)


def _raw_end(text, name, start):
    """Where the ``</name>`` closing a raw block that opens before *start* ends, or -1."""
    closing = re.compile(rf"</{name}\s*>", re.I).search(text, start)
    return closing.end() if closing else -1


def _markup(text):
    """The body as ``(kind, text, name, closing)`` tokens: ``text``, ``inline`` tags and comments, ``block`` tags, ``raw`` blocks.

    An opening whose end is missing (a comment, a ``<pre>``) is read as text, and
    the search for that end is not repeated: there is none further on either.
    """
    pos = 0
    unclosed = set()  # "--" for comments, or a raw block's name: their ends are known to be missing from here on
    while (match := MARKUP.search(text, pos)) is not None:
        if match.start() > pos:
            yield "text", text[pos : match.start()], None, False
        if match.group(1):
            end = -1 if "--" in unclosed else text.find("-->", match.end())
            if end == -1:
                unclosed.add("--")
                yield "text", match.group(0), None, False
                pos = match.end()
            else:
                yield "inline", text[match.start() : end + 3], None, False
                pos = end + 3
            continue
        closing, name = bool(match.group(2)), match.group(3).lower()
        pos = match.end()
        if name in RAW_BLOCKS and not closing and name not in unclosed:
            end = _raw_end(text, name, pos)
            if end != -1:
                yield "raw", text[match.start() : end], name, False
                pos = end
                continue
            unclosed.add(name)
        yield ("block" if name in BLOCKS else "inline"), match.group(0), name, closing
    if pos < len(text):
        yield "text", text[pos:], None, False


def _pieces(run):
    """The run's paragraphs, split at its blank lines; an inline element open across a split is closed and reopened."""
    pieces, current, open_inline = [], [], []
    for kind, token, name, closing in run:
        if kind != "text":
            current.append((kind, token))
            if name and name not in VOID_INLINE and not token.endswith("/>"):
                if not closing:
                    # Only the innermost few are carried over a split: deeper nesting is broken markup, and
                    # reopening all of a body's thousand unclosed <strong> in each paragraph would cost its square.
                    open_inline = [*open_inline[-MAX_REOPENED + 1 :], (token, name)]
                elif any(open_name == name for _tag, open_name in open_inline):
                    index = max(i for i, (_tag, open_name) in enumerate(open_inline) if open_name == name)
                    del open_inline[index:]
            continue
        first, *rest = BLANK_LINE.split(token)
        current.append(("text", first))
        for part in rest:
            current.extend(("inline", f"</{open_name}>") for _tag, open_name in reversed(open_inline))
            pieces.append(current)
            current = [("inline", tag) for tag, _name in open_inline] + [("text", part)]
    pieces.append(current)
    return [piece for piece in map(_piece_html, pieces) if piece]


def _piece_html(tokens):
    """One paragraph's HTML, trimmed; its single line breaks become ``<br>`` when it holds text (not in tags)."""
    if tokens and tokens[0][0] == "text":
        tokens[0] = ("text", tokens[0][1].lstrip())
    if tokens and tokens[-1][0] == "text":
        tokens[-1] = ("text", tokens[-1][1].rstrip())
    has_text = any(kind == "text" and token.strip() for kind, token in tokens)
    if not has_text:
        return "".join(token for _kind, token in tokens).strip()
    joined = "".join(LINE_BREAK.sub("<br>\n", token) if kind == "text" else token for kind, token in tokens)
    return BREAK_AFTER_BREAK.sub(r"\1\n", joined)


def _has_text(piece_html):
    return bool(TAG.sub("", piece_html).strip())


def _run_html(run, container):
    """A run of text and inline tags between two block tags, as it shows inside *container* (``None``: the body)."""
    whole = "".join(token for _kind, token, _name, _closing in run)
    if not whole.strip():
        return "\n" if "\n" in whole else ""
    lead = "\n" if "\n" in whole[: len(whole) - len(whole.lstrip())] else ""
    trail = "\n" if "\n" in whole[len(whole.rstrip()) :] else ""
    pieces = _pieces(run)
    if container in TEXT_BLOCKS:
        body = ("</p>\n<p>" if container == "p" else "<br>\n").join(pieces)
    else:
        wrap = container not in MIXED_BLOCKS or len(pieces) > 1
        # A figure's caption reads as one where the figure is not kept: in its own emphasised paragraph.
        template = "<p><em>{}</em></p>" if container == "figcaption" else "<p>{}</p>"
        body = "\n".join(template.format(piece) if wrap and _has_text(piece) else piece for piece in pieces)
    return lead + body + trail


def autop(text):
    """WordPress's ``wpautop``, in our own words: paragraphs and line breaks as WordPress shows them.

    Block tags (lists, headings, quotes, figures, tables, ``<p>`` itself) stand
    on their own lines and are never wrapped; ``<pre>`` is kept exactly as
    written. The text between them is split into paragraphs at blank lines and
    each paragraph with text is wrapped in ``<p>`` (but not where it already
    sits in one, in a heading or in a one-paragraph list item); a single line
    break inside a paragraph becomes ``<br>``. Text left loose in a ``<div>``,
    a table cell or a figure's caption is put in paragraphs too, since the
    articles' sanitiser keeps none of those and would leave it bare.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out, run, open_blocks = [], [], []
    for token in _markup(text):
        kind, markup, name, closing = token
        if kind in ("text", "inline"):
            run.append(token)
            continue
        if run:
            out.append(_run_html(run, open_blocks[-1] if open_blocks else None))
            run = []
        if closing:
            if name not in open_blocks:
                continue  # a stray closing tag: a browser ignores it, or (``</p>``) makes an empty paragraph of it
            while open_blocks.pop() != name:
                pass
            out.append(markup)
            continue
        # A new block ends an open paragraph (and a list item ends the one before it), as in HTML.
        if open_blocks and (open_blocks[-1] == "p" or open_blocks[-1] in CLOSED_BY.get(name, ())):
            ended = f"</{open_blocks.pop()}>"
            # Before the line break that ends the run, so the closing tag ends its line.
            out[-1:] = [out[-1][:-1], ended, "\n"] if out and out[-1].endswith("\n") else [*out[-1:], ended]
        out.append(markup)
        if kind == "block" and name not in VOID_BLOCKS and not markup.endswith("/>"):
            open_blocks.append(name)
    if run:
        out.append(_run_html(run, open_blocks[-1] if open_blocks else None))
    return EMPTY_PARAGRAPH.sub("", "".join(out)).strip()


@dataclass
class Body:
    """A converted body and what the conversion found on the way."""

    html: str
    removed_shortcodes: list = field(default_factory=list)
    links: list = field(default_factory=list)
    language_links: list = field(default_factory=list)
    images_dropped: int = 0
    embeds: list = field(default_factory=list)  # hosts of the embedded players turned into links


def _remove_block_comments(text):
    """Every ``<!-- wp:… -->`` out; once one has no end, none further on has one either, so the search stops."""
    out, pos = [], 0
    while (start := BLOCK_COMMENT_START.search(text, pos)) is not None:
        end = text.find("-->", start.end())
        if end == -1:
            break
        out.append(text[pos : start.start()])
        pos = end + 3
    out.append(text[pos:])
    return "".join(out)


def _caption(attributes, inner):
    """``[caption id=".." width=".."]<img ...> The caption[/caption]`` -> a figure with its caption."""
    images = IMG.findall(inner)
    attribute = CAPTION_ATTRIBUTE.search(attributes)
    caption_text = attribute.group(1) if attribute else IMG.sub("", EMPTY_LINK.sub("", inner)).strip()
    caption_text = TAG.sub("", caption_text).strip()
    figure = "".join(images)
    # The caption in its own emphasised paragraph: it still reads as a caption where a body keeps no figures.
    caption_html = f"<p><em>{caption_text}</em></p>" if caption_text else ""
    return f"\n\n<figure>{figure}<figcaption>{caption_html}</figcaption></figure>\n\n"


def _captions_to_figures(text):
    """Each ``[caption]`` followed by a ``[/caption]`` -> a figure; an unclosed one is left for the shortcode pass."""
    return _replace_pairs(text, CAPTION_TAG, lambda opening, closing: _caption(
        opening.group(2), text[opening.end() : closing.start()]))


def _replace_pairs(text, tags, replace):
    """*text* with each opening tag and the closing tag after it replaced by ``replace(opening, closing)``.

    *tags* matches both, group 1 being the ``/`` of a closing one. An opening
    tag followed by another before any closing one pairs with nothing (HTML
    ends a ``<p>`` there): pairing the tags in order is one pass over the
    text, whatever is left unclosed, where one pattern spanning both tags
    backtracks over the whole body.
    """
    out, pos, opening = [], 0, None
    for tag in tags.finditer(text):
        if not tag.group(1):
            opening = tag
        elif opening is not None:
            out.append(text[pos : opening.start()])
            out.append(replace(opening, tag))
            pos, opening = tag.end(), None
    out.append(text[pos:])
    return "".join(out)


def _preformatted_to_paragraphs(text):
    """Each ``<pre>…</pre>`` -> its lines as paragraphs and line breaks.

    WordPress shows preformatted text line for line (a statement, a poem, a
    table typed with spaces); the articles' allow-list keeps no ``<pre>``
    (the editor's toolbar cannot make one), so the sanitiser would run its
    lines together into one bare line. Blank lines part paragraphs, other
    line breaks stay ``<br>``; indentation and a fixed-width font are lost.
    """

    def paragraphs(opening, closing):
        inner = text[opening.end() : closing.start()].strip("\n")
        # A <br> the editor wrote before a newline is that line's break, not a second one (as in ``_piece_html``).
        parts = [BREAK_AFTER_BREAK.sub(r"\1\n", LINE_BREAK.sub("<br>\n", part.strip()))
                 for part in BLANK_LINE.split(inner) if part.strip()]
        return "".join(f"\n<p>{part}</p>\n" for part in parts)

    return _replace_pairs(text, PRE_TAG, paragraphs)


def embed_host(url):
    """``https://www.youtube.com/watch?v=x`` -> ``youtube.com``: how the report counts embeds."""
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def _link_paragraph(url, found):
    """A paragraph holding a plain link to *url* (an http(s) URL), on its own so ``autop`` keeps it whole."""
    url = html.unescape(url).strip()
    host = embed_host(url)
    if not host:
        return None
    found.append(host)
    escaped = html.escape(url)
    return f"\n\n<p><a href=\"{escaped}\">{escaped}</a></p>\n\n"


def _embeds_to_links(text, found, shortcodes):
    """``[embed]URL[/embed]`` -> a link paragraph; an ``[embed]`` holding no URL goes."""

    def shortcode(match):
        inner = match.group(1).strip()
        paragraph = _link_paragraph(inner, found) if WHOLE_URL.fullmatch(inner) else None
        if paragraph is None:
            shortcodes.append("embed")
            return ""
        return paragraph

    return EMBED.sub(shortcode, text)


def _bare_urls_to_links(text, found):
    """A URL alone on its line (once shortcodes are gone: an unclosed ``[embed]URL`` too) -> a link paragraph."""
    return BARE_URL_LINE.sub(lambda match: _link_paragraph(match.group(1), found) or match.group(0), text)


def is_known_shortcode(name):
    return name in KNOWN_SHORTCODES or name.startswith(KNOWN_SHORTCODE_PREFIXES)


def _remove_shortcodes(text, found):
    """Take out what WordPress would run as a shortcode; leave bracketed words (``[sic]``, ``[see chart]``) as written.

    A tag is a shortcode when its name is a known one, when it has attributes
    (``[poll id="3"]``), or when it is closed further on (``[note]…[/note]``,
    whose content stays). WordPress shows any other ``[word]`` as text, and a
    newsroom's bodies are full of them.
    """
    tags = list(SHORTCODE.finditer(text))
    first_opening, last_closing = {}, {}
    for tag in tags:
        if tag.group(1):
            last_closing[tag.group(2)] = tag.start()
        else:
            first_opening.setdefault(tag.group(2), tag.start())
    out, pos = [], 0
    for tag in tags:
        closing, name, rest = bool(tag.group(1)), tag.group(2), tag.group(3)
        if closing:
            paired = first_opening.get(name, len(text)) < tag.start()
        else:
            paired = last_closing.get(name, -1) > tag.start() or bool(rest and SHORTCODE_ATTRIBUTES.fullmatch(rest))
        if paired or is_known_shortcode(name):
            found.append(name.lower())
            out.append(text[pos : tag.start()])
            pos = tag.end()
    out.append(text[pos:])
    return "".join(out)


# --- The paragraph pointing readers to the story in the other language.
#: Arabic spellings folded together before matching: hamza forms of alif, alif maqsura, tatweel, short vowels.
ARABIC_FOLDING = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ـ": None} | {chr(c): None for c in range(0x064B, 0x0653)})
_ENGLISH_AR = r"(?:انجليزية|انكليزية|انجليزي|انكليزي)"
_LANGUAGE_AR = rf"(?:{_ENGLISH_AR}|عربية|عربي)"
#: What a "this story in the other language" paragraph says, in English or (folded) Arabic, either way round.
LANGUAGE_LINK_PHRASES = re.compile(
    r"\b(?:english|arabic)\s+(?:version|edition|translation)\b"  # "English version", "the Arabic edition"
    r"|\bread\b.*\bin\s+(?:english|arabic)\b"  # "Read in Arabic", "Read this story in English"
    r"|\b(?:also\s+)?available\s+in\s+(?:english|arabic)\b"  # "Also available in English"
    r"|\b(?:this|the)\s+(?:article|story|report)\s+in\s+(?:english|arabic)\b"
    rf"|نسخة\s+(?:ال)?{_LANGUAGE_AR}"  # النسخة الإنجليزية، للنسخة العربية
    rf"|(?:اقرا|قراءة|تابع)\w*\b.*\bب(?:اللغة\s+)?(?:ال)?{_LANGUAGE_AR}"  # اقرأ هذا المقال بالإنجليزية
    rf"|\bب(?:اللغة\s+)?(?:ال)?{_LANGUAGE_AR}\s+(?:هنا|من\s+هنا)"  # بالعربية هنا
)
#: A link whose whole text names the other language: "English", "In Arabic", "عربي", "بالعربية".
LANGUAGE_LINK_TEXT = re.compile(rf"(?:(?:read\s+)?in\s+)?(?:english|arabic)|(?:ب(?:اللغة\s+)?)?(?:ال)?{_LANGUAGE_AR}")
#: What may stand around a language link's words: arrows, colons, brackets.
LINK_PUNCTUATION = " \t\n«»‹›<>←→↩↪:|()[]-–—.!؟?"
#: Longer than this and a paragraph is a story's text, not a pointer to its other version.
LANGUAGE_LINK_MAX_CHARS = 120


def _plain(fragment):
    """The words of an HTML fragment, lower-cased, Arabic spellings folded."""
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split()).lower().translate(ARABIC_FOLDING)


def is_language_link_paragraph(inner_html):
    """A short paragraph with a link, which says it points to the story's other language version.

    Either its words say so ("Read this story in Arabic", "النسخة الإنجليزية"),
    or it is that link alone, named only by the language ("English", "عربي").
    """
    hrefs = HREF.findall(inner_html)
    if not hrefs:
        return False
    words = _plain(inner_html)
    if len(words) > LANGUAGE_LINK_MAX_CHARS:
        return False
    if LANGUAGE_LINK_PHRASES.search(words):
        return True
    link = LINK_ELEMENT.search(inner_html)
    if len(hrefs) != 1 or link is None:
        return False
    # The link's own words are the paragraph's, give or take an arrow: "» English", "عربي ←".
    link_words = _plain(link.group(1)).strip(LINK_PUNCTUATION)
    return link_words == words.strip(LINK_PUNCTUATION) and bool(LANGUAGE_LINK_TEXT.fullmatch(link_words))


def _each_paragraph(text, replace):
    """*text* with each ``<p …>…</p>`` replaced by ``replace(whole, inner)`` (``_replace_pairs`` of its ``<p>`` tags)."""
    return _replace_pairs(text, PARAGRAPH_TAG, lambda opening, closing: replace(
        text[opening.start() : closing.end()], text[opening.end() : closing.start()]))


def _take_language_links(text, found):
    def check(whole, inner):
        if is_language_link_paragraph(inner):
            found.extend(html.unescape(href) for _quote, href in HREF.findall(inner))
            return ""
        return whole

    return _each_paragraph(text, check)


def convert(raw):
    """Convert a WordPress body (``content:encoded``) into article HTML, before sanitising."""
    shortcodes = []
    embeds = []
    text = _remove_block_comments(raw or "")
    text = _embeds_to_links(text, embeds, shortcodes)
    text = _captions_to_figures(text)
    text = _remove_shortcodes(text, shortcodes)
    text = _bare_urls_to_links(text, embeds)
    text = _preformatted_to_paragraphs(autop(text))
    language_links = []
    text = _take_language_links(text, language_links)
    links = [html.unescape(href) for _quote, href in HREF.findall(text)]
    return Body(
        html=text.strip(),
        removed_shortcodes=sorted(set(shortcodes)),
        links=links,
        language_links=language_links,
        images_dropped=len(IMG.findall(text)),
        embeds=embeds,
    )


def rewrite_links(body_html, new_address_of):
    """Point every link *new_address_of* knows (old href -> new address, or ``None``) at its new address.

    Returns the new body and how many links changed.
    """
    changed = 0

    def swap(match):
        nonlocal changed
        old = html.unescape(match.group(2))
        new = new_address_of(old)
        if not new or new == old:
            return match.group(0)
        changed += 1
        start, end = match.span(2)
        whole_start = match.start(0)
        text = match.group(0)
        return text[: start - whole_start] + html.escape(new) + text[end - whole_start :]

    return HREF.sub(swap, body_html), changed


def drop_paragraphs_linking_only_to(body_html, is_counterpart):
    """Remove paragraphs whose only content is a link the *is_counterpart* predicate recognises."""

    def check(whole, inner):
        hrefs = [html.unescape(href) for _quote, href in HREF.findall(inner)]
        link_text_only = LINK_ONLY.fullmatch(inner)
        if len(hrefs) == 1 and link_text_only and is_counterpart(hrefs[0]):
            return ""
        return whole

    return _each_paragraph(body_html, check).strip()
