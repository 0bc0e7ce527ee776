"""Vocabulary for the generated archive: news words in English and Arabic, side by side.

Each entry is one word (or a short phrase) in both languages, so a story can be
drawn once as a sequence of entries and written in either edition: the Arabic
version of a paired story then reads as a word-for-word rendering of the
English, and the two share the shape a real translation has (similar length,
the same places and themes). The text is not meant to be read, only to have
the size, the alphabet and the word frequencies of a news archive.
"""

#: Places, named on many stories: they also make the most common tags.
PLACES = [
    ("Damascus", "دمشق"), ("Aleppo", "حلب"), ("Idlib", "إدلب"), ("Homs", "حمص"), ("Hama", "حماة"),
    ("Latakia", "اللاذقية"), ("Tartus", "طرطوس"), ("Deir ez-Zor", "دير الزور"), ("Raqqa", "الرقة"),
    ("Hasakah", "الحسكة"), ("Qamishli", "القامشلي"), ("Daraa", "درعا"), ("Suwayda", "السويداء"),
    ("Quneitra", "القنيطرة"), ("Afrin", "عفرين"), ("Manbij", "منبج"), ("Douma", "دوما"), ("Jableh", "جبلة"),
    ("Palmyra", "تدمر"), ("Azaz", "أعزاز"), ("Beirut", "بيروت"), ("Amman", "عمّان"), ("Ankara", "أنقرة"),
    ("Gaziantep", "غازي عنتاب"), ("Istanbul", "إسطنبول"), ("Berlin", "برلين"), ("Geneva", "جنيف"),
    ("Moscow", "موسكو"), ("Tehran", "طهران"), ("Baghdad", "بغداد"), ("Erbil", "أربيل"), ("Cairo", "القاهرة"),
]

#: Themes: the body of most sentences.
THEMES = [
    ("electricity", "الكهرباء"), ("bread", "الخبز"), ("fuel", "المحروقات"), ("water", "المياه"),
    ("wheat", "القمح"), ("harvest", "الحصاد"), ("prices", "الأسعار"), ("salaries", "الرواتب"),
    ("currency", "العملة"), ("the pound", "الليرة"), ("the dollar", "الدولار"), ("markets", "الأسواق"),
    ("refugees", "اللاجئين"), ("the displaced", "النازحين"), ("camps", "المخيمات"), ("schools", "المدارس"),
    ("students", "الطلاب"), ("exams", "الامتحانات"), ("universities", "الجامعات"), ("hospitals", "المستشفيات"),
    ("doctors", "الأطباء"), ("medicine", "الدواء"), ("vaccines", "اللقاحات"), ("cholera", "الكوليرا"),
    ("the earthquake", "الزلزال"), ("reconstruction", "إعادة الإعمار"), ("housing", "السكن"), ("rent", "الإيجار"),
    ("detainees", "المعتقلين"), ("prisons", "السجون"), ("the missing", "المفقودين"), ("families", "العائلات"),
    ("women", "النساء"), ("children", "الأطفال"), ("workers", "العمال"), ("farmers", "المزارعين"),
    ("journalists", "الصحفيين"), ("lawyers", "المحامين"), ("judges", "القضاة"), ("teachers", "المعلمين"),
    ("the army", "الجيش"), ("militias", "الميليشيات"), ("checkpoints", "الحواجز"), ("airstrikes", "الغارات الجوية"),
    ("shelling", "القصف"), ("landmines", "الألغام"), ("the ceasefire", "وقف إطلاق النار"), ("negotiations", "المفاوضات"),
    ("the constitution", "الدستور"), ("elections", "الانتخابات"), ("parliament", "البرلمان"), ("the government", "الحكومة"),
    ("the ministry", "الوزارة"), ("the governor", "المحافظ"), ("local councils", "المجالس المحلية"),
    ("the opposition", "المعارضة"), ("civil society", "المجتمع المدني"), ("aid", "المساعدات"),
    ("the crossing", "المعبر"), ("the border", "الحدود"), ("smuggling", "التهريب"), ("captagon", "الكبتاغون"),
    ("sanctions", "العقوبات"), ("investment", "الاستثمار"), ("factories", "المصانع"), ("olive oil", "زيت الزيتون"),
    ("cotton", "القطن"), ("drought", "الجفاف"), ("the Euphrates", "الفرات"), ("dams", "السدود"),
    ("solar panels", "الألواح الشمسية"), ("generators", "المولدات"), ("the internet", "الإنترنت"),
    ("phones", "الهواتف"), ("transport", "النقل"), ("buses", "الحافلات"), ("roads", "الطرق"), ("bakeries", "الأفران"),
    ("subsidies", "الدعم"), ("taxes", "الضرائب"), ("customs", "الجمارك"), ("banks", "المصارف"),
    ("remittances", "الحوالات"), ("gold", "الذهب"), ("property", "العقارات"), ("land", "الأراضي"),
    ("archaeology", "الآثار"), ("theatre", "المسرح"), ("music", "الموسيقى"), ("novels", "الروايات"),
    ("cinema", "السينما"), ("football", "كرة القدم"), ("memory", "الذاكرة"), ("testimony", "الشهادة"),
    ("justice", "العدالة"), ("accountability", "المحاسبة"), ("the courts", "المحاكم"), ("human rights", "حقوق الإنسان"),
]

#: Verbs and the joints of a sentence.
VERBS = [
    ("said", "قال"), ("reported", "أفاد"), ("announced", "أعلن"), ("denied", "نفى"), ("confirmed", "أكد"),
    ("warned", "حذّر"), ("demanded", "طالب"), ("rejected", "رفض"), ("agreed", "وافق"), ("decided", "قرر"),
    ("raised", "رفع"), ("cut", "خفّض"), ("closed", "أغلق"), ("opened", "افتتح"), ("arrested", "اعتقل"),
    ("released", "أطلق سراح"), ("returned", "عاد"), ("fled", "فرّ"), ("rebuilt", "أعاد بناء"), ("lost", "فقد"),
    ("waited", "انتظر"), ("paid", "دفع"), ("sold", "باع"), ("bought", "اشترى"), ("protested", "احتج"),
    ("met", "التقى"), ("visited", "زار"), ("signed", "وقّع"), ("documented", "وثّق"), ("published", "نشر"),
    ("investigated", "حقق في"), ("estimated", "قدّر"), ("doubled", "تضاعف"), ("fell", "انخفض"), ("rose", "ارتفع"),
]

CONNECTORS = [
    ("and", "و"), ("in", "في"), ("on", "على"), ("from", "من"), ("to", "إلى"), ("with", "مع"), ("after", "بعد"),
    ("before", "قبل"), ("while", "بينما"), ("because", "لأن"), ("but", "لكن"), ("since", "منذ"), ("during", "خلال"),
    ("without", "دون"), ("about", "حول"), ("against", "ضد"), ("between", "بين"), ("under", "تحت"), ("near", "قرب"),
    ("this", "هذا"), ("that", "ذلك"), ("which", "التي"), ("who", "الذين"), ("also", "أيضًا"),
    ("again", "مجددًا"), ("still", "لا يزال"), ("only", "فقط"), ("more", "أكثر"), ("less", "أقل"), ("all", "كل"),
]

QUALIFIERS = [
    ("new", "جديد"), ("local", "محلي"), ("official", "رسمي"), ("independent", "مستقل"), ("rural", "ريفي"),
    ("northern", "الشمالي"), ("southern", "الجنوبي"), ("eastern", "الشرقي"), ("western", "الغربي"),
    ("monthly", "شهري"), ("daily", "يومي"), ("annual", "سنوي"), ("temporary", "مؤقت"), ("informal", "غير رسمي"),
    ("public", "عام"), ("private", "خاص"), ("international", "دولي"), ("humanitarian", "إنساني"),
    ("economic", "اقتصادي"), ("political", "سياسي"), ("legal", "قانوني"), ("cultural", "ثقافي"),
    ("hundreds of", "مئات"), ("thousands of", "آلاف"), ("dozens of", "عشرات"), ("half of", "نصف"),
    ("residents", "السكان"), ("officials", "المسؤولون"), ("witnesses", "الشهود"), ("activists", "الناشطون"),
    ("sources", "المصادر"), ("a report", "تقرير"), ("a survey", "استطلاع"), ("a decree", "مرسوم"),
    ("a statement", "بيان"), ("an investigation", "تحقيق"), ("the week", "الأسبوع"), ("the month", "الشهر"),
    ("the year", "العام"), ("winter", "الشتاء"), ("summer", "الصيف"), ("spring", "الربيع"), ("autumn", "الخريف"),
    ("morning", "الصباح"), ("night", "الليل"), ("hours", "ساعات"), ("days", "أيام"), ("months", "أشهر"),
]

#: Words in the order of how often a story uses them (Zipf-like draws favour the first).
VOCABULARY = CONNECTORS + VERBS + THEMES + PLACES + QUALIFIERS

SECTIONS = [
    ("Politics", "سياسة", "politics", "سياسة"),
    ("Economy", "اقتصاد", "economy", "اقتصاد"),
    ("Society", "مجتمع", "society", "مجتمع"),
    ("Human rights", "حقوق الإنسان", "human-rights", "حقوق-الإنسان"),
    ("Culture", "ثقافة", "culture", "ثقافة"),
    ("Investigations", "تحقيقات", "investigations", "تحقيقات"),
    ("Opinion", "رأي", "opinion", "رأي"),
]

FIRST_NAMES = [
    ("Ahmad", "أحمد"), ("Rama", "راما"), ("Omar", "عمر"), ("Lina", "لينا"), ("Yasser", "ياسر"), ("Hiba", "هبة"),
    ("Khaled", "خالد"), ("Nour", "نور"), ("Samer", "سامر"), ("Dima", "ديما"), ("Fadi", "فادي"), ("Zeina", "زينة"),
    ("Mohammad", "محمد"), ("Rasha", "رشا"), ("Bassel", "باسل"), ("Ruba", "ربى"), ("Tarek", "طارق"), ("Salma", "سلمى"),
    ("Wael", "وائل"), ("Mais", "ميس"),
]
LAST_NAMES = [
    ("Haddad", "حداد"), ("Khatib", "الخطيب"), ("Masri", "المصري"), ("Halabi", "الحلبي"), ("Shami", "الشامي"),
    ("Hamwi", "الحموي"), ("Homsi", "الحمصي"), ("Ali", "علي"), ("Hassan", "حسن"), ("Saleh", "صالح"),
    ("Darwish", "درويش"), ("Najjar", "النجار"), ("Kurdi", "الكردي"), ("Ahmad", "الأحمد"), ("Issa", "عيسى"),
]
