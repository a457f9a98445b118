"""Editors make episodes in Wagtail's admin: published, or submitted for review
like articles; a bad audio URL is a form error, never a 500."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text

from caravan.core.editorial import CONTRIBUTORS, EDITORS
from caravan.podcasts.models import PodcastEpisodePage
from caravan.podcasts.silence import silent_mp3

pytestmark = pytest.mark.django_db


def user_in(group_name):
    user = User.objects.create_user(group_name.lower(), password="pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def episode_form(**extra):
    return nested_form_data(
        {
            "title": "From the admin",
            "slug": "from-the-admin",
            "summary": "Made in the admin.",
            "episode_type": "full",
            "show_notes": rich_text("<p>Notes</p>"),
            "transcript": "[00:00] Hello.",
            "chapters": "",
            "audio_url": "",
            **extra,
        }
    )


def add_url(show):
    return f"/admin/pages/add/podcasts/podcastepisodepage/{show.pk}/"


def test_an_editor_publishes_an_uploaded_episode(client, podcast):
    client.force_login(user_in(EDITORS))
    data = silent_mp3(2)
    form = episode_form(**{"action-publish": "1"})
    form["audio_file"] = SimpleUploadedFile("studio.mp3", data, "audio/mpeg")
    response = client.post(add_url(podcast["show"]), form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    episode = PodcastEpisodePage.objects.get(slug="from-the-admin")
    assert episode.live
    assert (episode.audio_length, episode.audio_type) == (len(data), "audio/mpeg")
    assert episode.guid and episode.date_published


def test_a_contributor_submits_for_review(client, podcast):
    client.force_login(user_in(CONTRIBUTORS))
    form = episode_form(slug="for-review", **{"action-submit": "1"})
    form["audio_file"] = SimpleUploadedFile("review.mp3", silent_mp3(1), "audio/mpeg")
    response = client.post(add_url(podcast["show"]), form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    episode = PodcastEpisodePage.objects.get(slug="for-review")
    assert not episode.live
    state = WorkflowState.objects.get(object_id=str(episode.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_an_unreachable_audio_url_is_a_form_error(client, podcast, httpserver):
    httpserver.expect_request("/missing.mp3").respond_with_data("", status=404)
    client.force_login(user_in(EDITORS))
    form = episode_form(
        audio_url=httpserver.url_for("/missing.mp3"), **{"action-publish": "1"}
    )
    response = client.post(add_url(podcast["show"]), form)
    assert response.status_code == 200
    assert "The audio URL answered HTTP 404" in response.content.decode()
    assert not PodcastEpisodePage.objects.filter(slug="from-the-admin").exists()


def test_a_text_file_is_refused(client, podcast):
    client.force_login(user_in(EDITORS))
    form = episode_form(**{"action-publish": "1"})
    form["audio_file"] = SimpleUploadedFile("notes.txt", b"hello", "text/plain")
    response = client.post(add_url(podcast["show"]), form)
    assert response.status_code == 200
    assert "notes.txt" not in str(PodcastEpisodePage.objects.values_list("audio_file"))
    assert "File extension" in response.content.decode()


def test_an_editor_files_an_episode_under_countries(client, podcast):
    from caravan.news.tests.factories import make_country

    kz = make_country()
    client.force_login(user_in(EDITORS))
    form_page = client.get(add_url(podcast["show"])).content.decode()
    # The articles' widget: one checkbox a country.
    assert f'type="checkbox" name="countries" value="{kz.pk}"' in form_page
    form = episode_form(**{"action-publish": "1"})
    form["countries"] = [kz.pk]
    form["audio_file"] = SimpleUploadedFile("kz.mp3", silent_mp3(1), "audio/mpeg")
    response = client.post(add_url(podcast["show"]), form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    episode = PodcastEpisodePage.objects.get(slug="from-the-admin")
    assert list(episode.countries.all()) == [kz]
    assert episode.title in client.get("/country/kazakhstan/").content.decode()


def test_an_editor_files_a_show_under_a_section(client, podcast):
    from caravan.news.models import SectionPage

    show = podcast["show"]
    section = SectionPage.objects.get(slug="politics")
    client.force_login(user_in(EDITORS))
    url = f"/admin/pages/{show.pk}/edit/"
    assert 'name="section"' in client.get(url).content.decode()
    form = nested_form_data(
        {
            "title": show.title,
            "slug": show.slug,
            "description": show.description,
            "artwork": show.artwork_id,
            "section": section.pk,
            "language": "en",
            "category": show.category,
            "owner_name": show.owner_name,
            "owner_email": show.owner_email,
            "feed_locked": "on",
            "copyright": "",
            "action-publish": "1",
        }
    )
    form["hosts"] = [podcast["aigerim"].pk]
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = client.get(section.url).content.decode()
    assert "Podcast episodes" in page and "Trade routes" in page
