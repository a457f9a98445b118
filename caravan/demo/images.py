"""Generated pictures for the demo: landscapes for articles, portraits for authors.
Deterministic (seeded by name) so reloading the demo gives the same images."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

PALETTES = [
    [(24, 60, 94), (83, 140, 176), (233, 196, 106), (80, 66, 52)],
    [(58, 39, 78), (167, 98, 130), (250, 180, 120), (40, 44, 60)],
    [(16, 74, 70), (92, 166, 150), (238, 222, 170), (60, 80, 50)],
    [(90, 40, 30), (200, 110, 70), (250, 210, 140), (70, 50, 40)],
    [(30, 40, 70), (110, 130, 190), (220, 230, 240), (50, 60, 80)],
    [(40, 60, 30), (130, 160, 90), (240, 220, 150), (70, 60, 40)],
]


def _gradient(size, top, bottom):
    width, height = size
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        color = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=color)
    return image


def landscape_jpeg(seed: str, size=(1600, 900)) -> bytes:
    """A steppe-and-mountains scene: sky gradient, sun, ridges, foreground."""
    rng = random.Random(seed)  # noqa: S311 - art, not secrets
    sky, haze, sun, ground = rng.choice(PALETTES)
    width, height = size
    image = _gradient(size, sky, haze)
    draw = ImageDraw.Draw(image)
    sx, sy, r = (
        rng.randint(200, width - 200),
        rng.randint(120, height // 2),
        rng.randint(50, 90),
    )
    draw.ellipse([sx - r, sy - r, sx + r, sy + r], fill=sun)
    for layer in range(4):
        base = int(height * (0.45 + layer * 0.12))
        shade = tuple(
            int(c * (0.9 - layer * 0.18) + g * (layer * 0.18))
            for c, g in zip(haze, ground, strict=True)
        )
        points = [(0, height)]
        x = 0
        while x <= width:
            points.append(
                (x, base - rng.randint(0, int(height * (0.22 - layer * 0.04))))
            )
            x += rng.randint(60, 180)
        points += [(width, base), (width, height)]
        draw.polygon(points, fill=shade)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def portrait_png(name: str, size=480) -> bytes:
    """An abstract portrait: head and shoulders silhouette with the initials."""
    rng = random.Random(name)  # noqa: S311 - art, not secrets
    background, _, accent, dark = rng.choice(PALETTES)
    image = _gradient((size, size), background, accent)
    draw = ImageDraw.Draw(image)
    cx = size // 2
    draw.ellipse(
        [cx - size * 0.36, size * 0.62, cx + size * 0.36, size * 1.3], fill=dark
    )
    draw.ellipse(
        [cx - size * 0.17, size * 0.22, cx + size * 0.17, size * 0.6], fill=dark
    )
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font = ImageFont.load_default(size=size // 7)
    draw.text((cx, size * 0.41), initials, fill=accent, font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
