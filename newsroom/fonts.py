"""The site's own web fonts: which faces each edition uses, installed from npm at setup time.

The fonts are open-licence (SIL OFL) packages from npm (``package.json``:
``@fontsource/…``), so no font binary is committed and no font CDN is used.
``manage.py install_fonts`` (run by ``make setup`` after ``npm ci``) copies
only what the pages use, woff2 in the Arabic and Latin subsets, into
``NEWSROOM_FONTS_DIR`` (``build/fonts/``, git-ignored) and writes ``fonts.css``
there; the settings add that folder to the static files as ``fonts/``, so
collectstatic hashes and compresses them like every other static file.

Without npm the folder is absent: pages link no font stylesheet and preload
nothing, and ``site.css``'s fallback stacks are used.
"""

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

#: The subsets the two editions need (Arabic text, and Latin for names, figures and punctuation).
SUBSETS = ("arabic", "latin")


@dataclass(frozen=True)
class Face:
    """One family from one npm package, in the weights and subsets the pages use."""

    family: str
    package: str
    weights: tuple
    subsets: tuple

    def files(self):
        for weight in self.weights:
            for subset in self.subsets:
                yield weight, subset, f"{self.package}-{subset}-{weight}-normal.woff2"


FACES = (
    Face("Noto Naskh Arabic", "noto-naskh-arabic", (400, 700), SUBSETS),  # Arabic body text
    Face("IBM Plex Sans Arabic", "ibm-plex-sans-arabic", (700,), SUBSETS),  # Arabic headlines
    Face("Source Serif 4", "source-serif-4", (400, 700), ("latin",)),  # English body and headlines
    Face("Source Sans 3", "source-sans-3", (400, 600), ("latin",)),  # English interface
)

#: The face each edition's body text is set in: preloaded, since it is on every page above the fold.
BODY_FONT = {
    "ar": "noto-naskh-arabic-arabic-400-normal.woff2",
    "en": "source-serif-4-latin-400-normal.woff2",
}
#: Preloaded after the body face: the Arabic headline face, which sets the site's name and every
#: headline above the fold. Found only once fonts.css is parsed, it would start late, at the top
#: priority a browser gives fonts, beside the lead photo (Lighthouse counted it against first paint).
HEADLINE_FONT = {"ar": "ibm-plex-sans-arabic-arabic-700-normal.woff2"}


def fonts_dir():
    return Path(settings.NEWSROOM_FONTS_DIR)


def installed():
    """Whether ``install_fonts`` has run (the stylesheet is written last, so its presence means all)."""
    return (fonts_dir() / "fonts.css").is_file()


def page_fonts(language):
    """What a page of edition *language* links: the fonts' stylesheet and the faces it preloads, or None."""
    if not installed():
        return None
    preloads = [BODY_FONT.get(language, BODY_FONT["en"]), *filter(None, [HEADLINE_FONT.get(language)])]
    return {"stylesheet": "fonts/fonts.css", "preloads": [f"fonts/{name}" for name in preloads]}


def unicode_range(package_dir, face, weight, subset):
    """The ``unicode-range`` Fontsource gives *subset* (read from the package's own CSS)."""
    css = (package_dir / f"{weight}.css").read_text()
    block = css.split(f"/* {face.package}-{subset}-{weight}-normal */", 1)[1]
    return re.search(r"unicode-range:\s*([^;]+);", block).group(1)


def font_face(face, weight, subset, name, urange):
    return (
        "@font-face {\n"
        f"  font-family: \"{face.family}\";\n  font-style: normal;\n  font-weight: {weight};\n"
        f"  font-display: swap;\n  src: url(\"{name}\") format(\"woff2\");\n  unicode-range: {urange};\n}}\n"
    )


def install(source, target):
    """Copy the faces' woff2 files from *source* (``node_modules/@fontsource``) and write ``fonts.css``.

    Returns the number of files copied. Raises ``FileNotFoundError`` naming a missing package.
    """
    target.mkdir(parents=True, exist_ok=True)
    rules, copied = [], 0
    for face in FACES:
        package_dir = source / face.package
        for weight, subset, name in face.files():
            shutil.copyfile(package_dir / "files" / name, target / name)
            rules.append(font_face(face, weight, subset, name, unicode_range(package_dir, face, weight, subset)))
            copied += 1
    header = "/* Written by manage.py install_fonts from the @fontsource packages (SIL Open Font License). */\n"
    (target / "fonts.css").write_text(header + "\n".join(rules))
    return copied
