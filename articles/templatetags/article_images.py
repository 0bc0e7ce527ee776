"""``{% picture article "role" %}``: an article's image with the copies a reader's screen needs.

Each role says how wide the image is drawn (``sizes``, in step with the
layout in ``site.css`` and ``related.css``) and how urgently it is needed:
the story's own image and a list's lead teaser are what a reader sees first
(fetched early, never lazily); every other thumbnail waits until it is about
to scroll into view. Only the story's image has alternative text: a teaser's
picture repeats the link next to it and is hidden from screen readers.
"""

from django import template

from articles.variants import ResponsiveImage

register = template.Library()

# (sizes, loaded first?) for each place an image is shown.
ROLES = {
    # The story column is at most 42rem (--measure), in a page padded by 1rem each side.
    "story": ("(min-width: 44rem) 42rem, calc(100vw - 2rem)", True),
    # A lead teaser spans the grid; from 48rem its picture takes 3/5 of the 72rem page.
    "lead": ("(min-width: 48rem) 41rem, calc(100vw - 2rem)", True),
    # Teaser grid columns of at least 17rem: one column under 38rem, then at most 27rem each.
    "teaser": ("(min-width: 38rem) 27rem, calc(100vw - 2rem)", False),
    # Related articles: columns of at least 14rem inside the story column.
    "related": ("(min-width: 31rem) 20rem, calc(100vw - 2rem)", False),
    # A search result's thumbnail, 8rem wide beside its title.
    "thumbnail": ("8rem", False),
}


@register.inclusion_tag("articles/includes/picture.html")
def picture(article, role="teaser", eager=False):
    """*eager*: this one is in view when the page opens (the first teaser of a list without a lead)."""
    sizes, first = ROLES[role]
    return {
        "image": ResponsiveImage.of(article),
        "sizes": sizes,
        "first": first or eager,
        "alt": article.image_alt if role == "story" else "",
    }
