"""What an import did, counted as it goes and printed at its end."""

from collections import Counter
from dataclasses import dataclass, field

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
    warnings: list = field(default_factory=list)

    def warn(self, site, item_id, title, message):
        self.warnings.append(Warning(site, item_id, title, message))

    def skip(self, reason):
        self.posts["skipped"] += 1
        self.skipped[reason] += 1

    @property
    def imported(self):
        """Posts that are articles now: created, updated or already there unchanged."""
        return self.posts["created"] + self.posts["updated"] + self.posts["unchanged"]

    def as_dict(self):
        """The report as JSON values (an ``ImportRun`` keeps it): the counts, the warnings, the printed lines."""
        counters = ("items", "statuses", "posts", "skipped", "vocabulary", "pairs", "images")
        data = {name: dict(getattr(self, name)) for name in counters}
        data.update(
            dry_run=self.dry_run, unpaired=self.unpaired, links_rewritten=self.links_rewritten,
            dangling_links=self.dangling_links, addresses=self.addresses, imported=self.imported,
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
        lines.append("Featured images: " + _counts(self.images))
        lines.append(f"Warnings: {len(self.warnings)}")
        lines.extend(f"  {warning}" for warning in self.warnings[:MAX_WARNINGS_SHOWN])
        if len(self.warnings) > MAX_WARNINGS_SHOWN:
            lines.append(f"  … and {len(self.warnings) - MAX_WARNINGS_SHOWN} more")
        return lines


def _counts(counter):
    return ", ".join(f"{key}: {value}" for key, value in sorted(counter.items())) or "none"
