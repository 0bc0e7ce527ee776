"""The site's editions: one per language, with its direction, names, addresses, digits and dates.

Every app may import this module: it sits at the bottom of the import graph
(it imports nothing of the project's own but the settings' defaults in ``conf``), so which languages the site
publishes in, which of them is written right to left, how a page is linked in
every edition (language switch, ``hreflang`` alternates) and how each edition
writes numbers and dates are defined here once.

One digit policy: the Arabic edition writes digits as
``NEWSROOM_ARABIC_DIGITS`` says ("western", 123, the default, as most Arabic
newsrooms print; or "arabic-indic", ١٢٣) and month names as
``NEWSROOM_ARABIC_MONTHS`` says ("levantine", حزيران, the default; or
"egyptian", يونيو). Dates, numbers and every count on reader pages come from
here; the admin follows the same settings through the format modules in
``newsroom/formats/`` and ``newsroom.arabic_months``. Digits that authors type
in a title, body or caption are left as written.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import pgettext_lazy

from . import conf

#: The editions' languages, in the order of ``settings.LANGUAGES`` (the first is the default edition).
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)

#: The digit styles the Arabic edition can use (``NEWSROOM_ARABIC_DIGITS``); None keeps 0–9.
DIGIT_STYLES = {"western": None, "arabic-indic": "٠١٢٣٤٥٦٧٨٩"}

#: Arabic month names by region (``NEWSROOM_ARABIC_MONTHS``). Data, not interface
#: strings: one edition chooses one list, which a single catalogue could not express.
ARABIC_MONTHS = {
    "levantine": (
        "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
        "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
    ),
    "egyptian": (
        "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
        "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    ),
}

MONTHS = [
    pgettext_lazy("month name", "January"),
    pgettext_lazy("month name", "February"),
    pgettext_lazy("month name", "March"),
    pgettext_lazy("month name", "April"),
    pgettext_lazy("month name", "May"),
    pgettext_lazy("month name", "June"),
    pgettext_lazy("month name", "July"),
    pgettext_lazy("month name", "August"),
    pgettext_lazy("month name", "September"),
    pgettext_lazy("month name", "October"),
    pgettext_lazy("month name", "November"),
    pgettext_lazy("month name", "December"),
]


# Languages -------------------------------------------------------------------


def is_edition(code):
    """Whether *code* is the language of one of the site's editions."""
    return code in LANGUAGE_CODES


def language_name(code):
    """The name of an edition's language in the active language ("Arabic", "العربية" in the Arabic admin)."""
    return dict(settings.LANGUAGES).get(code, code)


def local_name(code):
    """The language's name written in itself ("العربية" whatever the active language)."""
    return translation.get_language_info(code)["name_local"]


def direction(code=None):
    """``"rtl"`` or ``"ltr"``: the writing direction of *code* (the active language by default)."""
    code = code or translation.get_language()
    return "rtl" if translation.get_language_info(code)["bidi"] else "ltr"


def edition_order(code):
    """A sort key putting languages in the editions' order (unknown ones last)."""
    return LANGUAGE_CODES.index(code) if code in LANGUAGE_CODES else len(LANGUAGE_CODES)


# Addresses ---------------------------------------------------------------------


@dataclass(frozen=True)
class EditionLink:
    """Where one page lives in one edition, as the language switch shows it."""

    code: str
    url: str
    #: False when the page has no version in that edition and the link leads to a stand-in.
    translated: bool = True

    @property
    def name(self):
        return local_name(self.code)

    @property
    def direction(self):
        return direction(self.code)


def url_in(code, view_name, *args, **kwargs):
    """``reverse()`` in edition *code*: the address carries that edition's prefix and slugs."""
    with translation.override(code):
        return reverse(view_name, args=args, kwargs=kwargs)


def edition_links(url_for):
    """One ``EditionLink`` per edition; ``url_for(code)`` runs with that edition active.

    It returns the page's address there, or ``(address, False)`` for a stand-in.
    """
    links = []
    for code in LANGUAGE_CODES:
        with translation.override(code):
            found = url_for(code)
        url, translated = found if isinstance(found, tuple) else (found, True)
        links.append(EditionLink(code=code, url=url, translated=translated))
    return links


def home_links():
    """Each edition's home page: the switch of a page that exists in no other edition."""
    return edition_links(lambda code: reverse("articles:home"))


def head_links(request, links, canonical=None):
    """``rel=canonical`` and ``hreflang`` alternates for a page, with ``x-default`` the default edition's.

    *links* are the page's ``EditionLink``s; stand-ins (untranslated) are not
    alternates. Returns absolute addresses, ready for ``<link>`` tags.
    """
    absolute = request.build_absolute_uri
    return {"canonical": absolute(canonical) if canonical else absolute(), **alternate_links(links, absolute)}


def alternate_links(links, absolute):
    """``alternates`` (``(code, address)`` per translated link) and ``x_default``, the default edition's address.

    *absolute* turns a path into a full address. Shared by page heads and
    sitemaps, so both name the same alternates.
    """
    alternates = [(link.code, absolute(link.url)) for link in links if link.translated]
    default = next((url for code, url in alternates if code == settings.LANGUAGE_CODE), None)
    return {"alternates": alternates, "x_default": default or (alternates[0][1] if alternates else None)}


# Numbers and dates -------------------------------------------------------------


def edition_digits(language):
    """The ten digits edition *language* writes, or None for Western 0–9."""
    if language != "ar":
        return None
    return DIGIT_STYLES.get(conf.arabic_digits())


def month_name(month, language=None):
    """The name of *month* (1–12) in edition *language*: the Arabic list the settings choose."""
    language = language or translation.get_language()
    if language == "ar":
        return ARABIC_MONTHS.get(conf.arabic_months(), ARABIC_MONTHS["levantine"])[month - 1]
    with translation.override(language):
        return str(MONTHS[month - 1])


def localize_digits(text, language=None):
    """*text* with its digits written as edition *language* (the active one by default) writes them."""
    digits = edition_digits(language or translation.get_language())
    text = str(text)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


#: The Arabic decimal and thousands separators (٫ ٬) that go with Arabic-Indic digits.
ARABIC_SEPARATORS = str.maketrans({".": "٫", ",": "٬"})


def format_number(value, language=None):
    """A number grouped as the edition groups it (1,234.5), in its digits (١٬٢٣٤٫٥ with Arabic-Indic)."""
    language = language or translation.get_language()
    with translation.override(language):
        text = formats.number_format(value, use_l10n=True, force_grouping=True)
    if edition_digits(language):
        text = text.translate(ARABIC_SEPARATORS)
    return localize_digits(text, language)


def site_time(value):
    """*value* in the newsroom's time zone (naive values are taken as they are)."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value, language=None):
    """A date as "9 June 2024" / "٩ حزيران ٢٠٢٤", in the site's time zone; "" for none."""
    if not value:
        return ""
    value = site_time(value)
    language = language or translation.get_language()
    return localize_digits(f"{value.day} {month_name(value.month, language)} {value.year}", language)


def machine_datetime(value):
    """A datetime for ``<time datetime>``: ISO 8601 to the second, with the offset."""
    return site_time(value).isoformat(timespec="seconds") if value else ""
