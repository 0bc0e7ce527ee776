"""The newsroom's roles: which permissions each group holds. The one table of them.

A permission is named ``"app_label.codename"``; ``"app_label.*"`` is every
permission of an app (its models, proxies and custom permissions such as
``articles.publish_article``), and ``"*"`` is every permission there is.
What a role may do *to one article* (a reporter's own drafts, a translator's
versions) is not a permission: it is the rule in ``rules.py``.

The groups are written by the roles app's migrations, each carrying a copy of
this table as it stood (migrations are history and must not change when this
file does). A test checks that the groups after ``migrate`` hold exactly what
this table says: change the table, and that test fails until a new migration
(a copy of ``0001_groups`` with the new table) brings the groups in step.
"""

#: What every role that writes articles needs to fill the form in (the section, tag and author pickers).
_WRITING = (
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.view_section",
    "articles.view_tag",
    "articles.view_author",
)

#: A translator's part of the translations app: everything but ``mark_translation_up_to_date``.
_TRANSLATING = (
    "translations.view_translationsource",
    "translations.change_translationsource",
    "translations.view_translationqueueentry",
    "translations.change_translationqueueentry",
    "translations.view_translationevent",
)

ROLES = {
    # Writes and edits their own drafts (rules.may_change_article); cannot publish.
    "Reporter": _WRITING,
    # Everything about articles and their vocabulary, related articles, language versions; publishes.
    # Seeing staff accounts lets them tie an author's byline to an account. The site footer's links
    # and the outlet's own pages (about us, contact, corrections policy) too.
    "Editor": ("articles.*", "translations.*", "auth.view_user", "footer.*", "pages.*"),
    # Creates and edits translation versions (rules.may_change_article), moves them through their stages
    # and takes work from the queue; declaring a version up to date is the Editor's review.
    "Translator": (*_WRITING, *_TRANSLATING),
    # Reader-support banners only; seeing sections lets them aim a banner at some.
    "Fundraising": ("banners.*", "articles.view_section"),
    # Everything, user accounts and groups included.
    "Administrator": ("*",),
}


def expand(specs, available):
    """The permission names *specs* stand for, out of *available* (every ``"app_label.codename"``).

    A name that matches nothing is an error, not a silent gap in a role.
    """
    chosen = set()
    for spec in specs:
        app_label, _dot, codename = spec.partition(".")
        if spec == "*":
            matched = set(available)
        elif codename == "*":
            matched = {name for name in available if name.partition(".")[0] == app_label}
        else:
            matched = {spec} & set(available)
        if not matched:
            raise LookupError(f"No permission matches {spec!r}.")
        chosen |= matched
    return chosen
