"""Date and number formats of the site's languages where Django's own do not suit the newsroom.

Django's Arabic formats write a datetime in US order ("نوفمبر 30، 2026"); the
Arabic admin here writes day, month, year, as the reader pages do. The month
names themselves follow ``NEWSROOM_ARABIC_MONTHS`` (``newsroom.arabic_dates``).
"""
