"""Multi-word tags: commas alone separate tags, so "Central Asia" is one tag and
round-trips through the article form without quotes."""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User
from wagtail.test.utils.form_data import inline_formset

from caravan.core.editorial import EDITORS
from caravan.core.tags import string_from_tags, tags_from_string
from caravan.core.tests.test_permissions import article_form
from caravan.news.models import ArticlePage


@pytest.mark.parametrize(
    "text, names",
    [
        ("Central Asia", ["Central Asia"]),
        ("Central Asia, trade", ["Central Asia", "trade"]),
        ('"central asia",trade', ["central asia", "trade"]),  # Wagtail's quoting
        ('"Almaty, Astana", rail', ["Almaty, Astana", "rail"]),
        (" , trade,, ", ["trade"]),
        ("  two   spaces ", ["two spaces"]),
        ('"unclosed quote', ["unclosed quote"]),
        ("", []),
    ],
)
def test_tags_from_string(text, names):
    assert tags_from_string(text) == names


def test_string_from_tags_quotes_only_names_with_commas():
    tags = [
        SimpleNamespace(name=n) for n in ("trade", "Central Asia", "Almaty, Astana")
    ]
    text = string_from_tags(tags)
    assert text == '"Almaty, Astana", Central Asia, trade'
    assert tags_from_string(text) == ["Almaty, Astana", "Central Asia", "trade"]


@pytest.mark.django_db
def test_central_asia_round_trips_through_the_edit_form(client, news_site):
    editor = User.objects.create_user("desk", password="pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/news/articlepage/{news_site['business'].pk}/",
        # What Wagtail's tag field submits for one multi-word tag, unquoted.
        article_form(news_site["timur"], slug="tagged", tags="Central Asia"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = ArticlePage.objects.get(slug="tagged")
    draft = article.get_latest_revision_as_object()
    assert [t.name for t in draft.tags.all()] == ["Central Asia"]

    edit = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    field = re.search(r'<input[^>]*name="tags"[^>]*>', edit)[0]
    assert 'value="Central Asia"' in field
    assert "&quot;preprocessTag&quot;: null" in field  # no quotes added in the browser

    byline = draft.article_authors.get()
    response = client.post(
        f"/admin/pages/{article.pk}/edit/",
        article_form(
            news_site["timur"],
            slug="tagged",
            article_authors=inline_formset(
                [{"id": byline.pk, "author": news_site["timur"].pk}], initial=1
            ),
            tags="Central Asia,trade",
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    draft = article.get_latest_revision_as_object()
    assert sorted(t.name for t in draft.tags.all()) == ["Central Asia", "trade"]
