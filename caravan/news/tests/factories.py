"""Build a small site tree for tests (and benchmarks) with Wagtail's own APIs."""

import io
import itertools
from datetime import timedelta

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from caravan.news.models import (
    ArticleAuthor,
    ArticlePage,
    Country,
    HomePage,
    SectionPage,
)
from caravan.people.models import AuthorPage, PeopleIndexPage

_counter = itertools.count(1)


def make_image(title="Test image", size=(64, 36)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (30, 90, 120)).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"test-{next(_counter)}.jpg")
    )


def make_home() -> HomePage:
    """A HomePage as the default site's root, replacing Wagtail's welcome page."""
    Locale.objects.get_or_create(language_code="en")
    # A transactional test's flush removes even the tree root migrations made.
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    home = root.add_child(
        instance=HomePage(title="Caravan", slug=f"home-{next(_counter)}")
    )
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": "Caravan",
        },
    )
    return home


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_section(parent, title="Business", slug=None, **fields) -> SectionPage:
    return publish(
        parent,
        SectionPage(
            title=title,
            slug=slug or f"section-{next(_counter)}",
            show_in_menus=True,
            **fields,
        ),
    )


def make_people_index(home) -> PeopleIndexPage:
    return publish(home, PeopleIndexPage(title="Our People", slug="people"))


def make_author(people, name="Aigerim Sadykova", **fields) -> AuthorPage:
    fields.setdefault("role", "Senior Editor and Contributor")
    fields.setdefault("bio", f"<p>{name} writes about the region.</p>")
    return publish(
        people, AuthorPage(title=name, slug=f"author-{next(_counter)}", **fields)
    )


def make_article(
    section,
    *,
    title=None,
    authors=(),
    tags=(),
    countries=(),
    live=True,
    age=timedelta(hours=1),
    body=None,
    **fields,
) -> ArticlePage:
    n = next(_counter)
    article = ArticlePage(
        title=title or f"Article {n}",
        slug=f"article-{n}",
        standfirst=fields.pop("standfirst", f"Standfirst of article {n}."),
        date_published=fields.pop("date_published", timezone.now() - age),
        body=body
        if body is not None
        else [{"type": "paragraph", "value": "<p>" + "word " * 460 + "</p>"}],
        **fields,
    )
    article.article_authors = [
        ArticleAuthor(author=a, sort_order=i) for i, a in enumerate(authors)
    ]
    article.countries = list(countries)
    article.tags.add(*tags)
    article.live = live  # a draft is created unpublished, as the admin does
    section.add_child(instance=article)
    revision = article.save_revision()
    if live:
        revision.publish()
    article.refresh_from_db()
    return article


def make_country(name="Kazakhstan", slug="kazakhstan", iso="KZ") -> Country:
    return Country.objects.get_or_create(
        slug=slug, defaults={"name": name, "iso_code": iso}
    )[0]
