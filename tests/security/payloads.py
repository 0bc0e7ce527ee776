"""Hostile text for the security tests: classic XSS vectors, written for this project.

Every payload that manages to run sets ``window.__xss`` (or opens a dialog),
so a test only has to ask the browser whether that happened. The list
covers the usual families: script elements, event handlers that fire by
themselves, ``javascript:`` addresses, SVG and MathML, mixed case, entity and
percent encodings, broken markup, breakouts from attributes, titles and
textareas, Arabic text with direction overrides, and template syntax that
must stay text. Each stays at most 80 characters long, the shortest field it
is written to (a banner button's label).
"""

MARKER = "__xss"

XSS_PAYLOADS = [
    # Script elements, plain and disguised.
    "<script>window.__xss=1</script>",
    "<ScRiPt>window.__xss=2</sCrIpT>",
    "<scr<script>ipt>window.__xss=3</scr</script>ipt>",
    "<script src=data:,window.__xss=4></script>",
    "<svg><script>window.__xss=5</script></svg>",
    "<math><mtext><script>window.__xss=6</script></mtext></math>",
    # Event handlers that fire without anyone clicking.
    "<img src=x onerror=window.__xss=7>",
    '<img src="x" onerror="alert(8)">',
    "<svg onload=window.__xss=9>",
    "<svg/onload=window.__xss=10//",
    "<body onload=window.__xss=11>",
    "<details open ontoggle=window.__xss=12>",
    "<input autofocus onfocus=window.__xss=13>",
    "<video><source onerror=window.__xss=14></video>",
    "<audio src=x onerror=window.__xss=15>",
    "<iframe onload=window.__xss=16></iframe>",
    "<style onload=window.__xss=17></style>",
    "<marquee onstart=window.__xss=18>x</marquee>",
    "<object data=x onerror=window.__xss=19></object>",
    # javascript: and data: addresses, for a click that may come.
    '<a href="javascript:window.__xss=20">read more</a>',
    '<a href="JaVaScRiPt:window.__xss=21">x</a>',
    '<a href="jav&#x09;ascript:window.__xss=22">x</a>',
    '<iframe src="javascript:parent.__xss=23"></iframe>',
    '<a href="data:text/html,<script>alert(24)</script>">x</a>',
    '<form action="javascript:window.__xss=25"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=26">',
    # Entity- and percent-encoded: must stay text, never be decoded into markup.
    "&lt;script&gt;window.__xss=27&lt;/script&gt;",
    "&#60;img src=x onerror=window.__xss=28&#62;",
    "%3Cscript%3Ewindow.__xss=29%3C/script%3E",
    "<img src=x onerror=&#119;indow.__xss=30>",
    # Breaking out of the element or attribute a field is rendered in.
    '"><script>window.__xss=31</script>',
    "'><img src=x onerror=window.__xss=32>",
    '" autofocus onfocus="window.__xss=33" x="',
    "</title><script>window.__xss=34</script>",
    "</textarea><script>window.__xss=35</script>",
    "</script><script>window.__xss=36</script>",
    "<!--<img src=--><img src=x onerror=window.__xss=37//-->",
    "<noscript><p title=\"</noscript><img src=x onerror=window.__xss=38>\">",
    # Arabic text with bidi overrides wrapped around markup.
    "\u202eنص <img src=x onerror=window.__xss=39> عربي\u202c",
    "\u2067<svg onload=window.__xss=40>\u2069 خبر عاجل",
    # Template syntax: must come out as typed, never evaluated.
    "{{ 7|add:7 }}{% now 'Y' %}{# hidden #}",
    "{% load static %}{{ request.META }}${window.__xss=42}",
]

