"""The allow-list that article bodies are cleaned with.

One list serves the editor (what its toolbar can make) and the sanitiser (what
survives a save), so an editor never loses formatting the toolbar offered and a
``<script>`` or ``onerror=`` never reaches a reader, whatever was pasted in.
"""

import nh3

#: django-prose-editor extensions offered in the admin toolbar.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "History": True,
    "HTML": True,
}

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "hr", "a",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start", "type"},
    # Editors may mark a quotation in the other language (an English quote in an Arabic story).
    "p": {"dir", "lang"},
    "blockquote": {"dir", "lang"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

def _drop_empty_attributes(element, attribute, value):
    # The editor writes title="" on every link; an empty attribute says nothing to anyone.
    return value if value.strip() else None


_cleaner = nh3.Cleaner(
    attribute_filter=_drop_empty_attributes,
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    # Outbound links from our stories should not pass rank or the opener.
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """Return *html* with everything outside the allow-list removed."""
    return _cleaner.clean(html or "").strip()
