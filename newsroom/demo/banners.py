"""Demo step: the reader-support appeal that ends every story, in both editions.

Bilingual Syrian news sites close a story with a short appeal (free media against propaganda, a
dollar a month, a link to support). This is our outlet's own version of it,
written afresh in English and Arabic. Idempotent: the banner is found by its
internal name and left as the editors may have changed it.
"""

import datetime

from django.utils import timezone

from newsroom.banners.models import Banner

NAME = "Reader support: the end-of-story appeal"

APPEAL = {
    "lines_en": (
        "When propaganda fills the airwaves, the war only lasts longer.\n"
        "Syrians deserve news that answers to readers, not to armed groups or governments.\n"
        "Newsroom stays independent because readers like you keep it going."
    ),
    "lines_ar": (
        "حين تملأ الدعاية الفضاء، تطول الحرب أكثر.\n"
        "يستحق السوريون أخبارًا تخضع لقرّائها، لا للفصائل المسلحة ولا للحكومات.\n"
        "تبقى «غرفة الأخبار» مستقلة لأن قرّاء مثلكم يمدّونها بالقدرة على الاستمرار."
    ),
    "amount_line_en": "A single dollar a month helps keep our reporters in the field.",
    "amount_line_ar": "دولار واحد في الشهر يساعد مراسلينا على البقاء في الميدان.",
    "cta_label_en": "Support independent reporting",
    "cta_label_ar": "ادعموا الصحافة المستقلة",
    "cta_url_en": "https://example.org/support",
    "cta_url_ar": "https://example.org/ar/support",
}


def load(context, stdout):
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) - datetime.timedelta(days=1)
    banner, created = Banner.objects.get_or_create(
        name=NAME,
        defaults={**APPEAL, "is_active": True, "starts_at": start, "placement": Banner.Placement.END_OF_ARTICLE},
    )
    context["banners"] = [banner]
    stdout.write(f"Reader-support banner: {'created' if created else 'already there'}.")
