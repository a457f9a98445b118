import pytest
from wagtail.models import Locale

from caravan.news.tests import factories


def para(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


@pytest.fixture
def site(db):
    home = factories.make_home()
    return {
        "home": home,
        "news": factories.make_section(home, "News", slug="news"),
        "business": factories.make_section(home, "Business", slug="business"),
    }


@pytest.fixture
def article(site, django_capture_on_commit_callbacks):
    """Make and publish an article; its neighbours update as after a real commit."""

    def make(title, text, *, section="news", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return factories.make_article(
                site[section] if isinstance(section, str) else section,
                title=title,
                body=para(text),
                standfirst=fields.pop("standfirst", ""),
                **fields,
            )

    return make


@pytest.fixture
def russian_home(site):
    ru = Locale.objects.get_or_create(language_code="ru")[0]
    home = site["home"].copy_for_translation(ru)
    home.save_revision().publish()
    return home
