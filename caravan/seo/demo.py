"""Russian translations of part of the demo site, made the way an editor would
(Wagtail's copy_for_translation, as simple_translation's "Translate" does).
Idempotent: pages already translated are left alone."""

import io
import logging

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale, Site

from caravan.news.models import ArticlePage, HomePage, SectionPage
from caravan.people.models import AuthorPage, PeopleIndexPage

from .models import SeoSettings

logger = logging.getLogger(__name__)

RU_HOME = {"title": "Караван", "seo_title": "Караван — новости Центральной Азии"}
RU_PEOPLE = {
    "title": "Наша команда",
    "introduction": "Редакция и авторы, которые пишут о Центральной Азии.",
}
RU_SECTIONS = {
    "politics": ("Политика", "Правительства, выборы и дипломатия в регионе."),
    "business": ("Бизнес и экономика", "Рынки, торговля, энергетика и экономика."),
    "energy": ("Энергетика", "Нефть, газ, электроэнергия и энергопереход."),
    "society": (
        "Общество",
        "Образование, здравоохранение, миграция и повседневная жизнь.",
    ),
    "security": ("Безопасность", "Границы, оборона и региональная безопасность."),
    "environment": ("Экология", "Вода, климат и бассейн Аральского моря."),
    "culture": ("Культура", "Искусство, наследие, спорт и идеи."),
}
# Each author's profile in Russian: name in Cyrillic, role and biography.
RU_AUTHORS = {
    "aigerim-sadykova": (
        "Айгерим Садыкова",
        "Старший редактор",
        "Айгерим Садыкова пятнадцать лет пишет о политике и экономике Казахстана. "
        "Работала корреспондентом в Астане, изучала журналистику в Алматы.",
    ),
    "timur-rakhimov": (
        "Тимур Рахимов",
        "Экономический корреспондент",
        "Тимур Рахимов пишет об энергетике, банках и торговле из Ташкента. До "
        "журналистики работал аналитиком в региональном инвестиционном банке.",
    ),
    "nilufar-karimova": (
        "Нилуфар Каримова",
        "Редактор отдела «Общество»",
        "Нилуфар Каримова пишет об образовании, здравоохранении и миграции. Живёт "
        "в Душанбе, говорит по-таджикски, по-русски, по-узбекски и по-английски.",
    ),
    "daniyar-omurbekov": (
        "Данияр Омурбеков",
        "Корреспондент в Бишкеке",
        "Данияр Омурбеков — независимый журналист из Бишкека: парламент, суды и "
        "кыргызско-таджикская граница.",
    ),
    "elena-petrova": (
        "Елена Петрова",
        "Обозреватель по экологии",
        "Елена Петрова пишет о воде, ледниках и климатической политике в бассейне "
        "Аральского моря. Магистр гидрологии.",
    ),
    "murad-atayev": (
        "Мурад Атаев",
        "Автор",
        "Мурад Атаев — исследователь и автор материалов об экономике и внешней "
        "политике Туркменистана.",
    ),
}
RU_ARTICLES = {
    "kazakhstan-central-bank-holds-base-rate": (
        "Нацбанк Казахстана сохранил базовую ставку на фоне замедления инфляции",
        "Национальный банк оставил ставку без изменений, сославшись на замедление "
        "роста цен и более устойчивый тенге.",
    ),
    "uzbekistan-eurobond-oversubscribed": (
        "Спрос на новые еврооблигации Узбекистана втрое превысил предложение",
        "Высокий спрос позволил Ташкенту разместить долларовые облигации ниже "
        "первоначального ориентира доходности.",
    ),
    "aral-sea-saxaul-planting": (
        "На осушенном дне Аральского моря высадили новые леса саксаула",
        "Лесоводы Казахстана и Узбекистана расширяют посадки, чтобы остановить "
        "соляные бури на бывшем дне моря.",
    ),
}


def translate(page, locale, **fields):
    """The page's translation in ``locale`` (Wagtail's copy_for_translation, as
    an editor's "Translate" does), made and published if missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(locale, copy_parents=True).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


def _logo():
    Image = get_image_model()
    existing = Image.objects.filter(title="Caravan logo").first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", (600, 60), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, 60, 60), fill=(160, 40, 30))
    draw.text((80, 18), "CARAVAN  ·  News from Central Asia", fill=(20, 20, 20))
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")
    return Image.objects.create(
        title="Caravan logo", file=ImageFile(buffer, name="caravan-logo.png")
    )


@transaction.atomic
def load_demo_translations() -> dict:
    ru, _ = Locale.objects.get_or_create(language_code="ru")
    home = HomePage.objects.filter(locale__language_code="en").first()
    if home is None:
        return {"translated": 0}
    site = Site.objects.filter(root_page=home).first()
    if site is not None:
        seo = SeoSettings.for_site(site)
        if seo.logo_id is None:
            seo.logo = _logo()
            seo.publisher_name = seo.publisher_name or "Caravan"
            seo.twitter_handle = seo.twitter_handle or "@caravan_news"
            seo.save()
    count = 0

    def done(page):
        nonlocal count
        count += 1
        return page

    done(translate(home, ru, **RU_HOME))
    for section in SectionPage.objects.filter(locale=home.locale).descendant_of(home):
        if section.slug in RU_SECTIONS:
            title, introduction = RU_SECTIONS[section.slug]
            done(translate(section, ru, title=title, introduction=introduction))
    people = PeopleIndexPage.objects.filter(locale=home.locale).first()
    if people is not None:
        done(translate(people, ru, **RU_PEOPLE))
    for author in AuthorPage.objects.filter(locale=home.locale, slug__in=RU_AUTHORS):
        name, role, bio = RU_AUTHORS[author.slug]
        first, _space, last = name.partition(" ")
        done(
            translate(
                author,
                ru,
                title=name,
                first_name=first,
                last_name=last,
                role=role,
                bio=f"<p>{bio}</p>",
            )
        )
    for slug, (title, standfirst) in RU_ARTICLES.items():
        article = ArticlePage.objects.filter(slug=slug, locale=home.locale).first()
        if article is None:
            continue
        done(translate(article, ru, title=title, standfirst=standfirst))
    return {"translated": count}
