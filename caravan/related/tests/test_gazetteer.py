from pathlib import Path

from django.core.management import call_command

from caravan.news.models import ArticlePage
from caravan.news.tests import factories
from caravan.related.gazetteer import detect_countries, mentions

DATA = Path(__file__).parent / "data"


def names(text):
    return [entry.name for entry in mentions(text)]


def test_latin_and_cyrillic_forms_and_transliterations():
    assert names("Flights from Alma-Ata and Almaty") == ["Almaty", "Almaty"]
    assert names("В Алматы и в Алма-Ате, в Бишкеке") == ["Almaty", "Almaty", "Bishkek"]
    assert names("Амударья и Amu Darya") == ["Amu Darya", "Amu Darya"]
    assert names("Kazakhstan's tenge") == ["Kazakhstan", "tenge"]
    assert names("Жапаров встретился с Токаевым") == ["Japarov", "Tokayev"]


def test_countries_from_places_and_leaders_not_from_shared_rivers():
    assert detect_countries(
        headline="Протесты в Бишкеке", text="Жапаров встретился с Токаевым в Астане."
    ) == ["KG", "KZ"]
    # A river of four countries names none of them.
    assert (
        detect_countries(headline="The Amu Darya is low", text="Farmers worry.") == []
    )
    # A passing mention of a far country, against a story about another: left out.
    assert detect_countries(
        headline="Batken border treaty",
        text="Bishkek and Osh celebrate the Batken deal; Turkey sent a message.",
    ) == ["KG"]


def test_import_fills_countries_per_article(db, tmp_path):
    home = factories.make_home()
    factories.make_section(home, "News", slug="news")
    kz = factories.make_country()
    kg = factories.make_country("Kyrgyzstan", "kyrgyzstan", "KG")
    out = tmp_path / "out.txt"
    with out.open("w") as stdout:
        call_command(
            "import_wordpress",
            str(DATA / "no-terms.xml"),
            "--auto-countries",
            stdout=stdout,
            verbosity=0,
        )
    water = ArticlePage.objects.get(title="Toktogul fills up")
    assert set(water.countries.all()) == {kg, kz}
    quiet = ArticlePage.objects.get(title="A quiet day")
    assert not quiet.countries.exists()
    report = out.read_text()
    assert "Toktogul fills up: Kazakhstan, Kyrgyzstan" in report or (
        "Toktogul fills up: Kyrgyzstan, Kazakhstan" in report
    )
    assert "A quiet day: none found" in report
    # The live page shows them (the revision was published).
    assert water.live and water.get_latest_revision().content["countries"]


def test_russian_adjectives_match_in_every_form_and_inside_compounds():
    def found(headline):
        return detect_countries(headline=headline, text="")

    assert found("Туркменская электроэнергия") == ["TM"]
    assert found("Охрана афганской границы") == ["AF"]
    assert found("Таджикских пограничников наградили") == ["TJ"]
    assert found("К туркменскому газу") == ["TM"]
    assert found("На кыргызско-узбекской границе") == ["KG", "UZ"]
    # A hyphenated name is no compound adjective.
    assert found("В Алма-Ате снег") == ["KZ"]
