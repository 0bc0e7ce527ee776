"""Placeholder news photos painted with Pillow, so demo pages have real images offline."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

SIZE = (1200, 675)


def _hex_to_rgb(value):
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def paint_jpeg(palette, seed):
    """A deterministic landscape in the two palette colours: sky, hills and a skyline."""
    rng = random.Random(seed)
    top, bottom = (_hex_to_rgb(c) for c in palette)
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    for layer in range(3):
        shade = tuple(max(0, int(c * (0.55 - 0.12 * layer))) for c in bottom)
        base = int(height * (0.55 + 0.12 * layer))
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, base - rng.randint(0, 90)))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    skyline = int(height * 0.78)
    x = 0
    while x < width:
        w, h = rng.randint(30, 90), rng.randint(40, 160)
        draw.rectangle([x, skyline - h, x + w, height], fill=(30, 30, 34))
        x += w + rng.randint(4, 20)
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()
