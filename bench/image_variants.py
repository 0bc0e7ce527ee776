"""Benchmark of the resized image copies: what a reader downloads, and what making them costs.

Run: ``.venv/bin/python bench/image_variants.py [--width 4000] [--repeat 3]``.

It paints a synthetic photo (gradients, texture and noise, so it compresses
like a photo rather than like a flat test card), re-encodes it as an upload
is (``sanitize_image``), then makes its copies (``variants.make_variants``)
into a throw-away media folder and reports:

* the bytes each reader's browser downloads for the story image (the copy
  its ``srcset`` and ``sizes`` choose, as Chromium picks: the smallest
  candidate at least as wide as the slot times the pixel density) against
  the stored original, which every reader downloaded before;
* the time the background job takes against the time the upload's own
  re-encoding takes, measured in the same run (absolute times drift on
  shared machines).
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: (reader, CSS pixels the story image is drawn at, device pixel ratio): slot = min(100vw - 2rem, 42rem).
READERS = [("phone 375px @1x", 343, 1), ("phone 390px @3x", 358, 3), ("tablet 768px @2x", 672, 2), ("desktop @1x", 672, 1)]


def setup(media_root):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["DJANGO_MEDIA_ROOT"] = media_root
    import django

    django.setup()


def synthetic_photo(width):
    from PIL import Image, ImageDraw, ImageFilter

    height = width * 9 // 16
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for index in range(60):  # buildings and shadows
        x = (index * 7919) % width
        draw.rectangle([x, height // 3 + (index * 37) % (height // 2), x + width // 25, height], fill=(90 + index, 70, 60 + index))
    # Texture at several scales, so the detail survives resizing as a real scene's does.
    for scale, amount in ((64, 0.25), (8, 0.2), (1, 0.08)):
        noise = Image.effect_noise((width // scale, height // scale), 60).resize((width, height), Image.Resampling.BICUBIC)
        image = Image.blend(image, noise.convert("RGB"), amount)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


def chosen(widths, original_width, slot, density):
    needed = slot * density
    candidates = sorted(widths)
    return next((width for width in candidates if width >= needed), candidates[-1] if candidates else original_width)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--width", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as media:
        setup(media)
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        from articles import variants
        from articles.images import sanitize_image

        data = synthetic_photo(options.width)
        upload_times, job_times = [], []
        for attempt in range(options.repeat):
            started = time.perf_counter()
            clean = sanitize_image(ContentFile(data, name="photo.jpg"))
            upload_times.append(time.perf_counter() - started)
            name = default_storage.save(f"articles/bench/{attempt}-{clean.name}", clean)
            started = time.perf_counter()
            widths = variants.make_variants(name)
            job_times.append(time.perf_counter() - started)
        original = default_storage.size(name)
        print(f"Original {options.width}x{options.width * 9 // 16}, stored {original / 1024:.0f} KiB; copies at {widths}")
        for reader, slot, density in READERS:
            width = chosen(widths, options.width, slot, density)
            copy = variants.variant_name(name, width, "webp")
            size = default_storage.size(copy)
            print(f"  {reader:18} downloads the {width}w WebP: {size / 1024:6.0f} KiB = {size / original:.3f} of the original")
        upload, job = min(upload_times), min(job_times)
        print(f"Making the copies (job, best of {options.repeat}) takes {job / upload:.2f}x the upload's own re-encoding")


if __name__ == "__main__":
    main()
