"""A password-protected WordPress post: restricted as in WordPress, its title shown
("Protected: …") with the password form in the site's design, in English and
Russian; the right password shows the article."""

import re

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from caravan.importers.wordpress import wordpress_import
from caravan.news.models import ArticlePage
from caravan.news.tests import factories

from .conftest import DATA


@pytest.fixture
def protected(db):
    factories.make_home()
    wordpress_import(path=DATA / "sections-and-terms.xml", progress=False)
    page = ArticlePage.objects.get(slug="water-council")
    return page, PageViewRestriction.objects.get(page=page)


def test_form_in_the_sites_design(protected):
    page, restriction = protected
    client = Client()
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<h1 class="article__title">Protected: Minutes of the water council</h1>'
        in html
    )
    assert "<title>Protected: Minutes of the water council — " in html
    assert "This content is password protected." in html
    assert 'class="masthead' in html and 'class="site-nav' in html  # the site's frame
    assert 'type="password"' in html and 'name="csrfmiddlewaretoken"' in html
    assert "Only for the council" not in html  # nothing of the content
    assert '<meta name="robots" content="noindex">' in html
    assert "application/ld+json" not in html
    action = re.search(r'<form class="protected__form" action="([^"]+)"', html)[1]
    assert action == f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"

    wrong = client.post(action, {"password": "nope", "return_url": page.url})
    assert wrong.status_code == 200
    assert 'class="protected__error"' in wrong.content.decode()
    right = client.post(action, {"password": "aral", "return_url": page.url})
    assert right.status_code == 302 and right["Location"] == page.url
    article = client.get(page.url).content.decode()
    assert "Only for the council" in article


def test_form_in_russian(protected):
    page, restriction = protected
    response = Client().post(
        f"/ru/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": "nope", "return_url": page.url},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ru"' in html
    assert "Защищено: Minutes of the water council" in html
    assert "Это содержимое защищено паролем." in html
    assert ">Пароль</label>" in html and ">Войти</button>" in html
