"""Demo step: the site footer's links (about, contact, corrections, support, social), in both editions.

Our own wording, in English and Arabic. Idempotent: a link is found by its
English label and left as the editors may have changed it.
"""

from newsroom.footer import services
from newsroom.footer.models import FooterLink

OUTLET, SOCIAL = FooterLink.Group.OUTLET, FooterLink.Group.SOCIAL

LINKS = [
    (OUTLET, "About Newsroom", "عن «غرفة الأخبار»", "https://example.org/about", "https://example.org/ar/about"),
    (OUTLET, "Contact the newsroom", "راسلوا غرفة الأخبار", "https://example.org/contact", "https://example.org/ar/contact"),
    (
        OUTLET,
        "Corrections policy",
        "سياسة التصحيح",
        "https://example.org/corrections",
        "https://example.org/ar/corrections",
    ),
    (OUTLET, "Support our reporting", "ادعموا عملنا الصحفي", "https://example.org/support", "https://example.org/ar/support"),
    (SOCIAL, "Mastodon", "ماستودون", "https://mastodon.example/@newsroom", "https://mastodon.example/@newsroom_ar"),
    (SOCIAL, "YouTube", "يوتيوب", "https://video.example/newsroom", "https://video.example/newsroom"),
]


def load(context, stdout):
    created = 0
    for position, (group, label_en, label_ar, url_en, url_ar) in enumerate(LINKS):
        if FooterLink.objects.filter(label_en=label_en).exists():
            continue
        link = FooterLink(
            group=group, position=position, label_en=label_en, label_ar=label_ar, url_en=url_en, url_ar=url_ar
        )
        services.save_footer_link(link=link)
        created += 1
    stdout.write(f"Footer links: {created} created.")
