"""A small but realistic site for page-quality checks: both editions, every kind of reader page."""

import io

from django.core.files.base import ContentFile
from PIL import Image

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
        image_caption="أسلاك كهرباء فوق شارع في ريف حلب - 2 حزيران 2024",
        image_credit="غرفة الأخبار/رانيا حداد",
        section=section,
        tags=[tag],
        authors=[author],
    )
    return {
        "en": ["/en/", english.get_absolute_url(), "/en/sections/economy/", "/en/tags/electricity/", "/en/authors/rania-haddad/"],
        "ar": ["/ar/", arabic.get_absolute_url(), section_url_ar(), "/ar/tags/الكهرباء/", "/ar/authors/rania-haddad/"],
    }


def section_url_ar():
    return "/ar/sections/اقتصاد/"
