import re

import pytest
from wagtail.test.utils import WagtailPageTestCase

from caravan.core.models import StandardPage
from caravan.news.models import ArticlePage, HomePage, SectionPage
from caravan.people.models import AuthorPage, PeopleIndexPage

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def main_part(response) -> str:
    """The <main> element only (the sidebar repeats the latest headlines)."""
    return re.search(r"<main.*?</main>", text(response), re.S).group(0)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_allowed_children(self):
        from caravan.liveblogs.models import LiveBlogPage
        from caravan.podcasts.models import PodcastShowPage

        self.assertAllowedSubpageTypes(
            HomePage, {SectionPage, PeopleIndexPage, StandardPage, PodcastShowPage}
        )

        self.assertAllowedSubpageTypes(
            SectionPage, {SectionPage, ArticlePage, LiveBlogPage}
        )
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertAllowedParentPageTypes(ArticlePage, {SectionPage})
        self.assertAllowedParentPageTypes(AuthorPage, {PeopleIndexPage})


def test_home_shows_lead_latest_and_section_blocks(client, news_site):
    response = client.get("/")
    assert response.status_code == 200
    html = text(response)
    lead_at = html.index("Solar plant opens")
    assert lead_at < html.index("Latest news")
    assert "Business story 0" in html
    assert "Unpublished draft" not in html
    assert "Dated tomorrow" not in html
    assert 'class="ticker-slot"' in html  # the currency ticker slot is on every page
    assert '<main id="main"' in html and "<header" in html and "<footer" in html


def test_article_page_has_everything_a_reader_expects(client, news_site):
    article = news_site["lead"]
    response = client.get(article.url)
    assert response.status_code == 200
    html = text(response)
    assert '<h1 class="article__title">Solar plant opens</h1>' in html
    # breadcrumb Home › Business & Economy › Energy
    crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert (
        "Home" in crumbs and "Business &amp; Economy" in crumbs and "Energy" in crumbs
    )
    # byline: both authors in order, linked to their profiles
    byline = re.search(r'<p class="byline">.*?</p>', html, re.S).group(0)
    assert byline.index("Timur Rakhimov") < byline.index("Aigerim Sadykova")
    assert f'href="{news_site["timur"].url}"' in byline
    assert "SAMARKAND" in html
    assert "More articles from Timur Rakhimov" in html
    assert "More articles from Aigerim Sadykova" in html
    assert "Senior Editor and Contributor" in html
    assert "Suggested articles" in html
    assert 'href="/tag/trade/"' in html and 'href="/country/uzbekistan/"' in html
    assert "3 min read" in html  # 460 words + standfirst at 230 wpm
    assert "<picture>" in html and "srcset=" in html and "image/webp" in html
    # sidebar latest news, without the article itself
    sidebar = re.search(r'<aside class="layout__sidebar".*?</aside>', html, re.S).group(
        0
    )
    assert "Business story 0" in sidebar and "Solar plant opens" not in sidebar


def test_masthead_date_is_in_the_site_time_zone(client, news_site, time_machine):
    # 20:30 UTC on 31 Dec is already 1 January in Almaty (UTC+5)
    time_machine.move_to("2030-12-31 20:30:00+00:00", tick=False)
    html = text(client.get("/"))
    assert 'datetime="2031-01-01"' in html


def test_byline_and_cards_date_in_the_site_time_zone(client, news_site):
    import datetime as dt

    lead = news_site["lead"]
    # 21:10 UTC on 31 Dec is 02:10 on 1 January in Almaty (UTC+5).
    ArticlePage.objects.filter(pk=lead.pk).update(
        date_published=dt.datetime(2025, 12, 31, 21, 10, tzinfo=dt.UTC)
    )
    html = text(client.get(lead.url))
    byline = re.search(r'<p class="byline">.*?</p>', html, re.S).group(0)
    assert 'datetime="2025-12-31T21:10:00+0000"' in byline  # the instant, in UTC
    assert "1 January 2026, 02:10" in byline  # what readers see
    section = text(client.get(news_site["energy"].url))
    assert "1 Jan 2026" in section


def test_section_lists_its_and_its_subsections_articles_newest_first(client, news_site):
    html = text(client.get(news_site["business"].url))
    assert html.index("Solar plant opens") < html.index("Business story 0")
    assert html.index("Business story 0") < html.index("Business story 1")
    assert "Viewing results 1 - 12 of 12" in html
    assert (
        "Politics"
        not in re.search(r'<div class="card-list">.*', html, re.S).group(0)[:2000]
    )


def test_archive_pagination_count_line_and_links(client, news_site):
    settings_obj = __import__(
        "caravan.core.models", fromlist=["SiteSettings"]
    ).SiteSettings
    site_settings = settings_obj.for_site(news_site["home"].get_site())
    site_settings.archive_page_size = 5
    site_settings.save()
    first = text(client.get(news_site["business"].url))
    assert "Viewing results 1 - 5 of 12" in first
    assert 'rel="next" href="/business/?page=2"' in first
    last = text(client.get(news_site["business"].url + "?page=3"))
    assert "Viewing results 11 - 12 of 12" in last
    assert 'rel="prev" href="/business/?page=2"' in last


@pytest.mark.parametrize(
    "page", ["0", "-1", "abc", "99999999", "1.5", "²", "9" * 10_000]
)
def test_bad_page_numbers_are_404_not_500(client, news_site, page):
    for url in [
        news_site["business"].url,
        "/tag/trade/",
        "/country/kazakhstan/",
        news_site["aigerim"].url,
        "/search/?q=story&x=1",
    ]:
        sep = "&" if "?" in url else "?"
        response = client.get(f"{url}{sep}page={page}")
        assert response.status_code == 404, (url, page)
        assert "Page not found" in text(response)


def test_tag_and_country_archives(client, news_site):
    html = text(client.get("/tag/trade/"))
    assert "Viewing results 1 - 12 of 12" in html  # draft and future excluded
    assert "Unpublished draft" not in html
    html = main_part(client.get("/country/uzbekistan/"))
    assert "Solar plant opens" in html and "Business story" not in html
    assert client.get("/tag/no-such-tag/").status_code == 404
    assert client.get("/country/atlantis/").status_code == 404


def test_author_page_lists_their_articles(client, news_site):
    html = main_part(client.get(news_site["timur"].url))
    assert "<h1>Timur Rakhimov</h1>" in html
    assert "Business Correspondent" in html
    assert "Solar plant opens" in html
    assert "Unpublished draft" not in html and "Dated tomorrow" not in html
    assert "Viewing results 1 - 1 of 1" in html
    empty = text(client.get(news_site["idle"].url))
    assert "There are no articles here yet." in empty


def test_people_index_lists_staff_then_contributors(client, news_site):
    html = text(client.get(news_site["people"].url))
    assert (
        html.index("Staff")
        < html.index("Aigerim Sadykova")
        < html.index("Contributors")
    )
    assert html.index("Contributors") < html.index("Timur Rakhimov")


def test_unpublished_article_is_404(client, news_site):
    assert client.get("/politics/" + news_site["draft"].slug + "/").status_code == 404


def test_script_in_a_title_is_escaped(client, news_site):
    from caravan.news.tests.factories import make_article

    make_article(
        news_site["politics"],
        title="<script>alert(1)</script> headline",
        authors=[news_site["timur"]],
    )
    for url in ["/", news_site["politics"].url, news_site["timur"].url]:
        html = text(client.get(url))
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; headline" in html


def test_real_404_page_in_site_design(client, news_site):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = text(response)
    assert "Page not found" in html and 'class="masthead' in html and "site.css" in html


def test_500_page_renders_without_database_or_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_figure_credit_not_repeated_when_the_caption_says_it(client, news_site):
    from caravan.news.tests import factories

    image = factories.make_image("Figure")
    article = factories.make_article(
        news_site["business"],
        title="Captions",
        hero_image=image,
        hero_caption="Illustration generated for the Caravan demo.",
        body=[
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "caption": "Illustration generated for the Caravan demo.",
                    "credit": "Caravan demo",
                },
            },
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "caption": "The dam at dawn.",
                    "credit": "Photo: Aigerim Sadykova",
                },
            },
        ],
    )
    html = main_part(client.get(article.url))
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html, re.S)
    assert captions == [
        "Illustration generated for the Caravan demo.",
        "Illustration generated for the Caravan demo.",
        'The dam at dawn. <span class="figure__credit">Photo: Aigerim Sadykova</span>',
    ]
