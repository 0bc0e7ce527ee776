"""What an import did, counted as it goes and printed at its end."""

from collections import Counter
from dataclasses import dataclass, field, fields

from django.utils.translation import gettext

#: Warnings listed in full; beyond this only their number is printed.
MAX_WARNINGS_SHOWN = 200
#: Warnings an import run keeps in its stored report (``as_dict``).
MAX_WARNINGS_KEPT = 2000


@dataclass
class Warning:
    site: str
    wp_id: int
    title: str
    message: str

    def __str__(self):
        where = f"#{self.wp_id}" if self.wp_id else self.site
        return f"{where} {self.title!r}: {self.message}" if self.title else f"{where}: {self.message}"


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
    addresses: int = 0
    images: Counter = field(default_factory=Counter)
    attachments: Counter = field(default_factory=Counter)  # captions and credits found, by where
    embeds: Counter = field(default_factory=Counter)  # embedded players turned into links, by host
    attachment_addresses: int = 0  # attachment pages now answering with their article
    kept_edits: int = 0  # posts skipped because an editor changed their article since the import wrote it
    uploads_left_out: Counter = field(default_factory=Counter)  # files of an uploads zip that are not images
    pages_left: list = field(default_factory=list)  # [wp_id, title, link] of public pages whose address is a 404
    warnings: list = field(default_factory=list)

    def warn(self, site, item_id, title, message):
        self.warnings.append(Warning(site, item_id, title, message))

    def attachment(self, details, site, item):
        """Count what an attachment (``attachments.Details``) brought: a caption, a credit and from where."""
        self.attachments["read"] += 1
        if details.caption:
            self.attachments["with a caption"] += 1
        if details.credit:
            self.attachments[f"credit from {details.credit_from}"] += 1
        if details.problem:
            self.attachments["unreadable metadata"] += 1
            self.warn(site, item.post_id, item.title, details.problem)

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
        self.skip(gettext("edited in Newsroom since the last import: kept the editor's version"))
        self.warn(site, item_id, title, gettext(
            "not updated: its article was edited in Newsroom since the last import, and the editor's version is "
            "kept (import with the option to overwrite edits to take WordPress's version)"
        ))

    @property
    def imported(self):
        """Posts that are articles now: created, updated, already there unchanged, or kept as an editor left them."""
        return self.posts["created"] + self.posts["updated"] + self.posts["unchanged"] + self.kept_edits

    def as_dict(self):
        """The report as JSON values (an ``ImportRun`` keeps it): the counts, the warnings, the printed lines."""
        counters = ("items", "statuses", "posts", "skipped", "vocabulary", "pairs", "images", "attachments", "embeds",
                    "uploads_left_out")
        data = {name: dict(getattr(self, name)) for name in counters}
        data.update(
            dry_run=self.dry_run, unpaired=self.unpaired, links_rewritten=self.links_rewritten,
            dangling_links=self.dangling_links, addresses=self.addresses, imported=self.imported,
            attachment_addresses=self.attachment_addresses, kept_edits=self.kept_edits, pages_left=self.pages_left[:MAX_WARNINGS_KEPT],
            warning_count=len(self.warnings), lines=self.lines(),
            warnings=[[w.wp_id, w.title, w.message] for w in self.warnings[:MAX_WARNINGS_KEPT]],
        )
        return data

    def lines(self):
        """The report, as lines of text."""
        lines = ["Dry run: nothing was written." if self.dry_run else "Import finished."]
        lines.append("Items: " + _counts(self.items))
        lines.append("Posts by WordPress status: " + _counts(self.statuses))
        lines.append(
            "Posts: {created} created, {updated} updated, {unchanged} unchanged, {skipped} skipped".format(
                **{key: self.posts[key] for key in ("created", "updated", "unchanged", "skipped")}
            )
        )
        if self.skipped:
            lines.append("Skipped posts by reason: " + _counts(self.skipped))
        lines.append("Sections, tags, authors: " + _counts(self.vocabulary))
        lines.append(f"Pairs made: {_counts(self.pairs)}; posts left unpaired: {self.unpaired}")
        lines.append(f"Links rewritten to new addresses: {self.links_rewritten}; dangling links: {self.dangling_links}")
        lines.append(f"Old addresses kept (answering with 301): {self.addresses}")
        lines.append(f"Attachment pages answering with their article (301): {self.attachment_addresses}")
        lines.append("Featured images: " + _counts(self.images))
        lines.append("Attachments (captions and credits): " + _counts(self.attachments))
        if self.uploads_left_out:
            lines.append("Files of the uploads zip left out (not images): " + _counts(self.uploads_left_out))
        lines.append("Embeds turned into links, by host: " + _counts(self.embeds))
        lines.extend(self._pages_lines())
        lines.append(f"Warnings: {len(self.warnings)}")
        lines.extend(f"  {warning}" for warning in self.warnings[:MAX_WARNINGS_SHOWN])
        if len(self.warnings) > MAX_WARNINGS_SHOWN:
            lines.append(f"  … and {len(self.warnings) - MAX_WARNINGS_SHOWN} more")
        return lines

    def _pages_lines(self):
        if not self.pages_left:
            return []
        lines = [f"Pages not imported whose old address now answers 404 (recreate them if needed): {len(self.pages_left)}"]
        lines.extend(f"  #{wp_id} {title!r}: {link}" for wp_id, title, link in self.pages_left[:MAX_WARNINGS_SHOWN])
        if len(self.pages_left) > MAX_WARNINGS_SHOWN:
            lines.append(f"  … and {len(self.pages_left) - MAX_WARNINGS_SHOWN} more")
        return lines


def _counts(counter):
    return ", ".join(f"{key}: {value}" for key, value in sorted(counter.items())) or "none"
