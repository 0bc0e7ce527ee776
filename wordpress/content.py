"""Turning a WordPress post body into the rich text an article stores.

WordPress keeps bodies as the editor typed them and formats them when it
displays them; this does that formatting once, on import: block-editor
comments go, ``[caption]`` becomes a figure with its caption, an embedded
player (``[embed]URL[/embed]``, or a URL alone on its line, which WordPress
turns into a YouTube or Twitter player) becomes a plain link paragraph, since
nothing is fetched from or run for a third party here; other shortcodes
are removed (and named, for the report), line breaks become paragraphs the
way ``wpautop`` shows them, and the paragraph pointing readers to the other
language's version is taken out (the site shows its own link). What is left
goes through the articles' sanitiser when the article is saved, like anything
an editor writes.
"""

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S | re.I)
#: Any other shortcode, opening, self-closing or closing: ``[gallery ids="1,2"]``, ``[/embed]``.
SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:\s[^\[\]]*)?)/?\]")
#: ``[embed …]URL[/embed]``; the URL holds no ``[``, so an unclosed one costs one scan to the next bracket, not the body.
EMBED = re.compile(r"\[embed\b[^\]]*\]([^\[]*)\[/embed\]", re.I)
#: A URL alone on its line, or alone in a paragraph: what WordPress's ``autoembed`` turns into a player.
BARE_URL_LINE = re.compile(r"""^[ \t]*(?:<p(?:\s[^>]*)?>\s*)?(https?://[^\s<>"']+)(?:\s*</p>)?[ \t]*$""", re.M | re.I)
IMG = re.compile(r"<img\b[^>]*>", re.I)
HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1""", re.I | re.S)
PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.I | re.S)
TAG = re.compile(r"<[^>]+>")
# The patterns below are compiled once here: a conversion runs each of them for every post of an archive.
CAPTION_ATTRIBUTE = re.compile(r'caption\s*=\s*"([^"]*)"')
EMPTY_LINK = re.compile(r"<a\b[^>]*>\s*</a>")
WHOLE_URL = re.compile(r"https?://\S+", re.I)
BLANK_LINE = re.compile(r"\n\s*\n")
LINE_BREAK = re.compile(r"\s*\n\s*")
LINK_ONLY = re.compile(r"\s*<a\b[^>]*>.*?</a>\s*", re.S | re.I)

#: What a "this story in the other language" paragraph says (lower-cased, in English or Arabic).
LANGUAGE_LINK_PHRASES = (
    "read this article in english", "read this story in english", "read it in english", "english version",
    "read this article in arabic", "read this story in arabic", "arabic version",
    "النسخة العربية", "النسخة الإنجليزية", "النسخة الانجليزية", "اقرأ المقال بالعربية", "اقرأ هذا المقال بالعربية",
    "اقرأ المقال بالإنجليزية", "بالإنكليزية", "النسخة الإنكليزية",
)

BLOCK_TAGS = (
    "p|div|h[1-6]|ul|ol|li|blockquote|figure|figcaption|table|thead|tbody|tr|td|th|pre|hr|dl|dt|dd"
    "|section|article|aside|header|footer|address|form|fieldset|iframe|script|style|object"
)
BLOCK_START = re.compile(rf"^\s*</?(?:{BLOCK_TAGS})\b", re.I)


@dataclass
class Body:
    """A converted body and what the conversion found on the way."""

    html: str
    removed_shortcodes: list = field(default_factory=list)
    links: list = field(default_factory=list)
    language_links: list = field(default_factory=list)
    images_dropped: int = 0
    embeds: list = field(default_factory=list)  # hosts of the embedded players turned into links


def _caption(match):
    """``[caption id=".." width=".."]<img ...> The caption[/caption]`` -> a figure with its caption."""
    inner = match.group(2)
    images = IMG.findall(inner)
    attribute = CAPTION_ATTRIBUTE.search(match.group(1))
    caption_text = attribute.group(1) if attribute else IMG.sub("", EMPTY_LINK.sub("", inner)).strip()
    caption_text = TAG.sub("", caption_text).strip()
    figure = "".join(images)
    # The caption in its own emphasised paragraph: it still reads as a caption where a body keeps no figures.
    caption_html = f"<p><em>{caption_text}</em></p>" if caption_text else ""
    return f"\n\n<figure>{figure}<figcaption>{caption_html}</figcaption></figure>\n\n"


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


def _remove_shortcodes(text, found):
    def drop(match):
        found.append(match.group(2).lower())
        return ""

    return SHORTCODE.sub(drop, text)


def autop(text):
    """WordPress's ``wpautop``, in short: blank lines separate paragraphs, single line breaks become ``<br>``.

    Chunks that already are blocks (a ``<p>``, a list, a heading, a figure) are kept as they are.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = [chunk.strip() for chunk in BLANK_LINE.split(text) if chunk.strip()]
    out = []
    for chunk in chunks:
        if BLOCK_START.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + LINE_BREAK.sub("<br>\n", chunk) + "</p>")
    return "\n".join(out)


def _plain(fragment):
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split()).lower()


def is_language_link_paragraph(inner_html):
    """A short paragraph made of a link whose words point to the story's other language version."""
    if not HREF.search(inner_html):
        return False
    words = _plain(inner_html)
    return len(words) <= 120 and any(phrase in words for phrase in LANGUAGE_LINK_PHRASES)


def _take_language_links(text, found):
    def check(match):
        if is_language_link_paragraph(match.group(1)):
            found.extend(html.unescape(href) for _quote, href in HREF.findall(match.group(1)))
            return ""
        return match.group(0)

    return PARAGRAPH.sub(check, text)


def convert(raw):
    """Convert a WordPress body (``content:encoded``) into article HTML, before sanitising."""
    shortcodes = []
    embeds = []
    text = BLOCK_COMMENT.sub("", raw or "")
    text = _embeds_to_links(text, embeds, shortcodes)
    text = CAPTION.sub(_caption, text)
    text = _remove_shortcodes(text, shortcodes)
    text = _bare_urls_to_links(text, embeds)
    text = autop(text)
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

    def check(match):
        inner = match.group(1)
        hrefs = [html.unescape(href) for _quote, href in HREF.findall(inner)]
        link_text_only = LINK_ONLY.fullmatch(inner)
        if len(hrefs) == 1 and link_text_only and is_counterpart(hrefs[0]):
            return ""
        return match.group(0)

    return PARAGRAPH.sub(check, body_html).strip()
