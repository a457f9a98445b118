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


def _ridges(draw, rng, size, haze, ground, layers=4, height_share=0.22):
    width, height = size
    for layer in range(layers):
        base = int(height * (0.45 + layer * 0.12))
        shade = tuple(
            int(c * (0.9 - layer * 0.18) + g * (layer * 0.18))
            for c, g in zip(haze, ground, strict=True)
        )
        points = [(0, height)]
        x = 0
        while x <= width:
            points.append(
                (x, base - rng.randint(0, int(height * (height_share - layer * 0.04))))
            )
            x += rng.randint(60, 180)
        points += [(width, base), (width, height)]
        draw.polygon(points, fill=shade)


def _mountains(draw, rng, size, palette):
    _sky, haze, _sun, ground = palette
    _ridges(draw, rng, size, haze, ground)


def _water(draw, rng, size, palette):
    """A lake or sea under low hills, with bands of reflected light."""
    _sky, haze, sun, ground = palette
    width, height = size
    _ridges(draw, rng, size, haze, ground, layers=2, height_share=0.12)
    shore = int(height * 0.62)
    water = tuple(int(c * 0.55 + g * 0.15) for c, g in zip(haze, ground, strict=True))
    draw.rectangle([0, shore, width, height], fill=water)
    for _ in range(14):
        y = rng.randint(shore + 10, height - 10)
        x = rng.randint(0, width - 200)
        draw.line([(x, y), (x + rng.randint(80, 360), y)], fill=sun, width=3)


def _city(draw, rng, size, palette):
    """A skyline of blocks and towers with lit windows."""
    _sky, haze, sun, ground = palette
    width, height = size
    x = 0
    while x < width:
        w = rng.randint(70, 190)
        top = rng.randint(int(height * 0.3), int(height * 0.7))
        shade = tuple(int(g * rng.uniform(0.6, 1.1)) % 256 for g in ground)
        draw.rectangle([x, top, x + w, height], fill=shade)
        for wy in range(top + 20, height - 20, 34):
            for wx in range(x + 12, x + w - 20, 28):
                if rng.random() < 0.35:
                    draw.rectangle([wx, wy, wx + 10, wy + 14], fill=sun)
        x += w + rng.randint(4, 20)


def _domes(draw, rng, size, palette):
    """Domes and minarets of an old city over a low wall."""
    _sky, haze, sun, ground = palette
    width, height = size
    wall = int(height * 0.72)
    draw.rectangle([0, wall, width, height], fill=ground)
    for _ in range(rng.randint(3, 5)):
        cx = rng.randint(100, width - 100)
        r = rng.randint(70, 150)
        base = wall - rng.randint(0, 80)
        tile = tuple(int(c * 0.7 + s * 0.3) for c, s in zip(haze, sun, strict=True))
        draw.rectangle([cx - r, base, cx + r, wall], fill=ground)
        draw.pieslice([cx - r, base - r, cx + r, base + r], 180, 360, fill=tile)
    for _ in range(rng.randint(1, 3)):
        mx = rng.randint(40, width - 40)
        draw.rectangle([mx - 18, int(height * 0.2), mx + 18, wall], fill=ground)


def _fields(draw, rng, size, palette):
    """Flat steppe in strips of field, with a row of poles or panels."""
    _sky, haze, sun, ground = palette
    width, height = size
    horizon = int(height * 0.55)
    rows = 9
    for i in range(rows):
        top = horizon + (height - horizon) * i // rows
        bottom = horizon + (height - horizon) * (i + 1) // rows
        mix = 0.3 + 0.6 * (i % 2)
        color = tuple(
            int(g * mix + h * (1 - mix)) for g, h in zip(ground, haze, strict=True)
        )
        draw.rectangle([0, top, width, bottom], fill=color)
    step = rng.randint(110, 200)
    for x in range(rng.randint(0, step), width, step):
        draw.line(
            [(x, horizon - rng.randint(60, 140)), (x, horizon + 10)],
            fill=ground,
            width=6,
        )
    draw.line([(0, horizon - 100), (width, horizon - 80)], fill=ground, width=2)


MOTIFS = {
    "mountains": _mountains,
    "water": _water,
    "city": _city,
    "domes": _domes,
    "fields": _fields,
}


def landscape_jpeg(
    seed: str, size=(1600, 900), motif: str = "mountains", palette: int | None = None
) -> bytes:
    """A generated scene: sky gradient, sun, then the ``motif`` (mountains, water,
    city, domes, fields) in palette ``palette`` (or one the seed picks)."""
    rng = random.Random(seed)  # noqa: S311 - art, not secrets
    colours = (
        PALETTES[palette % len(PALETTES)]
        if palette is not None
        else rng.choice(PALETTES)
    )
    sky, haze, sun, _ground = colours
    width, height = size
    image = _gradient(size, sky, haze)
    draw = ImageDraw.Draw(image)
    sx, sy, r = (
        rng.randint(200, width - 200),
        rng.randint(120, height // 2),
        rng.randint(50, 90),
    )
    draw.ellipse([sx - r, sy - r, sx + r, sy + r], fill=sun)
    MOTIFS[motif](draw, rng, size, colours)
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
