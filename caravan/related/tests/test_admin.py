from django.urls import reverse

from caravan.news.models import ArticlePage
from caravan.news.tests import factories

from .conftest import para


def test_editor_adds_a_found_country_and_tag_in_one_click(
    site, client, django_user_model
):
    kg = factories.make_country("Kyrgyzstan", "kyrgyzstan", "KG")
    factories.make_country()  # Kazakhstan: not named in the text
    factories.make_article(site["news"], title="Other", tags=["Water", "Gold"])
    article = factories.make_article(
        site["news"],
        title="Toktogul fills up",
        body=para("The reservoir near Бишкеке holds more water than last year."),
    )
    admin = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(admin)
    url = reverse("related_suggest", args=[article.pk])
    page = client.get(url).content.decode()
    assert "Add Kyrgyzstan" in page and "Add Kazakhstan" not in page
    assert "Add Water" in page and "Add Gold" not in page
    # The article editor links to it.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert url in edit.content.decode()

    assert client.post(url, {"country": kg.pk}).status_code == 302
    from taggit.models import Tag

    water = Tag.objects.get(name="Water")
    assert client.post(url, {"tag": water.pk}).status_code == 302
    live = ArticlePage.objects.get(pk=article.pk)
    assert list(live.countries.all()) == [kg]
    assert [t.name for t in live.tags.all()] == ["Water"]
    assert "Add Kyrgyzstan" not in client.get(url).content.decode()


def test_tags_naming_the_article_s_subject_are_suggested(
    site, client, django_user_model
):
    factories.make_article(
        site["news"],
        title="Other",
        tags=["Водные ресурсы", "Hydropower", "Energy", "Tourism", "Politics"],
    )
    article = factories.make_article(
        site["news"],
        title="Toktogul reservoir low",
        body=para("The dam holds less; irrigation canals downstream run dry."),
    )
    admin = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(admin)
    page = client.get(reverse("related_suggest", args=[article.pk])).content.decode()
    # Its subject is water: by the label (either language) or a water phrase,
    # though the text says neither "water" nor "hydropower".
    assert "Add Водные ресурсы" in page and "Add Hydropower" in page
    assert "Add Energy" not in page and "Add Tourism" not in page
    assert "Add Politics" not in page


def test_bad_input_and_other_users(site, client, django_user_model):
    article = factories.make_article(site["news"], title="A", body=para("Bishkek."))
    admin = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(admin)
    url = reverse("related_suggest", args=[article.pk])
    response = client.post(url, {"country": "999999"}, follow=True)
    assert "no longer exists" in response.content.decode()
    assert client.post(url, {"country": "x"}, follow=True).status_code == 200
    assert client.get(reverse("related_suggest", args=[999999])).status_code == 404
    nobody = django_user_model.objects.create_user("nobody", password="pw")
    client.force_login(nobody)
    assert client.get(url).status_code in (302, 403)


def test_the_suggestions_admin_speaks_russian(site, client, django_user_model):
    from wagtail.users.models import UserProfile

    factories.make_country("Kyrgyzstan", "kyrgyzstan", "KG")
    article = factories.make_article(
        site["news"], title="Toktogul", body=para("The reservoir near Бишкеке.")
    )
    editor = django_user_model.objects.create_superuser("ru", "ru@example.com", "pw")
    UserProfile.get_for_user(editor).__class__.objects.filter(user=editor).update(
        preferred_language="ru"
    )
    client.force_login(editor)
    page = client.get(reverse("related_suggest", args=[article.pk])).content.decode()
    assert "Предлагаемые страны и теги" in page
    assert "Добавить: Kyrgyzstan" in page
    assert "Других тегов не найдено." in page
    assert "Вернуться к статье" in page
    curations = client.get(reverse("wagtailsnippets_related_curation:add"))
    assert "Закреплённые и исключённые рекомендации" in curations.content.decode()
    listing = client.get(reverse("wagtailsnippets_related_curation:list"))
    assert "настройки рекомендаций" in listing.content.decode().lower()
