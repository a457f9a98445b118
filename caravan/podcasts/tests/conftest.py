import pytest

from caravan.news.tests import factories as news

from . import factories


@pytest.fixture
def podcast(db):
    return build_podcast()


def build_podcast():
    """Home › Spotlight on Central Asia (a host) › two live episodes and a draft."""
    home = news.make_home()
    people = news.make_people_index(home)
    aigerim = news.make_author(people, "Aigerim Sadykova")
    timur = news.make_author(people, "Timur Rakhimov")
    section = news.make_section(home, "Politics", slug="politics")
    article = news.make_article(
        section, title="Elections in Kyrgyzstan", authors=[timur]
    )
    show = factories.make_show(home, hosts=[aigerim])
    first = factories.make_episode(
        show,
        title="The water question",
        episode_number=1,
        season_number=1,
        age=news.timedelta(days=14),
        transcript=factories.TRANSCRIPT,
        chapters=factories.CHAPTERS,
        show_notes='<p>Links: <a href="https://example.org/">a report</a>.</p>',
        guests=[timur],
        seconds=4,
    )
    first.related_articles = [article]
    first.save_revision().publish()
    second = factories.make_episode(show, title="Trade routes", episode_number=2)
    draft = factories.make_episode(show, title="Unfinished", live=False)
    return {
        "home": home,
        "show": show,
        "episodes": [second, first],
        "draft": draft,
        "aigerim": aigerim,
        "timur": timur,
        "article": article,
    }
