"""Arabic formats: day month year ("30 تشرين الثاني 2026"), 24-hour clock, 1,234.5 grouping.

The separators are the Western ones; with Arabic-Indic digits the reader pages
switch to ٫ and ٬ together with the digits (``articles.editions.format_number``).
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 6  # Saturday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
