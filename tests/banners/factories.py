"""Factories for reader-support banners (kept here rather than in tests/factories.py)."""

import datetime

import factory
from django.utils import timezone

from newsroom.banners.models import Banner


class BannerFactory(factory.django.DjangoModelFactory):
    """A live end-of-article banner with complete copy in English and Arabic."""

    class Meta:
        model = Banner
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Campaign {n}")
    lines_en = factory.Sequence(lambda n: f"Appeal headline {n}\nIndependent journalism needs you.")
    lines_ar = factory.Sequence(lambda n: f"عنوان الدعوة {n}\nالصحافة المستقلة تحتاجكم.")
    amount_line_en = "$1 a month makes a difference."
    amount_line_ar = "دولار واحد في الشهر يصنع فرقًا."
    cta_label_en = "Support us"
    cta_label_ar = "ادعمونا"
    cta_url_en = "https://example.org/support"
    cta_url_ar = "https://example.org/ar/support"
    is_active = True
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Params:
        off = factory.Trait(is_active=False)
        scheduled = factory.Trait(starts_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1)))
        ended = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10)),
            ends_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )
        footer = factory.Trait(placement=Banner.Placement.SITE_FOOTER)

    @factory.post_generation
    def sections(self, create, extracted, **kwargs):
        if create and extracted:
            self.sections.set(extracted)
