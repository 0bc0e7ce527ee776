"""Words too common to say two stories are alike, in English and Arabic.

The Arabic list is written as people write it; ``articles.suggestions``
normalises it with the same rules as the text it filters, so "إلى", "الى"
and "إلي" all match.
"""

ENGLISH = frozenset(
    """
    a about above after again against ago all almost also although am among an and another any are around
    as at back be became because been before being below between both but by can could did do does doing
    done down during each either else even ever every few first for from further get gets got had has have
    having he her here hers herself him himself his how however i if in into is it its itself just last
    least less like made make many may me might more most much must my myself near neither new next no nor
    not now of off on once one only onto or other others our ours ourselves out over own per rather said
    same say says she should since so some still such than that the their theirs them themselves then
    there these they this those though three through thus to today too two under until up upon us very via
    was we were what when where whether which while who whom whose why will with within without would yet
    you your yours yourself yourselves according amid despite told reported including news week weeks
    year years day days mr ms
    """.split()
)

ARABIC = frozenset(
    """
    في من إلى الى على عن مع عند عندما منذ حتى بين بعد قبل خلال حول ضد دون لدى نحو عبر وفق وفقا بحسب حسب
    أن إن أنه إنه أنها إنها كان كانت يكون تكون كانوا ليس ليست لم لن لا ما ماذا متى أين كيف هل قد لقد
    سوف أو أم ثم بل لكن لكنه غير سوى كل بعض أي أيضا أيضًا كما كذلك مثل هذا هذه ذلك تلك هؤلاء أولئك هنا هناك
    الذي التي الذين اللذين اللتين اللواتي اللاتي هو هي هم هن نحن أنا أنت أنتم هما إذ إذا إذن لو لولا
    عليه عليها عليهم فيه فيها فيهم منه منها منهم له لها لهم به بها بهم إليه إليها إليهم عنه عنها عنهم
    وقال قال قالت يقول تقول وأضاف أضاف وأضافت أضافت وأشار أشار وأشارت أشارت وأكد أكد وأكدت أكدت
    يوم اليوم أمس غدا عام العام سنة السنة شهر الشهر أسبوع الأسبوع
    و ف ب ل ك يا وهو وهي وقد ولا وما ولم وفي ومن وعلى وإلى وعن وأن وإن وكان وكانت
    جدا فقط أكثر أقل أول الأول الأولى ثاني الثاني آخر الآخر أخرى الأخرى عدة عدد بينما حيث لأن
    """.split()
)
