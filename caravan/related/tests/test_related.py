import io
from datetime import timedelta

from django.core.management import call_command
from django.test import Client

from caravan.news.tests import factories
from caravan.related.models import (
    ArticleTerms,
    CuratedSuggestion,
    Curation,
    Neighbour,
    Posting,
)
from caravan.related.selectors import related_articles

DAM = "The Rogun dam on the Vakhsh river will flood valleys, Tajik engineers said."
DAM2 = "Engineers at the Rogun dam on the Vakhsh say the turbines are ready."
DAM3 = "Downstream Uzbekistan watches the Rogun dam and the Vakhsh river flow."
BANK = "The central bank raised its base rate to curb inflation of the tenge."
BANK2 = "Tenge inflation pushed the central bank to a higher base rate."
WHEAT = "Wheat harvest in Kostanay beat forecasts as farmers sold grain abroad."


def titles(articles):
    return [a.title for a in articles]


def neighbours(article):
    return list(
        Neighbour.objects.filter(article=article)
        .order_by("-score")
        .values_list("neighbour__title", flat=True)
    )


def test_publication_stores_the_best_match_even_when_old(article):
    old_dam = article("Rogun dam floods", DAM, age=timedelta(days=2000))
    article("Bank rate", BANK, age=timedelta(hours=2))
    article("Harvest", WHEAT, age=timedelta(hours=3))
    new = article("Rogun turbines", DAM2)
    assert neighbours(new)[0] == old_dam.title
    assert related_articles(article=new, limit=1) == [old_dam]


def test_stories_on_one_subject_are_related_without_a_shared_word(article):
    # Nothing in common but the subject (water): no word is shared, yet each
    # finds the other (by its subject postings) and ranks it above the
    # unrelated story that shares a word with both.
    canal = article(
        "Canal runs dry",
        "Irrigation in Khorezm stopped; the drought emptied every canal.",
    )
    article(
        "Melon festival",
        "Khorezm celebrates its melons behind the walls every year; stalls stopped.",
    )
    reservoir = article(
        "Toktogul reservoir low", "The reservoir behind the dam holds less water."
    )
    assert neighbours(reservoir)[0] == canal.title
    assert neighbours(canal)[0] == reservoir.title
    assert ArticleTerms.objects.get(article=canal).subjects == {"water": 1.0}
    assert Posting.objects.filter(article=canal, term="#water").exists()


def test_the_locale_s_article_count_follows_every_change(
    article, django_capture_on_commit_callbacks
):
    from caravan.related.backfill import backfill
    from caravan.related.services import documents_in

    def indexed():
        return ArticleTerms.objects.filter(locale_id=first.locale_id).count()

    first = article("Bank rate", BANK)
    second = article("Bank rate again", BANK2)
    assert documents_in(first.locale_id) == indexed() == 2
    with django_capture_on_commit_callbacks(execute=True):
        second.save_revision().publish()  # indexed again: counted once
    assert documents_in(first.locale_id) == indexed() == 2
    with django_capture_on_commit_callbacks(execute=True):
        second.unpublish()
    assert documents_in(first.locale_id) == indexed() == 1
    article("Harvest", WHEAT)
    backfill(progress=False)
    assert documents_in(first.locale_id) == indexed() == 2


def test_articles_like_a_text_that_is_no_article(article, russian_home):
    from caravan.related.services import articles_like

    dam = article("Rogun dam floods", DAM)
    canal = article("Canal runs dry", "Irrigation stopped; the canal is empty.")
    bank = article("Bank rate", BANK)
    ru_section = factories.make_section(russian_home, "Новости", slug="novosti")
    ru_dam = article("Плотина Рогун", "Плотина Рогун на Вахше.", section=ru_section)
    parts = {"headline": "Episode 4", "standfirst": "", "body": DAM3}
    found = articles_like(locale_id=dam.locale_id, parts=parts)
    ids = [pk for _s, pk in found]
    assert ids[:2] == [dam.pk, canal.pk]  # the words, then the subject (water)
    assert bank.pk not in ids
    # Nothing is written: the text is no article.
    assert not ArticleTerms.objects.filter(article_id=0).exists()
    # Each locale's own articles only (the subject, water, is shared).
    found = articles_like(locale_id=ru_section.locale_id, parts=parts)
    assert [pk for _s, pk in found] == [ru_dam.pk]


def test_cards_are_kept_until_a_publication_changes_them(
    article, django_capture_on_commit_callbacks, django_assert_num_queries
):
    first = article("Bank rate", BANK)
    second = article("Bank rate again", BANK2)
    assert titles(related_articles(article=first)) == [second.title]
    # The card is kept: the stored list's one query, and the editor's
    # choices with it, is all a render reads.
    with django_assert_num_queries(1):
        assert titles(related_articles(article=first)) == [second.title]
    second.title = "Bank rate: a correction"
    with django_capture_on_commit_callbacks(execute=True):
        second.save_revision().publish()
    assert titles(related_articles(article=first)) == ["Bank rate: a correction"]
    with django_capture_on_commit_callbacks(execute=True):
        second.unpublish()
    assert related_articles(article=first) == []


def test_a_new_publication_enters_older_articles_lists(article, settings):
    first = article("Bank rate", BANK)
    article("Harvest", WHEAT)
    assert "Bank rate again" not in neighbours(first)
    article("Bank rate again", BANK2)
    assert neighbours(first)[0] == "Bank rate again"


def test_a_publication_purges_the_pages_whose_list_changed(
    article, monkeypatch, django_capture_on_commit_callbacks
):
    from caravan.related import services

    purged = []
    monkeypatch.setattr(services, "purge_later", lambda tags: purged.append(tags))
    first = article("Bank rate", BANK)
    purged.clear()
    second = article("Bank rate again", BANK2)
    assert {f"p:{first.pk}", f"p:{second.pk}"} <= set().union(*purged)


def test_unpublishing_removes_it_from_every_list(
    article, django_capture_on_commit_callbacks
):
    first = article("Bank rate", BANK)
    second = article("Bank rate again", BANK2)
    assert neighbours(first) == [second.title]
    with django_capture_on_commit_callbacks(execute=True):
        second.unpublish()
    assert neighbours(first) == []
    assert not Posting.objects.filter(article=second).exists()
    assert related_articles(article=first) == []
    # Left for the scheduler to compute again.
    assert ArticleTerms.objects.get(article=first).computed_at is None
    from caravan.related.jobs import refresh_stale

    assert refresh_stale() == 1
    assert ArticleTerms.objects.get(article=first).computed_at is not None


def test_pinned_first_and_excluded_never(article):
    dam = article("Rogun dam floods", DAM)
    dam2 = article("Rogun turbines", DAM2)
    dam3 = article("Downstream worries", DAM3)
    bank = article("Bank rate", BANK)
    assert titles(related_articles(article=dam, limit=2)) == [
        dam2.title,
        dam3.title,
    ] or set(titles(related_articles(article=dam, limit=2))) == {
        dam2.title,
        dam3.title,
    }
    curation = Curation(article=dam)
    curation.items = [
        CuratedSuggestion(kind="pin", target=bank),
        CuratedSuggestion(kind="exclude", target=dam2),
    ]
    curation.save()
    shown = related_articles(article=dam, limit=3)
    assert shown[0] == bank
    assert dam2 not in shown
    assert dam3 in shown


def test_an_english_article_never_suggests_a_russian_one(article, russian_home):
    ru_section = factories.make_section(russian_home, "Новости", slug="novosti")
    en = article("Rogun dam floods", DAM)
    ru = article("Rogun dam floods", DAM, section=ru_section)
    en2 = article("Rogun turbines", DAM2)
    assert ru.locale_id != en.locale_id
    assert ru.title not in [a.pk for a in related_articles(article=en, limit=10)]
    assert all(a.locale_id == en.locale_id for a in related_articles(article=en))
    assert en2 in related_articles(article=en)
    assert all(a.locale_id == ru.locale_id for a in related_articles(article=ru))


def test_russian_articles_match_across_word_forms(article, russian_home):
    section = factories.make_section(russian_home, "Новости", slug="novosti")
    dam = article(
        "Плотина Рогун",
        "Рогунская плотина на реке Вахш затопит долины.",
        section=section,
    )
    article("Курс тенге", "Национальный банк повысил базовую ставку.", section=section)
    other = article(
        "Турбины Рогуна",
        "Инженеры плотины на Вахше запустили турбины.",
        section=section,
    )
    assert neighbours(other)[0] == dam.title


def test_not_yet_computed_falls_back_to_tags_and_countries(site):
    kz = factories.make_country()
    a = factories.make_article(site["news"], title="A", countries=[kz])
    b = factories.make_article(site["business"], title="B", countries=[kz])
    factories.make_article(site["business"], title="C")
    assert not Neighbour.objects.exists()
    assert related_articles(article=a, limit=1) == [b]


def test_backfill_computes_every_article(site):
    for title, text in [
        ("Dam", DAM),
        ("Dam 2", DAM2),
        ("Bank", BANK),
        ("Bank 2", BANK2),
    ]:
        factories.make_article(
            site["news"],
            title=title,
            body=[{"type": "paragraph", "value": f"<p>{text}</p>"}],
        )
    out = io.StringIO()
    call_command("related_backfill", "--no-progress", stdout=out)
    assert ArticleTerms.objects.filter(computed_at__isnull=False).count() == 4
    # Each language once (pages are ordered by path, which DISTINCT must not see).
    assert out.getvalue().startswith("Indexed 4 articles in 1 languages")
    dam = factories.ArticlePage.objects.get(title="Dam")
    assert neighbours(dam)[0] == "Dam 2"
    bank = factories.ArticlePage.objects.get(title="Bank")
    assert neighbours(bank)[0] == "Bank 2"


def _render_queries(client, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from caravan.caching import memo

    cache.clear()
    memo.clear_all()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _queries(call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_article_page_reads_the_stored_list(article, django_assert_max_num_queries):
    dam = article("Rogun dam floods", DAM)
    article("Rogun turbines 0", DAM2)
    article("Bank", BANK)
    few = _queries(lambda: related_articles(article=dam))
    for i in range(1, 8):
        article(f"Rogun turbines {i}", DAM2)
    # A read of the stored list, not a search: the same queries however many
    # related articles there are, and a handful for the suggestions themselves.
    with django_assert_max_num_queries(few):
        related_articles(article=dam)
    assert few <= 11  # the list and curation in one query, then the cards
    _count, html = _render_queries(Client(), dam.url)
    shown = html[html.index('class="suggested"') :]
    shown = shown[: shown.index("</section>")]
    assert shown.count("Rogun turbines") == 4 and ">Bank<" not in shown


def test_a_publication_reads_only_each_terms_heaviest_postings(article, monkeypatch):
    from caravan.related import services

    # "Vakhsh" weighs most where little else is said.
    short = article("Vakhsh", "Vakhsh.")
    medium = article("Vakhsh floods", "Vakhsh floods valleys.")
    article("Vakhsh talks", "Vakhsh talks between engineers, farmers and ministers.")
    me = article("Vakhsh turbines", "Vakhsh turbines.")
    vec = ArticleTerms.objects.get(article=me).vector
    found = services.candidates(locale_id=me.locale_id, pk=me.pk, vec=vec)
    assert len(found) == 3
    monkeypatch.setattr(services, "CHAMPIONS", 2)
    found = services.candidates(locale_id=me.locale_id, pk=me.pk, vec=vec)
    # The two heaviest postings of "vakhsh" are the shortest articles' (or this
    # one's, left out of its own candidates).
    assert set(found) <= {short.pk, medium.pk}
    assert found


def test_a_full_list_drops_its_weakest_and_a_changed_article_is_rescored(
    article, django_capture_on_commit_callbacks
):
    from caravan.related.scoring import KEEP

    dam = article("Rogun dam", DAM)
    for i in range(KEEP):
        article(f"Vakhsh note {i}", f"Notes on the Vakhsh, number {i}.")
    assert len(neighbours(dam)) == KEEP
    close = article("Rogun turbines", DAM2)
    listed = neighbours(dam)
    assert len(listed) == KEEP and listed[0] == "Rogun turbines"

    def score_of_close():
        return Neighbour.objects.get(article=dam, neighbour=close).score

    before = score_of_close()
    page = close.get_latest_revision_as_object()
    page.body = [{"type": "paragraph", "value": f"<p>{DAM2} {BANK}</p>"}]
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert score_of_close() != before  # one row, its new score
    assert len(neighbours(dam)) == KEEP
