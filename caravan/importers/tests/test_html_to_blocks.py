import json

import pytest

from caravan.importers.html_to_blocks import convert, plain_text, wpautop

XSS = [
    "<script>alert(1)</script>",
    '<img src="x.jpg" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<p onclick="alert(1)" style="color:red">hi</p>',
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example/x"></iframe>',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<form action="javascript:alert(1)"><input onfocus=alert(1) autofocus></form>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '[caption]<img src="a.jpg" onerror="alert(1)"> evil <script>x()</script>[/caption]',
    '<table><tr><td onmouseover="alert(1)"><script>x</script>cell</td></tr></table>',
    '<blockquote onmouseover="alert(1)">q<script>x</script></blockquote>',
]


@pytest.mark.parametrize("payload", XSS)
def test_nothing_executable_survives(payload):
    blocks = convert(payload, resolve_image=lambda ref: 1).blocks
    raw = json.dumps(blocks).lower()
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "onload",
        "onmouseover",
        "onfocus",
        "javascript:",
        "<iframe",
        "<style",
        "<object",
        "<embed",
        "data:text",
    ):
        assert bad not in raw, (payload, raw)


def test_wpautop_blank_lines_make_paragraphs():
    html = wpautop("First line\nsame paragraph\n\nSecond paragraph")
    assert html.count("<p>") == 2 and "<br />" in html
    blocks = convert("One\n\nTwo\nthree").blocks
    assert blocks[0]["value"] == "<p>One</p><p>Two<br/>\nthree</p>"


def test_headings_lists_quotes_tables():
    html = """<h1>Big</h1><h3>Small</h3><h6>Tiny</h6>
<ul><li>a<ol><li>b</li></ol></li></ul>
<blockquote><p>Words.</p><cite>Someone</cite></blockquote>
<table><caption>Cap</caption><tr><th>h1</th><th>h2</th></tr><tr><td>1</td></tr></table>"""
    blocks = convert(html).blocks
    kinds = [b["type"] for b in blocks]
    assert kinds == ["heading", "heading", "heading", "paragraph", "quote", "table"]
    assert [b["value"]["level"] for b in blocks[:3]] == ["h2", "h3", "h4"]
    assert blocks[3]["value"] == "<ul><li>a<ol><li>b</li></ol></li></ul>"
    assert blocks[4]["value"] == {"quote": "Words.", "attribution": "Someone"}
    table = blocks[5]["value"]
    assert table["data"] == [["h1", "h2"], ["1", ""]]
    assert table["first_row_is_table_header"] and table["table_caption"] == "Cap"


def test_caption_gallery_and_missing_images():
    seen = []

    def resolve(ref):
        seen.append(ref)
        return None if ref.attachment_id == 9 else 42

    html = (
        '[caption id="attachment_5" width="300"]<a href="/x"><img class="wp-image-5" '
        'src="https://ex.com/wp-content/uploads/2020/01/a-300x200.jpg" /></a> A '
        '<b>nice</b> caption[/caption]\n\n[gallery ids="7,9"]'
    )
    result = convert(html, resolve_image=resolve)
    assert [b["type"] for b in result.blocks] == ["image", "image"]
    assert result.blocks[0]["value"] == {
        "image": 42,
        "caption": "A nice caption",
        "credit": "",
    }
    assert seen[0].attachment_id == 5
    assert result.missing_images == ["attachment 9"]


def test_embeds_from_urls_shortcodes_iframes_and_gutenberg():
    html = """Intro

https://www.youtube.com/watch?v=abc

https://example.com/not-an-embed

[embed]https://vimeo.com/123[/embed]
<iframe src="https://www.youtube.com/embed/xyz?rel=0"></iframe>
<!-- wp:core-embed/twitter {"url":"https://twitter.com/a/status/1"} -->
<figure><div>https://twitter.com/a/status/1</div></figure>
<!-- /wp:core-embed/twitter -->"""
    blocks = convert(html).blocks
    embeds = [b["value"] for b in blocks if b["type"] == "embed"]
    assert embeds == [
        "https://www.youtube.com/watch?v=abc",
        "https://vimeo.com/123",
        "https://www.youtube.com/watch?v=xyz",
        "https://twitter.com/a/status/1",
    ]
    assert "https://example.com/not-an-embed" in json.dumps(blocks)


def test_gutenberg_content_is_not_autop_ed():
    html = "<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->"
    assert convert(html).blocks[0]["value"] == "<p>One\ntwo</p>"


def test_block_ids_are_deterministic():
    assert convert("<p>x</p><h2>y</h2>").blocks == convert("<p>x</p><h2>y</h2>").blocks


def test_plain_text():
    assert plain_text("<p>A &amp; <script>x</script><b>B</b></p>") == "A & B"
