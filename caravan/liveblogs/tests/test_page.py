"""A live blog as readers get it: updates newest first with pinned ones on top,
key events summarised with links to each update's anchor, live or ended, its
updates/ fragment (ETag, 304), its feed and its JSON-LD."""

import datetime as dt

import extruct
import pytest
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from caravan.caching.tests.support import reset_page_cache
from caravan.liveblogs.tests.support import add_update, make_live_blog

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def ago(minutes):
    return NOW - dt.timedelta(minutes=minutes)


@pytest.fixture
def live_blog(news_site):
    page = make_live_blog(news_site["business"], authors=[news_site["aigerim"]])
    add_update(
        page,
        "First tremor reported.",
        posted_at=ago(60),
        key_event=True,
        headline="Magnitude 5.4 quake",
    )
    add_update(page, "Schools closed for the day.", posted_at=ago(30), pinned=True)
    add_update(
        page, "Metro running again.", posted_at=ago(10), author=news_site["timur"]
    )
    add_update(page, "Not checked yet.", posted_at=ago(5), published=False)
    return page


def tree(response):
    return lxml_html.fromstring(response.content.decode())


def update_texts(doc):
    return [
        " ".join(li.find_class("liveblog__body")[0].text_content().split())
        for li in doc.find_class("liveblog__update")
    ]


def test_updates_newest_first_with_the_pinned_on_top(client, live_blog):
    response = client.get(live_blog.url)
    assert response.status_code == 200
    doc = tree(response)
    assert update_texts(doc) == [
        "Schools closed for the day.",
        "Metro running again.",
        "First tremor reported.",
    ]
    assert b"Not checked yet." not in response.content  # a draft update
    assert doc.find_class("liveblog__status--live")


def test_key_events_link_to_each_updates_own_anchor(client, live_blog):
    doc = tree(client.get(live_blog.url))
    key = live_blog.updates.get(key_event=True)
    links = doc.find_class("liveblog__key-events")[0].findall(".//a")
    assert [a.get("href") for a in links] == [f"#update-{key.pk}"]
    assert "Magnitude 5.4 quake" in links[0].text_content()
    target = doc.get_element_by_id(f"update-{key.pk}")
    assert "First tremor reported." in target.text_content()
    permalink = target.find_class("liveblog__time")[0]
    assert permalink.get("href") == f"#update-{key.pk}"


def test_an_ended_live_blog_says_so(client, live_blog):
    live_blog.coverage_end = ago(1)
    live_blog.save_revision().publish()
    doc = tree(client.get(live_blog.url))
    assert doc.find_class("liveblog__status--ended")
    assert not doc.find_class("liveblog__status--live")
    assert doc.get_element_by_id("liveblog-live").get("data-state") == "ended"


def test_listed_in_its_section_like_an_article(client, live_blog, news_site):
    section = client.get(news_site["business"].url)
    assert live_blog.url.encode() in section.content


def test_only_the_live_blog_may_run_its_script(client, live_blog, news_site):
    page = client.get(live_blog.url)
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert b'src="/static/liveblogs/live.js' in page.content
    article = client.get(news_site["lead"].url)
    assert "script-src 'none'" in article["Content-Security-Policy"]
    assert b"<script src" not in article.content


def test_the_russian_live_blog_speaks_russian(client, live_blog):
    from wagtail.models import Locale

    russian = Locale.objects.get_or_create(language_code="ru")[0]
    translated = live_blog.copy_for_translation(russian, copy_parents=True)
    translated.save_revision().publish()
    translated.refresh_from_db()
    add_update(translated, "Метро снова работает.", key_event=True)
    response = client.get(translated.url)
    assert translated.url.startswith("/ru/") and response.status_code == 200
    text = response.content.decode()
    assert "Ключевые события" in text and "Метро снова работает." in text
    assert "First tremor reported." not in text  # the English blog's updates


def test_the_fragment_is_the_live_part_alone(client, live_blog):
    response = client.get(live_blog.url + "updates/")
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content.decode())
    assert doc.get("id") == "liveblog-live"
    assert b"<html" not in response.content
    assert b"Metro running again." in response.content


def test_the_feed_carries_the_updates(client, live_blog):
    response = client.get(live_blog.url + "updates/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    links = [e.find("a:link", ns).get("href") for e in entries]
    newest = live_blog.updates.filter(published=True).order_by("-posted_at")
    assert links == [f"http://testserver{live_blog.url}#update-{u.pk}" for u in newest]
    assert entries[0].find("a:author/a:name", ns).text == "Timur Rakhimov"
    page = client.get(live_blog.url)
    assert f'href="{live_blog.url}updates/atom/"'.encode() in page.content


def json_ld(response):
    data = extruct.extract(
        response.content.decode(),
        base_url="http://testserver/",
        syntaxes=["json-ld"],
        uniform=True,
    )
    return {item["@type"]: item for item in data["json-ld"]}


def test_live_blog_posting_json_ld(client, live_blog):
    data = json_ld(client.get(live_blog.url))
    assert "NewsArticle" not in data
    posting = data["LiveBlogPosting"]
    assert posting["headline"] == live_blog.title
    assert (
        posting["coverageStartTime"]
        == live_blog.date_published.replace(microsecond=0).isoformat()
    )
    assert "coverageEndTime" not in posting  # still live
    updates = posting["liveBlogUpdate"]
    assert [u["articleBody"] for u in updates] == [
        "Schools closed for the day.",
        "Metro running again.",
        "First tremor reported.",
    ]
    metro = live_blog.updates.get(body__contains="Metro")
    assert updates[1]["url"] == f"http://testserver{live_blog.url}#update-{metro.pk}"
    assert updates[1]["author"]["name"] == "Timur Rakhimov"
    assert updates[2]["headline"] == "Magnitude 5.4 quake"
    assert posting["dateModified"] >= updates[1]["datePublished"]


def test_json_ld_of_an_ended_live_blog_has_its_end(client, live_blog):
    live_blog.coverage_end = ago(1)
    live_blog.save_revision().publish()
    posting = json_ld(client.get(live_blog.url))["LiveBlogPosting"]
    assert (
        posting["coverageEndTime"]
        == live_blog.coverage_end.replace(microsecond=0).isoformat()
    )


def test_a_live_blog_renders_in_few_queries(
    client, live_blog, django_assert_max_num_queries, settings
):
    reset_page_cache(settings, enabled=False)
    client.get(live_blog.url)  # settings rows, memos
    with django_assert_max_num_queries(12):
        assert client.get(live_blog.url).status_code == 200


def test_the_demo_live_blog(client, news_site):
    from caravan.liveblogs.demo import load_demo_live_blog
    from caravan.news.tests import factories

    factories.make_section(news_site["home"], "Society", slug="society")
    blog = load_demo_live_blog()
    assert load_demo_live_blog() is None  # once
    page = client.get(blog.url)
    doc = tree(page)
    assert len(doc.find_class("liveblog__update")) == 6  # one waits for an editor
    assert b"waiting for an editor" not in page.content
    assert len(doc.find_class("liveblog__key-events")[0].findall(".//li")) == 3
    assert "liveblog__update--pinned" in doc.find_class("liveblog__update")[0].get(
        "class"
    )
