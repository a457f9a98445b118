"""Load the demo site. Idempotent: running it again adds nothing twice."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from caravan.core.editorial import CONTRIBUTORS, EDITORS
from caravan.core.models import SiteSettings, StandardPage
from caravan.news.models import (
    FEATURED_SLOTS,
    ArticleAuthor,
    ArticlePage,
    Country,
    HomeFeature,
    HomePage,
    SectionPage,
)
from caravan.news.selectors import CARD_RENDITIONS
from caravan.people.models import AuthorPage, PeopleIndexPage
from caravan.seo.demo import translate

from . import content, stories
from .images import landscape_jpeg, portrait_png
from .podcast import load_demo_podcast

logger = logging.getLogger(__name__)
Image = get_image_model()
HERO_RENDITIONS = [
    f"format-{f}|width-{w}" for f in ("webp", "jpeg") for w in (400, 800, 1200)
]
SCHEDULED_SLUG = "scheduled-demo-story"


# The scene drawn for each section's pictures (caravan.demo.images.MOTIFS),
# alternating between the two given.
SECTION_MOTIFS = {
    "politics": ("domes", "city"),
    "business": ("city", "fields"),
    "energy": ("fields", "water"),
    "society": ("city", "domes"),
    "security": ("mountains", "fields"),
    "environment": ("water", "mountains"),
    "culture": ("domes", "mountains"),
}
PICTURES_PER_SECTION = 3


def _image(title: str, data: bytes, filename: str):
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    from io import BytesIO

    return Image.objects.create(
        title=title, file=ImageFile(BytesIO(data), name=filename)
    )


def _home_page() -> HomePage:
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's "Welcome to your new Wagtail site!" placeholder holds the slug.
        placeholder = root.get_children().filter(slug="home").first()
        if placeholder and placeholder.specific_class is Page:
            Page.objects.filter(pk=placeholder.pk).update(slug="wagtail-welcome")
        home = root.add_child(instance=HomePage(title="Caravan", slug="home"))
        home.save_revision().publish()
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        old_root = site.root_page if site.pk else None
        site.root_page = home
        site.site_name = "Caravan"
        site.save()
        if old_root and old_root.pk != home.pk and old_root.specific_class is Page:
            old_root.delete()
    return home


def _sections(home) -> dict[str, SectionPage]:
    sections = {}
    for slug, title, intro in content.SECTIONS:
        sections[slug] = _child(
            home,
            SectionPage,
            slug=slug,
            title=title,
            introduction=intro,
            show_in_menus=True,
        )
    for parent, slug, title, intro in content.SUBSECTIONS:
        sections[slug] = _child(
            sections[parent], SectionPage, slug=slug, title=title, introduction=intro
        )
    return sections


def _child(parent, model, *, slug, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = parent.add_child(instance=model(slug=slug, **fields))
    page.save_revision().publish()
    return page


def _authors(home) -> dict[str, AuthorPage]:
    people = _child(
        home,
        PeopleIndexPage,
        slug="people",
        title="Our People",
        introduction="The editors, correspondents and contributors of Caravan.",
        show_in_menus=False,
    )
    authors = {}
    for slug, name, role, is_staff, bio in content.AUTHORS:
        photo = _image(f"Portrait: {name}", portrait_png(name), f"{slug}.png")
        authors[slug] = _child(
            people,
            AuthorPage,
            slug=slug,
            title=name,
            role=role,
            is_staff=is_staff,
            bio=f"<p>{bio}</p>",
            photo=photo,
        )
    return authors


CAPTIONS = {
    "en": ("Illustration generated for the Caravan demo.", "Caravan demo"),
    "ru": ("Иллюстрация создана для демо «Каравана».", "Демо «Каравана»"),
}
SCHEDULED_BODY = [
    "The five Caspian states have agreed on a shared timetable for the ferries "
    "that cross between Aktau, Turkmenbashi and Baku.",
    "Hauliers have complained for years that trucks wait days at the ports "
    "because nobody knows when the next ferry will sail.",
    "The timetable takes effect next month; port officials will publish it online.",
]


def _body(paragraphs: list[str], index: int, images, language: str = "en") -> list:
    """The article's own paragraphs (caravan/demo/stories.py), with a picture
    after the second in every third story. Raw StreamField data (the JSON form),
    as the editor would save it."""
    body = [{"type": "paragraph", "value": f"<p>{p}</p>"} for p in paragraphs[:2]]
    if index % 3 == 0:
        caption, credit = CAPTIONS[language]
        body.append(
            {
                "type": "image",
                "value": {
                    "image": images[(index + 1) % len(images)].pk,
                    "caption": caption,
                    "credit": credit,
                },
            }
        )
    body += [{"type": "paragraph", "value": f"<p>{p}</p>"} for p in paragraphs[2:]]
    return body


def _translate_articles(section_images) -> int:
    """Every demo article in Russian (headline, standfirst, body and captions).
    The seo app's demo translates a few first, headline and standfirst only: their
    bodies, still the English copy, are replaced here once."""
    ru = Locale.objects.get(language_code="ru")
    count = 0
    for index, row in enumerate(content.ARTICLES):
        slug, section = row[0], row[1]
        article = ArticlePage.objects.filter(
            slug=slug, locale__language_code="en"
        ).first()
        if article is None:
            continue
        _en, title, standfirst, paragraphs = stories.STORIES[slug]
        body = _body(paragraphs, index, section_images[section], "ru")
        existing = article.get_translation_or_none(ru)
        if existing is None:
            translate(
                article,
                ru,
                title=title,
                standfirst=standfirst,
                hero_caption=CAPTIONS["ru"][0],
                body=body,
            )
            count += 1
        elif paragraphs[0] not in str(existing.specific.body.raw_data):
            translated = existing.specific
            translated.body = body
            translated.hero_caption = CAPTIONS["ru"][0]
            translated.save_revision().publish()
            count += 1
    return count


def _articles(sections, authors, countries, section_images, now) -> list[ArticlePage]:
    created = []
    for index, (
        slug,
        section,
        kind,
        title,
        standfirst,
        dateline,
        country_slugs,
        tags,
        author_slugs,
    ) in enumerate(content.ARTICLES):
        if ArticlePage.objects.filter(slug=slug).exists():
            continue
        images = section_images[section]
        article = ArticlePage(
            title=title,
            slug=slug,
            standfirst=standfirst,
            dateline=dateline,
            article_type=kind,
            hero_image=images[index % len(images)],
            hero_caption="Illustration generated for the Caravan demo.",
            date_published=now - timedelta(hours=19 * index + 2),
            body=_body(stories.STORIES[slug][0], index, images),
        )
        article.countries = [countries[c] for c in country_slugs]
        article.tags.add(*tags)
        article.article_authors = [
            ArticleAuthor(author=authors[a], sort_order=i)
            for i, a in enumerate(author_slugs)
        ]
        sections[section].add_child(instance=article)
        article.save_revision().publish()
        created.append(article)
    return created


def _scheduled_article(sections, authors, countries, images, now) -> ArticlePage | None:
    """A story scheduled a few minutes ahead, so a newcomer can watch the scheduler
    publish it."""
    if ArticlePage.objects.filter(slug=SCHEDULED_SLUG).exists():
        return None
    article = ArticlePage(
        title="Caspian states agree on a shared ferry timetable",
        slug=SCHEDULED_SLUG,
        live=False,
        standfirst="This demo story was scheduled when the demo loaded; the scheduler "
        "publishes it without anyone pressing a button.",
        dateline="AKTAU",
        hero_image=images[1],
        body=_body(SCHEDULED_BODY, 1, images),
    )
    article.countries = [countries["kazakhstan"], countries["turkmenistan"]]
    article.tags.add("caspian", "transport")
    article.article_authors = [
        ArticleAuthor(author=authors["timur-rakhimov"], sort_order=0)
    ]
    sections["business"].add_child(instance=article)
    article.go_live_at = now + timedelta(minutes=3)
    article.save_revision(approved_go_live_at=article.go_live_at)
    return article


def _choose_front_page(home) -> None:
    """Editors choose the demo's lead and featured stories (the newest published
    ones as the demo loads), so the scheduled story, the newest once it goes
    live, joins the latest news instead of taking the lead."""
    home = home.specific
    if home.lead_article_id or home.features.exists():
        return  # an editor's choice is kept
    picks = list(
        ArticlePage.objects.published()
        .filter(locale_id=home.locale_id)
        .exclude(slug=SCHEDULED_SLUG)
        .newest_first()[:FEATURED_SLOTS]
    )
    if not picks:
        return
    home.lead_article = picks[0]
    home.features = [
        HomeFeature(article=article, sort_order=i)
        for i, article in enumerate(picks[1:])
    ]
    home.save_revision().publish()


def _users() -> dict[str, str]:
    """An administrator plus an editor and a contributor to try the workflow."""
    password_file = settings.VAR_DIR / "demo_admin_password"
    if password_file.exists():
        password = password_file.read_text().strip()
    else:
        password = secrets.token_urlsafe(12)
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password)
        password_file.chmod(0o600)
    User = get_user_model()
    accounts = {"admin": None, "editor": EDITORS, "contributor": CONTRIBUTORS}
    for username, group in accounts.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.com",
                "first_name": username.title(),
            },
        )
        if created:
            user.set_password(password)
            user.is_staff = group is None
            user.is_superuser = group is None
            user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
    return {"users": ", ".join(accounts), "password": password}


def _footer(home, site) -> None:
    """The footer's links: an About page (in both languages), a contact address
    and social profiles. The handles hold a hyphen, which none of these
    services allows in a name: they cannot point at someone's real account."""
    about = _child(
        home,
        StandardPage,
        slug="about",
        title="About Caravan",
        introduction=content.ABOUT["en"][0],
        body=[
            {"type": "paragraph", "value": f"<p>{p}</p>"}
            for p in content.ABOUT["en"][1:]
        ],
        show_in_menus=False,
    )
    ru = Locale.objects.get(language_code="ru")
    if home.get_translation_or_none(ru) is not None:
        translate(
            about,
            ru,
            title="О «Караване»",
            introduction=content.ABOUT["ru"][0],
            body=[
                {"type": "paragraph", "value": f"<p>{p}</p>"}
                for p in content.ABOUT["ru"][1:]
            ],
        )
    settings_ = SiteSettings.for_site(site)
    wanted = {
        "about_page_id": about.pk,
        "contact_email": "newsroom@caravan.invalid",
        "telegram_url": "https://t.me/caravan-demo",
        "x_url": "https://x.com/caravan-demo",
        "facebook_url": "https://www.facebook.com/caravan-demo",
    }
    if any(getattr(settings_, k) != v for k, v in wanted.items()):
        for name, value in wanted.items():
            setattr(settings_, name, value)
        settings_.save()  # purges "chrome", as saving in the admin does


@transaction.atomic
def demo_load() -> dict:
    now = timezone.now()
    Locale.objects.get_or_create(language_code="en")
    Locale.objects.get_or_create(language_code="ru")
    home = _home_page()
    site = Site.objects.get(root_page=home)
    SiteSettings.for_site(site)  # creates the row with defaults
    countries = {}
    for name, slug, iso in content.COUNTRIES:
        countries[slug], _ = Country.objects.get_or_create(
            slug=slug, defaults={"name": name, "iso_code": iso}
        )
    sections = _sections(home)
    authors = _authors(home)
    # Pictures that tell the sections apart: a scene and palette per section.
    section_images = {
        slug: [
            _image(
                f"Demo {slug} {n + 1}",
                landscape_jpeg(
                    f"{slug}-{n}",
                    motif=SECTION_MOTIFS.get(slug, ("mountains", "water"))[n % 2],
                    palette=k + 2 * n,
                ),
                f"demo-{slug}-{n + 1}.jpg",
            )
            for n in range(PICTURES_PER_SECTION)
        ]
        for k, slug in enumerate(sections)
    }
    images = [image for group in section_images.values() for image in group]
    created = _articles(sections, authors, countries, section_images, now)
    scheduled = _scheduled_article(sections, authors, countries, images, now)
    episodes = load_demo_podcast(
        home, authors, _image, now, sections=sections, countries=countries
    )
    _choose_front_page(home)
    live_blog = import_string("caravan.liveblogs.demo.load_demo_live_blog")()
    # Russian translations of the home, sections, people and a few articles (seo app).
    translations = import_string("caravan.seo.demo.load_demo_translations")()
    _footer(home, site)
    translated_articles = _translate_articles(section_images)
    accounts = _users()
    import_string("caravan.newsletters.demo.load_demo_newsletters")()
    views = import_string("caravan.readership.demo.load_demo_views")()
    rates = ""
    try:
        rates = import_string("caravan.rates.demo.load_demo_rates")() or ""
    except ImportError:
        logger.info("Rates demo data not available")
    return {
        "articles_created": len(created),
        "scheduled": scheduled,
        "podcast_episodes": episodes,
        "live_blog": live_blog,
        "translated": translations.get("translated", 0) + translated_articles,
        "rates": rates,
        "views": views,
        **accounts,
    }


def demo_renditions() -> int:
    """Make the renditions the demo pages use now, so first page views are quick."""
    count = 0
    for image in Image.objects.all():
        specs = (
            CARD_RENDITIONS + HERO_RENDITIONS
            if image.title.startswith("Demo")
            else ["fill-160x160|format-webp", "fill-240x240|format-webp"]
        )
        count += len(image.get_renditions(*specs))
    return count
