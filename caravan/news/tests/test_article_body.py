"""An article body renders and counts as its editor wrote it: paragraphs without a
template, internal links expanded, words counted across tags."""

import re

import pytest

from caravan.news.models import ArticlePage
from caravan.news.tests import factories

pytestmark = pytest.mark.django_db


def test_paragraphs_render_their_html_with_page_links_expanded(client, news_site):
    target = news_site["lead"]
    body = [
        {
            "type": "paragraph",
            "value": f'<p>See <a linktype="page" id="{target.pk}">the plant</a>.</p>'
            "<ul><li>One</li></ul>",
        },
        {"type": "paragraph", "value": "<p>Second <b>bold</b> paragraph.</p>"},
    ]
    article = factories.make_article(news_site["politics"], body=body)
    html = client.get(article.url).content.decode()
    body_html = re.search(r'<div class="article__body">(.*?)</article>', html, re.S)
    body_html = body_html.group(1)
    assert f'<p>See <a href="{target.url}">the plant</a>.</p>' in body_html
    assert "<ul><li>One</li></ul>" in body_html
    assert "<p>Second <b>bold</b> paragraph.</p>" in body_html
    assert "linktype" not in body_html


def test_reading_time_counts_words_on_both_sides_of_a_tag(news_site):
    # 230 words make one minute: 231 words across paragraph boundaries make two.
    words = "<p>" + "word " * 115 + "</p><p>" + "word " * 115 + "</p><h2>x</h2>"
    article = ArticlePage(
        standfirst="",
        body=[
            {"type": "paragraph", "value": words},
            {"type": "heading", "value": {"text": "Heading", "level": "h2"}},
            {"type": "quote", "value": {"quote": "To be", "attribution": "Anon"}},
        ],
    )
    # 230 paragraph words, "x" (a sub-heading inside the paragraph), the
    # heading's and the quote's words (not their field names).
    assert article._word_count() == 234
    assert article.reading_minutes == 2
    article.body = [{"type": "paragraph", "value": "<p>a</p><p>b</p>"}]
    assert article._word_count() == 2  # not "ab"
