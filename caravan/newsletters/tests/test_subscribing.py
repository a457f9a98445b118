"""Signing up from a cached page, double opt-in over real SMTP, rate limits,
one-click unsubscribe and the manage page."""

import time_machine
from django.utils import timezone

from caravan.newsletters import tokens
from caravan.newsletters.models import Subscriber, Subscription
from caravan.newsletters.tests.smtp import Inbox


def sign_up(client, email, *lists, language="en", **extra):
    return client.post(
        "/newsletter/subscribe/",
        {"email": email, "list": [n.pk for n in lists], "language": language},
        **extra,
    )


def confirm_link(message) -> str:
    text, html = Inbox.parts(message)
    links = [u for u in Inbox.links(text) if "/newsletter/confirm/" in u]
    assert len(links) == 1
    assert links[0] in html  # the HTML part carries the same link
    return links[0].removeprefix("https://news.example")


def test_the_form_is_in_the_cached_article_page_and_posts_elsewhere(
    client, news_site, lists
):
    url = news_site["lead"].url
    first = client.get(url)
    second = client.get(url)
    assert second["X-Cache"] == "HIT"  # the page with the form is cached
    html = second.content.decode()
    assert html.count('action="/newsletter/subscribe/"') == 2  # article and footer
    assert "Daily briefing" in html and "Weekly digest" in html
    assert "Staff only" not in html and "Ежедневная" not in html
    assert "csrfmiddlewaretoken" not in html  # nothing per visitor in the page
    assert first.status_code == 200


def test_the_russian_pages_offer_the_russian_lists(client, news_site, lists):
    from caravan.newsletters.slot import renderer

    html, _ = renderer("footer")("ru")
    assert "Ежедневная сводка" in html and "Daily briefing" not in html
    assert 'name="language" value="ru"' in html


def test_a_new_list_reaches_cached_pages_without_purging_them(client, news_site, lists):
    from caravan.newsletters.models import NewsletterList

    url = news_site["lead"].url
    client.get(url)
    assert "Energy brief" not in client.get(url).content.decode()
    NewsletterList.objects.create(name="Energy brief", slug="energy", language="en")
    again = client.get(url)
    assert "Energy brief" in again.content.decode()


def test_double_opt_in_over_smtp(client, lists, smtp):
    response = sign_up(client, "Reader@Example.ORG", lists["daily"], lists["weekly"])
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Reader@example.org"
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {"pending"}
    [message] = smtp.to("Reader@example.org")
    assert "Confirm your subscription" in message["Subject"]

    page = client.get(confirm_link(message))
    assert page.status_code == 200
    assert "You are subscribed" in page.content.decode()
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {
        "confirmed"
    }


def test_signing_up_again_answers_the_same_and_reveals_nothing(client, lists, smtp):
    first = sign_up(client, "twice@example.org", lists["daily"])
    client.get(confirm_link(smtp.to("twice@example.org")[0]))
    second = sign_up(client, "twice@example.org", lists["daily"])
    stranger = sign_up(client, "new@example.org", lists["daily"])
    body = lambda r: r.content.decode().replace("twice", "X").replace("new", "X")  # noqa: E731
    assert first.status_code == second.status_code == stranger.status_code == 200
    assert body(second) == body(stranger)
    # The owner of the address learns it is already subscribed; nobody else does.
    note = smtp.to("twice@example.org")[1]
    assert "already receives" in Inbox.parts(note)[0]
    assert "/newsletter/manage/" in Inbox.parts(note)[0]
    assert Subscription.objects.get(subscriber__email="twice@example.org").status == (
        "confirmed"
    )


def test_bad_input_gets_a_clear_message(client, lists, smtp):
    bad = sign_up(client, "not an address", lists["daily"])
    assert bad.status_code == 400
    assert "does not look like an e-mail address" in bad.content.decode()
    none = sign_up(client, "a@example.org")
    assert none.status_code == 400
    assert "choose at least one" in none.content.decode()
    hidden = sign_up(client, "a@example.org", lists["hidden"])
    assert hidden.status_code == 400
    junk = client.post(
        "/newsletter/subscribe/", {"email": "a@example.org", "list": "x"}
    )
    assert junk.status_code == 400
    assert client.get("/newsletter/subscribe/").status_code == 405
    assert not Subscriber.objects.exists()
    assert smtp.messages == []


def test_sign_ups_are_limited_per_address(client, lists, smtp, settings):
    settings.NEWSLETTER_SIGNUPS_PER_ADDRESS = 2
    for n in range(2):
        assert (
            sign_up(client, "a@example.org", lists["daily"], REMOTE_ADDR=f"10.0.0.{n}")
        ).status_code == 200
    limited = sign_up(client, "A@example.org", lists["daily"], REMOTE_ADDR="10.0.0.9")
    assert limited.status_code == 429
    assert "Too many sign-ups" in limited.content.decode()
    assert len(smtp.to("a@example.org")) == 2


def test_sign_ups_are_limited_per_client_behind_the_proxy(
    client, lists, smtp, settings
):
    settings.NEWSLETTER_SIGNUPS_PER_CLIENT = 2
    settings.CARAVAN_CLIENT_IP_HEADER = "X-Real-IP"
    for n in range(2):
        sign_up(client, f"r{n}@example.org", lists["daily"], HTTP_X_REAL_IP="192.0.2.1")
    limited = sign_up(
        client, "r9@example.org", lists["daily"], HTTP_X_REAL_IP="192.0.2.1"
    )
    other = sign_up(
        client, "r8@example.org", lists["daily"], HTTP_X_REAL_IP="192.0.2.2"
    )
    assert limited.status_code == 429
    assert other.status_code == 200
    assert not smtp.to("r9@example.org")


def test_a_confirmation_link_expires_and_cannot_be_forged(client, lists, smtp):
    sign_up(client, "late@example.org", lists["daily"])
    link = confirm_link(smtp.to("late@example.org")[0])
    forged = link.replace("/confirm/", "/confirm/x")
    assert client.get(forged).status_code == 400
    later = timezone.now() + timezone.timedelta(seconds=tokens.CONFIRM_MAX_AGE + 60)
    with time_machine.travel(later):
        expired = client.get(link)
    assert expired.status_code == 400
    assert "does not work any more" in expired.content.decode()
    assert Subscription.objects.get().status == "pending"


def test_unsubscribe_in_one_click_and_manage_lists(client, lists, smtp):
    subscriber = Subscriber.objects.create(email="u@example.org")
    for key in ("daily", "weekly"):
        Subscription.objects.create(
            subscriber=subscriber, newsletter=lists[key], status="confirmed"
        )
    url = f"/newsletter/unsubscribe/{tokens.reader_token(subscriber.pk, lists['daily'].pk)}/"
    # A GET (a mail scanner following links) changes nothing.
    assert client.get(url).status_code == 200
    assert subscriber.subscriptions.filter(status="confirmed").count() == 2
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", no cookie.
    done = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert "You are unsubscribed" in done.content.decode()
    statuses = dict(subscriber.subscriptions.values_list("newsletter__slug", "status"))
    assert statuses == {"daily": "unsubscribed", "weekly": "confirmed"}

    manage = f"/newsletter/manage/{tokens.reader_token(subscriber.pk)}/"
    page = client.get(manage).content.decode()
    assert "Daily briefing" in page and "Staff only" not in page
    client.post(manage, {"list": [str(lists["daily"].pk)]})
    statuses = dict(subscriber.subscriptions.values_list("newsletter__slug", "status"))
    assert statuses == {"daily": "confirmed", "weekly": "unsubscribed"}
    assert client.get(manage + "x/").status_code == 404
    assert client.get(manage.replace(":", ";")).status_code == 400


def test_a_russian_reader_gets_russian_pages_and_mail(client, lists, smtp):
    page = sign_up(client, "ru@example.org", lists["ru"], language="ru")
    assert "Проверьте почту" in page.content.decode()
    [message] = smtp.to("ru@example.org")
    assert message["Subject"].strip().startswith("Подтвердите подписку")
    confirmed = client.get(confirm_link(message)).content.decode()
    assert "Вы подписаны" in confirmed and "Ежедневная сводка" in confirmed
    # An English list cannot be signed up for from the Russian form.
    wrong = sign_up(client, "ru2@example.org", lists["daily"], language="ru")
    assert wrong.status_code == 400


def test_pages_never_cached_arrive_whole_with_the_footer_form(client, lists):
    """The manage, unsubscribe and bad-link pages are not kept; their footer's
    sign-up form is filled in after CommonMiddleware set Content-Length, which
    must then count the form too (a server sends only that many bytes)."""
    subscriber = Subscriber.objects.create(email="whole@example.org")
    for url in [
        f"/newsletter/manage/{tokens.reader_token(subscriber.pk)}/",
        f"/newsletter/unsubscribe/{tokens.reader_token(subscriber.pk, lists['daily'].pk)}/",
        "/newsletter/manage/damaged/",
    ]:
        response = client.get(url)
        body = response.content
        assert b'action="/newsletter/subscribe/"' in body, url
        assert int(response["Content-Length"]) == len(body), url
        assert body.rstrip().endswith(b"</html>"), url
