"""A small but realistic site for page-quality checks (both editions, every kind of reader page), and a reader's eye.

``english_words`` reads a page as a reader of one language would, to find
interface text left in English on an Arabic page.
"""

import io
import re
from html.parser import HTMLParser

from django.core.files.base import ContentFile
from PIL import Image

from articles.services import make_image_variants
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

ENGLISH_BODY = (
    "<p>Residents of the eastern countryside of Aleppo say the power now comes for barely two hours a day, "
    "while the price of a private generator subscription has doubled since the spring.</p>"
    "<p>The local electricity directorate blamed the shortage on a fall in gas supplies to the power stations "
    "and promised that the rationing schedule would improve before the winter.</p>"
    "<blockquote><p>We charge our phones at the mosque and study by candlelight, one teacher said.</p></blockquote>"
)
ARABIC_BODY = (
    "<p>يقول سكان ريف حلب الشرقي إن الكهرباء باتت تصل لساعتين فقط في اليوم، بينما تضاعف سعر الاشتراك "
    "في المولدات الخاصة منذ الربيع الماضي.</p>"
    "<p>وعزت مديرية الكهرباء المحلية النقص إلى تراجع إمدادات الغاز إلى محطات التوليد، ووعدت بتحسن "
    "برنامج التقنين قبل حلول الشتاء.</p>"
    "<blockquote><p>نشحن هواتفنا في المسجد وندرس على ضوء الشموع، قالت إحدى المعلمات.</p></blockquote>"
)


def jpeg_file(name="photo.jpg", size=(64, 36)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 90, 60)).save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name=name)


def build_site():
    """One story in each edition with image, byline, section and tag; returns the reader URLs to check."""
    section = SectionFactory(name_en="Economy", name_ar="اقتصاد", slug_en="economy", slug_ar="اقتصاد")
    tag = TagFactory(name_en="Electricity", name_ar="الكهرباء", slug_en="electricity", slug_ar="الكهرباء")
    author = AuthorFactory(name_en="Rania Haddad", name_ar="رانيا حداد", slug="rania-haddad")
    english = ArticleFactory(
        title="Power cuts stretch to twenty hours a day in rural Aleppo",
        slug="power-cuts-rural-aleppo",
        summary="Families turn to generators and solar panels as the rationing schedule tightens.",
        body=ENGLISH_BODY,
        image=jpeg_file(),
        image_alt="Tangled electricity cables strung between balconies above a narrow street.",
        image_caption="Electricity cables over a street in the Aleppo countryside - June 2, 2024",
        image_credit="Newsroom/Rania Haddad",
        section=section,
        tags=[tag],
        authors=[author],
    )
    arabic = ArticleFactory(
        language="ar",
        title="ساعات التقنين تصل إلى عشرين ساعة يوميًا في ريف حلب",
        slug="ساعات-التقنين-في-ريف-حلب",
        summary="عائلات تلجأ إلى المولدات والألواح الشمسية مع تشديد برنامج التقنين.",
        body=ARABIC_BODY,
        image=jpeg_file(),
        image_alt="أسلاك كهرباء متشابكة ممدودة بين الشرفات فوق شارع ضيق.",
        image_caption="أسلاك كهرباء فوق شارع في ريف حلب - 2 حزيران 2024",
        image_credit="غرفة الأخبار/رانيا حداد",
        section=section,
        tags=[tag],
        authors=[author],
    )
    for story in (english, arabic):  # the resized copies, as the job makes them after a save
        make_image_variants(name=story.image.name)
    return {
        "en": ["/en/", english.get_absolute_url(), "/en/sections/economy/", "/en/tags/electricity/", "/en/authors/rania-haddad/"],
        "ar": ["/ar/", arabic.get_absolute_url(), section_url_ar(), "/ar/tags/الكهرباء/", "/ar/authors/rania-haddad/"],
    }


def section_url_ar():
    return "/ar/sections/اقتصاد/"


# The stories below are realistic on purpose: the Nu checker guesses each page's
# language from its text, so placeholder words would hide a wrongly labelled page.
MORE_STORIES = {
    "en": [
        ("Bakeries in Homs cut opening hours as flour deliveries slow", "homs-bakeries-cut-hours"),
        ("Teachers in Daraa leave classrooms for work in the fields", "daraa-teachers-leave-classrooms"),
    ],
    "ar": [
        ("أفران حمص تقلص ساعات عملها مع تباطؤ توريد الطحين", "أفران-حمص-تقلص-ساعات-عملها"),
        ("معلمون في درعا يتركون الصفوف للعمل في الحقول", "معلمون-في-درعا-يتركون-الصفوف"),
    ],
}
ONLY_IN_ONE_LANGUAGE = {
    "en": ("Fishermen in Tartus count the cost of a poor season", "tartus-fishermen-poor-season"),
    "ar": ("صيادو طرطوس يحصون خسائر موسم ضعيف", "صيادو-طرطوس-يحصون-خسائر-موسم-ضعيف"),
}


def build_full_site():
    """``build_site`` plus what a story page adds on top: a linked version, related articles, an appeal.

    The two main stories are linked as one story, each with two pinned related
    articles and a live end-of-article appeal, and were read today (the home
    pages show "most read"); the About page of each edition is in the list; a story in each language has no version in the other, and the edition home that its language switch leads
    to (with the "not available in that language yet" notice) is in the list.
    Returns ``{language: [urls]}`` like ``build_site``.
    """
    from django.utils import timezone

    from articles.models import Article, ArticleReadCount
    from articles.services import pin_related_article
    from tests.banners.factories import BannerFactory
    from tests.factories import EditorFactory
    from translations.services import link_translation
    from translations.templatetags.translation_tags import untranslated_url

    urls = build_site()
    english = Article.objects.get(language="en", slug="power-cuts-rural-aleppo")
    arabic = Article.objects.get(language="ar", slug="ساعات-التقنين-في-ريف-حلب")
    link_translation(article=english, counterpart=arabic, by=EditorFactory())
    for story in (english, arabic):
        for title, slug in MORE_STORIES[story.language]:
            target = ArticleFactory(language=story.language, title=title, slug=slug, summary=title, section=story.section,
                                    body=ENGLISH_BODY if story.language == "en" else ARABIC_BODY, image=jpeg_file())
            make_image_variants(name=target.image.name)  # the related block shows its thumbnail
            pin_related_article(article=story, target=target)
            ArticleReadCount.objects.create(article=target, day=timezone.localdate(), count=len(title))
        ArticleReadCount.objects.create(article=story, day=timezone.localdate(), count=1000)
    add_footer_links()
    for code, url in add_site_pages().items():
        urls[code].append(url)
    BannerFactory(
        lines_en="Syria needs free media.\nWe need your support to stay independent.",
        lines_ar="سوريا بحاجة إلى إعلام حر.\nنحتاج إلى دعمكم لنبقى مستقلين.",
    )
    for code, (title, slug) in ONLY_IN_ONE_LANGUAGE.items():
        alone = ArticleFactory(language=code, title=title, slug=slug, summary=title, section=english.section,
                               body=ENGLISH_BODY if code == "en" else ARABIC_BODY)
        urls[code].append(alone.get_absolute_url())
        other = "ar" if code == "en" else "en"
        urls[other].append(untranslated_url(alone, other))
    return urls


def add_site_pages():
    """The outlet's About page in both editions, linked as versions (through the pages service); ``{language: url}``."""
    from newsroom.pages.models import SitePage
    from newsroom.pages.services import save_site_page

    english = save_site_page(page=SitePage(
        language="en", slug="about", title="About Newsroom", is_published=True,
        body="<p>Newsroom is an independent news outlet reporting on daily life in Syria, in English and Arabic.</p>"
             "<h2>What we stand for</h2><ul><li>We answer to our readers, not to any government or armed group.</li>"
             "<li>We name our sources whenever it is safe to do so.</li></ul>",
    ))
    arabic = save_site_page(page=SitePage(
        language="ar", slug="about", title="عن «غرفة الأخبار»", is_published=True,
        body="<p>«غرفة الأخبار» مؤسسة إخبارية مستقلة تكتب عن الحياة اليومية في سوريا باللغتين العربية والإنجليزية.</p>"
             "<h2>ما نلتزم به</h2><ul><li>نحن مسؤولون أمام قرّائنا وحدهم، لا أمام حكومة أو فصيل مسلح.</li>"
             "<li>نسمّي مصادرنا كلما كان ذلك آمنًا.</li></ul>",
    ), counterpart=english)
    return {"en": english.get_absolute_url(), "ar": arabic.get_absolute_url()}


def add_footer_links():
    """A footer with a link in each column, in both editions (through the footer's service)."""
    from newsroom.footer.models import FooterLink
    from newsroom.footer.services import save_footer_link

    for group, en, ar, url in [
        (FooterLink.Group.OUTLET, "Corrections policy", "سياسة التصحيح", "/en/corrections/"),
        (FooterLink.Group.SOCIAL, "Mastodon", "ماستودون", "https://mastodon.example/@newsroom"),
    ]:
        save_footer_link(link=FooterLink(group=group, label_en=en, label_ar=ar, url_en=url, url_ar=url))


# Reading a page as a reader of one language ---------------------------------

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Text that is legitimately Latin on an Arabic page.
ALLOWED_LATIN = {"http", "https", "www"}
ACCESSIBLE_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "value"}


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """Collects what a reader sees or hears in the page's own language.

    Text outside scripts and styles counts, and so do accessible attributes.
    Text marked as another language (``lang="en"`` on the link to the English
    edition, say) is rightly not Arabic and is left out.
    """

    def __init__(self, language):
        super().__init__()
        self.language = language
        self.chunks = []
        self._stack = []  # (tag, lang in force inside it, hidden)

    def _current(self):
        return self._stack[-1][1:] if self._stack else (None, False)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang, hidden = self._current()
        lang = attributes.get("lang", lang)
        if lang == self.language:
            for name in ACCESSIBLE_ATTRIBUTES & attributes.keys():
                # A <button>'s value is sent with the form, never shown or read out (its content is).
                if name == "value" and tag != "input":
                    continue
                if attributes[name] and attributes.get("type") != "hidden":
                    self.chunks.append(attributes[name])
        if tag not in VOID_ELEMENTS:
            self._stack.append((tag, lang, hidden or tag in {"script", "style", "template"}))

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        lang, hidden = self._current()
        if lang == self.language and not hidden:
            self.chunks.append(data)


def english_words(html, language="ar"):
    """The Latin words a reader of *language* sees or hears on *html* (interface text left in English)."""
    parser = VisibleText(language)
    parser.feed(html)
    words = LATIN_WORD.findall(" ".join(parser.chunks))
    return sorted({word for word in words if word.lower() not in ALLOWED_LATIN})


def second_page_url(language):
    """The address of an edition home's second page, as its "Older stories" link gives it."""
    from django.conf import settings

    from articles.selectors import Cursor, edition_articles

    last_on_first_page = list(edition_articles(language)[: settings.NEWSROOM_ARTICLES_PER_PAGE])[-1]
    return f"/{language}/?before={Cursor.of(last_on_first_page)}"
