"""The footer: sections, about and contact, feeds, social profiles, languages and
the © line, from the site's settings; part of the cached page, so changing a
setting shows on the next request."""

import re

import pytest
from wagtail.models import Site

from caravan.core.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


def footer(client, path="/") -> str:
    html = client.get(path).content.decode()
    return re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)


def test_footer_lists_sections_feeds_languages_and_copyright(client, news_site):
    html = footer(client)
    assert '<a href="/business/">Business &amp; Economy</a>' in html
    assert '<a href="/politics/">Politics</a>' in html
    assert 'href="/feed/"' in html
    assert 'href="/search/"' in html and 'href="/rates/"' in html
    assert re.search(r"© \d{4} ", html)
    # nothing set yet: no about, contact or social links
    assert "mailto:" not in html and "Follow us" not in html and "About us" not in html


def test_changed_settings_show_on_the_next_request(
    client, news_site, settings, django_capture_on_commit_callbacks
):
    settings.CARAVAN_PAGE_CACHE = True
    assert "t.me" not in footer(client)
    assert "t.me" not in footer(client)  # now served from the page cache
    about = news_site["home"].add_child(
        instance=StandardPage(title="About the newsroom", slug="about")
    )
    about.save_revision().publish()
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.telegram_url = "https://t.me/caravan-test"
    site_settings.contact_email = "desk@caravan.invalid"
    site_settings.about_page = about
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    html = footer(client)
    assert '<a href="https://t.me/caravan-test" rel="me noopener">Telegram</a>' in html
    assert '<a href="mailto:desk@caravan.invalid">Contact</a>' in html
    assert '<a href="/about/">About us</a>' in html
    # in Russian too, with the footer's words translated
    ru = footer(client, "/ru/")
    assert "Контакты" in ru and "Мы в соцсетях" in ru
