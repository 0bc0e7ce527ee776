"""What an import did, counted as it goes and printed at its end.

Counts are kept under English keys (a skip reason, an image outcome, a
pairing method), and turned into the reader's language only when the report
is written out (``lines``): the admin shows a stored run's report again in
each viewer's language (``Report.from_dict``). The keys that have a
translation are listed in ``COUNT_LABELS``; any other key (a WordPress status
or post type, a host name) is shown as it is.
"""

from collections import Counter
from dataclasses import dataclass, field, fields

from django.utils.translation import gettext, gettext_noop

from articles.editions import language_name

#: Warnings listed in full; beyond this only their number is printed.
MAX_WARNINGS_SHOWN = 200
#: Warnings an import run keeps in its stored report (``as_dict``).
MAX_WARNINGS_KEPT = 2000

#: WordPress's own words the report counts by: post types and statuses (others are shown as they are).
WORDPRESS_WORDS = (
    gettext_noop("post"), gettext_noop("page"), gettext_noop("attachment"), gettext_noop("nav_menu_item"),
    gettext_noop("revision"), gettext_noop("publish"), gettext_noop("future"), gettext_noop("draft"),
    gettext_noop("pending"), gettext_noop("private"), gettext_noop("trash"), gettext_noop("inherit"),
    gettext_noop("auto-draft"),
)

#: The count keys the import uses, marked for translation (shown with ``gettext`` in ``lines``).
COUNT_LABELS = (
    # posts skipped, by reason
    gettext_noop("in the trash"),
    gettext_noop("a status that is not imported"),
    gettext_noop("no post id"),
    gettext_noop("no language (choose the import's language, or give posts Polylang's language terms)"),
    gettext_noop("a language that is not an edition of this site"),
    gettext_noop("could not be saved"),
    gettext_noop("edited in Newsroom since the last import: kept the editor's version"),
    # sections, tags, authors
    gettext_noop("sections created"),
    gettext_noop("tags created"),
    gettext_noop("authors created"),
    gettext_noop("sections matched across languages"),
    gettext_noop("tags matched across languages"),
    gettext_noop("sections kept apart (no Polylang match in the other language)"),
    gettext_noop("tags kept apart (no Polylang match in the other language)"),
    # pairs, by method
    gettext_noop("Polylang"),
    gettext_noop("language-version link"),
    gettext_noop("link to the other language"),
    gettext_noop("already paired"),
    gettext_noop("conflicts"),
    # featured images
    gettext_noop("attached"),
    gettext_noop("already there"),
    gettext_noop("replaced"),
    gettext_noop("attachment missing"),
    gettext_noop("file missing"),
    gettext_noop("refused"),
    gettext_noop("left out: article edited in Newsroom"),
    gettext_noop("not attached: no uploads folder given"),
    # attachments
    gettext_noop("read"),
    gettext_noop("with a caption"),
    gettext_noop("unreadable metadata"),
)


#: Details of a warning that are themselves count keys (a skip reason): shown in the reader's language too.
TRANSLATED_DETAILS = ("reason",)


@dataclass
class Warning:
    """One post's warning: *message* is English with ``%(name)s`` details from *details*, shown through ``gettext``.

    Kept as the English text and its details, not as the sentence in the
    language of whoever ran the import, so a stored run is read again in
    each reader's language (``Report.from_dict``). The details are the
    post's own words (a title, a link, a shortcode) and stay as they are;
    one named in ``TRANSLATED_DETAILS`` is a count key and is translated too.
    An error text from a validator is written in the language the run was
    made in.
    """

    site: str
    wp_id: int
    title: str
    message: str
    details: dict = field(default_factory=dict)

    def text(self):
        """The message in the active language, its details filled in."""
        if not self.details:
            return gettext(self.message)
        details = {key: gettext(value) if key in TRANSLATED_DETAILS else value for key, value in self.details.items()}
        return gettext(self.message) % details

    def __str__(self):
        # The site too: two sites imported together number their posts from 1 each.
        where = " ".join(part for part in (self.site, f"#{self.wp_id}" if self.wp_id else "") if part)
        said = f"{where} {self.title!r}" if self.title else where
        return f"{said}: {self.text()}" if said else self.text()

    def as_row(self):
        """The warning as stored in a run's report (``Report.as_dict``)."""
        return [self.wp_id, self.title, self.message, self.details, self.site]

    @classmethod
    def from_row(cls, row):
        """A stored warning: ``[wp_id, title, message, details, site]``; runs stored before kept three or four values."""
        wp_id, title, message, details, site = [*row, *[0, "", "", {}, ""][len(row):]]
        return cls(site, wp_id, title, message, details or {})


@dataclass
class Report:
    dry_run: bool = False
    items: Counter = field(default_factory=Counter)  # every <item>, by post type
    statuses: Counter = field(default_factory=Counter)  # posts, by WordPress status
    posts: Counter = field(default_factory=Counter)  # created / updated / unchanged / skipped
    skipped: Counter = field(default_factory=Counter)  # posts skipped, by reason
    vocabulary: Counter = field(default_factory=Counter)  # "sections created", "tags reused", ...
    pairs: Counter = field(default_factory=Counter)  # by method
    unpaired: int = 0
    links_rewritten: int = 0
    dangling_links: int = 0
    addresses: int = 0  # old addresses of live articles: they answer with a 301 now
    addresses_waiting: int = 0  # of drafts and scheduled articles: they answer once the article is live
    images: Counter = field(default_factory=Counter)
    attachments: Counter = field(default_factory=Counter)  # captions and credits found, by where
    embeds: Counter = field(default_factory=Counter)  # embedded players turned into links, by host
    attachment_addresses: int = 0  # attachment pages now answering with their article
    kept_edits: int = 0  # posts skipped because an editor changed their article since the import wrote it
    uploads_left_out: Counter = field(default_factory=Counter)  # files of an uploads zip that are not images
    pages_left: list = field(default_factory=list)  # [wp_id, title, link] of public pages whose address is a 404
    terms_created: list = field(default_factory=list)  # [kind, pk] of the sections and tags this run created
    old_hosts: list = field(default_factory=list)  # [host, edition or ""] of the sites whose archive pages answer here
    warnings: list = field(default_factory=list)

    def warn(self, site, item_id, title, message, **details):
        """Warn about the post *item_id*: *message* is English, marked with ``gettext_noop``, with ``%(detail)s`` slots."""
        self.warnings.append(Warning(site, item_id, title, message, details))

    def attachment(self, details, site, item):
        """Count what an attachment (``attachments.Details``) brought: a caption, a credit and from where."""
        self.attachments["read"] += 1
        if details.caption:
            self.attachments["with a caption"] += 1
        if details.credit:
            self.attachments[f"credit from {details.credit_from}"] += 1
        if details.problem:
            self.attachments["unreadable metadata"] += 1
            self.warn(site, item.post_id, item.title, gettext_noop("image metadata not read (%(error)s)"), error=details.problem)

    def add(self, part):
        """Add what another ``Report`` (a part of the run, e.g. one batch) counted to this one, every field."""
        for name in (f.name for f in fields(self) if f.name != "dry_run"):
            mine = getattr(self, name)
            if isinstance(mine, (Counter, list)):
                (mine.update if isinstance(mine, Counter) else mine.extend)(getattr(part, name))
            else:
                setattr(self, name, mine + getattr(part, name))

    def skip(self, reason):
        self.posts["skipped"] += 1
        self.skipped[reason] += 1

    def keep_edit(self, site, item_id, title):
        """A changed post whose article was edited in Newsroom since the import wrote it: skipped, the edit kept."""
        self.kept_edits += 1
        self.skip("edited in Newsroom since the last import: kept the editor's version")
        self.warn(site, item_id, title, gettext_noop(
            "not updated: its article was edited in Newsroom since the last import, and the editor's version is "
            "kept (import with the option to overwrite edits to take WordPress's version)"
        ))

    @property
    def imported(self):
        """Posts that are articles now: created, updated, already there unchanged, or kept as an editor left them."""
        return self.posts["created"] + self.posts["updated"] + self.posts["unchanged"] + self.kept_edits

    @classmethod
    def from_dict(cls, data):
        """The ``Report`` an ``as_dict`` stored (to write its lines again, in another language)."""
        report = cls(dry_run=data.get("dry_run", False))
        for f in fields(cls):
            if f.name not in data or f.name in ("dry_run", "warnings"):
                continue
            value = data[f.name]
            setattr(report, f.name, Counter(value) if isinstance(getattr(report, f.name), Counter) else value)
        report.warnings = [Warning.from_row(row) for row in data.get("warnings", [])]
        report.hidden_warnings = data.get("warning_count", len(report.warnings)) - len(report.warnings)
        return report

    #: Warnings counted but not kept (a stored report keeps ``MAX_WARNINGS_KEPT``).
    hidden_warnings = 0

    def as_dict(self):
        """The report as JSON values (an ``ImportRun`` keeps it): the counts, the warnings, the printed lines."""
        counters = ("items", "statuses", "posts", "skipped", "vocabulary", "pairs", "images", "attachments", "embeds",
                    "uploads_left_out")
        data = {name: dict(getattr(self, name)) for name in counters}
        data.update(
            dry_run=self.dry_run, unpaired=self.unpaired, links_rewritten=self.links_rewritten,
            dangling_links=self.dangling_links, addresses=self.addresses, addresses_waiting=self.addresses_waiting,
            imported=self.imported,
            attachment_addresses=self.attachment_addresses, kept_edits=self.kept_edits, pages_left=self.pages_left[:MAX_WARNINGS_KEPT],
            old_hosts=self.old_hosts,
            warning_count=len(self.warnings), lines=self.lines(),
            warnings=[warning.as_row() for warning in self.warnings[:MAX_WARNINGS_KEPT]],
        )
        return data

    def lines(self):
        """The report, as lines of text, in the active language."""
        lines = [gettext("Dry run: nothing was written.") if self.dry_run else gettext("Import finished.")]
        lines.append(gettext("Items: %(counts)s") % {"counts": _counts(self.items)})
        lines.append(gettext("Posts by WordPress status: %(counts)s") % {"counts": _counts(self.statuses)})
        lines.append(
            gettext("Posts: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(skipped)s skipped")
            % {key: self.posts[key] for key in ("created", "updated", "unchanged", "skipped")}
        )
        if self.skipped:
            lines.append(gettext("Skipped posts by reason: %(counts)s") % {"counts": _counts(self.skipped)})
        lines.append(gettext("Sections, tags, authors: %(counts)s") % {"counts": _counts(self.vocabulary)})
        lines.append(gettext("Pairs made: %(counts)s; posts left unpaired: %(unpaired)s")
                     % {"counts": _counts(self.pairs), "unpaired": self.unpaired})
        lines.append(gettext("Links rewritten to new addresses: %(rewritten)s; dangling links: %(dangling)s")
                     % {"rewritten": self.links_rewritten, "dangling": self.dangling_links})
        lines.append(gettext("Old addresses kept (answering with 301): %(count)s") % {"count": self.addresses})
        if self.addresses_waiting:
            lines.append(gettext("Old addresses of drafts and scheduled articles (they answer once the article is live): %(count)s")
                         % {"count": self.addresses_waiting})
        lines.append(gettext("Attachment pages answering with their article (301): %(count)s")
                     % {"count": self.attachment_addresses})
        if self.old_hosts:
            lines.append(gettext("Home, feed, section, tag and author pages of the old sites answer here for: %(hosts)s")
                         % {"hosts": ", ".join(f"{host} ({_edition_name(language)})" for host, language in self.old_hosts)})
        lines.append(gettext("Featured images: %(counts)s") % {"counts": _counts(self.images)})
        lines.append(gettext("Attachments (captions and credits): %(counts)s") % {"counts": _counts(self.attachments)})
        if self.uploads_left_out:
            lines.append(gettext("Files of the uploads zip left out (not images): %(counts)s")
                         % {"counts": _counts(self.uploads_left_out)})
        lines.append(gettext("Embeds turned into links, by host: %(counts)s") % {"counts": _counts(self.embeds)})
        lines.extend(self._pages_lines())
        shown = self.warnings[:MAX_WARNINGS_SHOWN]
        lines.append(gettext("Warnings: %(count)s") % {"count": len(self.warnings) + self.hidden_warnings})
        lines.extend(f"  {warning}" for warning in shown)
        more = len(self.warnings) + self.hidden_warnings - len(shown)
        if more > 0:
            lines.append("  " + gettext("… and %(count)s more") % {"count": more})
        return lines

    def _pages_lines(self):
        if not self.pages_left:
            return []
        lines = [gettext("Pages not imported whose old address now answers 404 (recreate them if needed): %(count)s")
                 % {"count": len(self.pages_left)}]
        lines.extend(f"  #{wp_id} {title!r}: {link}" for wp_id, title, link in self.pages_left[:MAX_WARNINGS_SHOWN])
        if len(self.pages_left) > MAX_WARNINGS_SHOWN:
            lines.append("  " + gettext("… and %(count)s more") % {"count": len(self.pages_left) - MAX_WARNINGS_SHOWN})
        return lines


def _counts(counter):
    """``key: count, …`` in key order, each key in the active language where it has a translation (``COUNT_LABELS``)."""
    return ", ".join(f"{gettext(key)}: {value}" for key, value in sorted(counter.items())) or gettext("none")


def _edition_name(language):
    """The edition an old host leads to, in the active language; "" means both (the reader's language chooses)."""
    return language_name(language) if language else gettext("both editions")
