"""Demo step: the outlet's own pages (about us, contact, corrections policy), in English and Arabic, linked as versions.

Our own wording, written for this demo in both languages. Idempotent: a page
is found by its edition and slug and left as the editors may have changed it.
"""

from newsroom.pages import services
from newsroom.pages.models import SitePage

ABOUT_EN = """
<p>Newsroom is an independent news outlet covering Syria in English and Arabic. We report on how people live:
prices and wages, schools and hospitals, electricity and water, the return of refugees and the fate of the missing.</p>
<h2>Who we are</h2>
<p>Our reporters and editors are Syrian journalists working inside the country and across the region. Most of them
learned the trade during the war, when local reporting was often the only reporting there was.</p>
<h2>What we stand for</h2>
<ul>
<li>We answer to our readers, not to any government, armed group or party.</li>
<li>We name our sources whenever it is safe to do so, and say why when it is not.</li>
<li>We publish the same standards in both languages: an Arabic story and its English version make the same claims.</li>
</ul>
<h2>How we are funded</h2>
<p>We are funded by our readers and by grants from foundations that have no say over what we publish. We do not
accept money from governments or political groups involved in the conflict.</p>
"""

ABOUT_AR = """
<p>«غرفة الأخبار» مؤسسة إخبارية مستقلة تغطي الشأن السوري باللغتين العربية والإنجليزية. نكتب عن حياة الناس اليومية:
الأسعار والأجور، والمدارس والمستشفيات، والكهرباء والمياه، وعودة اللاجئين ومصير المفقودين.</p>
<h2>من نحن</h2>
<p>مراسلونا ومحررونا صحفيون سوريون يعملون داخل البلاد وفي دول الجوار، تعلّم معظمهم المهنة خلال سنوات الحرب، حين كانت
الصحافة المحلية في أحيان كثيرة المصدر الوحيد للخبر.</p>
<h2>ما نلتزم به</h2>
<ul>
<li>نحن مسؤولون أمام قرّائنا وحدهم، لا أمام حكومة أو فصيل مسلح أو حزب.</li>
<li>نسمّي مصادرنا كلما كان ذلك آمنًا، ونوضح السبب حين لا يكون.</li>
<li>نطبّق المعايير نفسها في اللغتين: القصة العربية ونسختها الإنجليزية تقولان الشيء ذاته.</li>
</ul>
<h2>مصادر تمويلنا</h2>
<p>يموّل عملَنا قرّاؤنا ومنحٌ من مؤسسات لا تتدخل في ما ننشره. ولا نقبل أي تمويل من حكومات أو جهات سياسية
أطرافٍ في النزاع.</p>
"""

CONTACT_EN = """
<p>We read every message, in Arabic or in English, and answer as soon as we can.</p>
<h2>News tips</h2>
<p>If you know of something we should report, write to <a href="mailto:tips@newsroom.example">tips@newsroom.example</a>.
Tell us what you saw and how we can reach you. We never publish the name of someone who asks us not to.</p>
<h2>Corrections</h2>
<p>If you have found a mistake in one of our stories, write to
<a href="mailto:corrections@newsroom.example">corrections@newsroom.example</a> with the address of the story.
Our corrections policy explains what happens next.</p>
<h2>Everything else</h2>
<p>For partnerships, republishing our stories or any other question, write to
<a href="mailto:editors@newsroom.example">editors@newsroom.example</a>.</p>
"""

CONTACT_AR = """
<p>نقرأ كل رسالة تصلنا، بالعربية أو بالإنجليزية، ونرد عليها في أقرب وقت ممكن.</p>
<h2>معلومات وأخبار</h2>
<p>إن كانت لديكم معلومات عن قصة تستحق التغطية، فراسلونا على <a href="mailto:tips@newsroom.example">tips@newsroom.example</a>،
واذكروا ما شاهدتم وكيف يمكننا التواصل معكم. لا ننشر اسم من يطلب منا عدم ذكره.</p>
<h2>التصحيحات</h2>
<p>إن وجدتم خطأً في إحدى قصصنا، فاكتبوا إلينا على
<a href="mailto:corrections@newsroom.example">corrections@newsroom.example</a> مع رابط القصة. وتشرح سياسة التصحيح لدينا
ما يجري بعد ذلك.</p>
<h2>استفسارات أخرى</h2>
<p>للشراكات وإعادة نشر قصصنا وأي سؤال آخر، راسلونا على
<a href="mailto:editors@newsroom.example">editors@newsroom.example</a>.</p>
"""

CORRECTIONS_EN = """
<p>We try to get every fact right. When we get one wrong, we say so openly and fix it quickly.</p>
<h2>How we correct a story</h2>
<ul>
<li>We correct the story itself and add a note at its end saying what was wrong and when we changed it.</li>
<li>We do not quietly rewrite a mistake away. Small fixes of spelling or grammar that change no meaning are the exception.</li>
<li>When a story has versions in both languages, we correct both.</li>
</ul>
<h2>When a story cannot stand</h2>
<p>If a story turns out to be wrong at its core, we do not delete it. We mark it as withdrawn, explain why at the top
of the page, and leave it where readers found it.</p>
<h2>Asking for a correction</h2>
<p>Anyone may ask for a correction, by writing to
<a href="mailto:corrections@newsroom.example">corrections@newsroom.example</a>. An editor who did not work on the story
reviews each request and replies, normally within three working days.</p>
"""

CORRECTIONS_AR = """
<p>نسعى إلى دقة كل معلومة ننشرها، وحين نخطئ نعترف بالخطأ علنًا ونصححه بسرعة.</p>
<h2>كيف نصحح القصة</h2>
<ul>
<li>نصحح نص القصة نفسه، ونضيف في آخرها ملاحظة تبين الخطأ وتاريخ تصحيحه.</li>
<li>لا نمحو الخطأ بصمت بإعادة الصياغة، ويُستثنى من ذلك تصويب الإملاء أو النحو الذي لا يغير المعنى.</li>
<li>إن كان للقصة نسختان بالعربية والإنجليزية، نصحح النسختين معًا.</li>
</ul>
<h2>حين لا تصمد القصة</h2>
<p>إن تبين أن القصة خاطئة من أساسها فلا نحذفها، بل نعلن سحبها ونشرح أسباب ذلك في أعلى الصفحة، ونبقيها حيث وجدها القرّاء.</p>
<h2>طلب التصحيح</h2>
<p>يحق لأي شخص أن يطلب تصحيحًا بمراسلتنا على
<a href="mailto:corrections@newsroom.example">corrections@newsroom.example</a>. يراجع كل طلب محررٌ لم يعمل على القصة، ويرد
عليه عادة خلال ثلاثة أيام عمل.</p>
"""

#: slug: {language: (title, body)}; the slug is the same in both editions, so the addresses read alike.
PAGES = {
    "about": {"en": ("About Newsroom", ABOUT_EN), "ar": ("عن «غرفة الأخبار»", ABOUT_AR)},
    "contact": {"en": ("Contact the newsroom", CONTACT_EN), "ar": ("راسلوا غرفة الأخبار", CONTACT_AR)},
    "corrections": {"en": ("Corrections policy", CORRECTIONS_EN), "ar": ("سياسة التصحيح", CORRECTIONS_AR)},
}


def load(context, stdout):
    created = 0
    for slug, versions in PAGES.items():
        english = None
        for language, (title, body) in versions.items():
            page = SitePage.objects.filter(language=language, slug=slug).first()
            if page is None:
                page = SitePage(language=language, slug=slug, title=title, body=body.strip(), is_published=True)
                services.save_site_page(page=page, counterpart=english)
                created += 1
            english = english or page
    stdout.write(f"Site pages: {created} created.")
