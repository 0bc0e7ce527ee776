"""Demo step: the site footer's links (about, contact, corrections on this site; support, social), in both editions.

Our own wording, in English and Arabic. Idempotent: a link is found by its
English label and left as the editors may have changed it.
"""

from newsroom.footer import services
from newsroom.footer.models import FooterLink

OUTLET, SOCIAL = FooterLink.Group.OUTLET, FooterLink.Group.SOCIAL

LINKS = [
    # The outlet's own pages (newsroom/demo/pages.py), in each edition.
    (OUTLET, "About Newsroom", "عن «غرفة الأخبار»", "/en/pages/about/", "/ar/pages/about/"),
    (OUTLET, "Contact the newsroom", "راسلوا غرفة الأخبار", "/en/pages/contact/", "/ar/pages/contact/"),
    (OUTLET, "Corrections policy", "سياسة التصحيح", "/en/pages/corrections/", "/ar/pages/corrections/"),
    (OUTLET, "Support our reporting", "ادعموا عملنا الصحفي", "https://example.org/support", "https://example.org/ar/support"),
    (SOCIAL, "Mastodon", "ماستودون", "https://mastodon.example/@newsroom", "https://mastodon.example/@newsroom_ar"),
    (SOCIAL, "YouTube", "يوتيوب", "https://video.example/newsroom", "https://video.example/newsroom"),
]


#: Where earlier demo footers pointed before the site had its own pages: moved to them when still unchanged.
PLACEHOLDERS = {
    "https://example.org/about": "/en/pages/about/",
    "https://example.org/contact": "/en/pages/contact/",
    "https://example.org/corrections": "/en/pages/corrections/",
}


def load(context, stdout):
    created = 0
    for position, (group, label_en, label_ar, url_en, url_ar) in enumerate(LINKS):
        link = FooterLink.objects.filter(label_en=label_en).first()
        if link is not None:
            if PLACEHOLDERS.get(link.url_en) == url_en:
                link.url_en, link.url_ar = url_en, url_ar
                services.save_footer_link(link=link)
            continue
        link = FooterLink(
            group=group, position=position, label_en=label_en, label_ar=label_ar, url_en=url_en, url_ar=url_ar
        )
        services.save_footer_link(link=link)
        created += 1
    stdout.write(f"Footer links: {created} created.")
