"""The reader's side: sign up (POST from the form in cached pages), confirm,
unsubscribe (one click, RFC 8058 too) and manage lists.

The form lives in pages the cache keeps for everyone, so it cannot carry a
per-visitor CSRF token: the sign-up endpoint is CSRF-exempt. A forged
cross-site sign-up can only make the site send a confirmation e-mail, which
subscribes nobody until its owner clicks the signed link (double opt-in), and
sign-ups are rate-limited per address and per client. The other POSTs (the
unsubscribe button, the manage form) are authorised by the signed token in
their URL, which a third party cannot know, so they are exempt too (RFC 8058's
one-click POST comes from a mail provider, without any cookie)."""

from __future__ import annotations

from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import subscribing, tokens
from .models import NewsletterList, Subscriber
from .ratelimit import client_ip


def _language(value: str) -> str:
    from django.conf import settings

    codes = [code for code, _ in settings.LANGUAGES]
    return value if value in codes else codes[0]


@csrf_exempt
@never_cache
def subscribe(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    language = _language(request.POST.get("language", ""))
    with translation.override(language):
        error = None
        try:
            subscribing.subscribe(
                email=request.POST.get("email", "")[:254],
                list_ids=request.POST.getlist("list")[:20],
                language=language,
                client=client_ip(request),
            )
        except subscribing.SignupError as exc:
            error = str(exc)
        status = {None: 200, "limited": 429}.get(error, 400)
        return render(
            request,
            "newsletters/subscribed.html",
            {
                "error": error,
                "newsletters": subscribing.offered_lists(language),
                "email": request.POST.get("email", "")[:254],
                "language": language,
            },
            status=status,
        )


@never_cache
def confirm(request, token):
    confirmed = subscribing.confirm(token)
    language = confirmed.subscriber.language if confirmed else None
    with translation.override(language or translation.get_language()):
        return render(
            request,
            "newsletters/confirmed.html",
            {
                "confirmed": confirmed,
                "manage_token": confirmed
                and tokens.reader_token(confirmed.subscriber.pk),
            },
            status=200 if confirmed else 400,
        )


def _reader(token):
    data = tokens.read_reader_token(token)
    if data is None:
        return None, None
    subscriber = Subscriber.objects.filter(pk=data[0]).first()
    return subscriber, data[1]


@csrf_exempt
@never_cache
def unsubscribe(request, token):
    """GET shows a button (mail scanners follow links: a GET changes nothing);
    POST — the button, or the mail client's one-click — unsubscribes."""
    subscriber, list_id = _reader(token)
    if subscriber is None:
        return render(request, "newsletters/bad_link.html", status=400)
    newsletter = list_id and NewsletterList.objects.filter(pk=list_id).first()
    done = False
    if request.method == "POST":
        subscribing.unsubscribe(subscriber.pk, list_id)
        done = True
    with translation.override(subscriber.language):
        return render(
            request,
            "newsletters/unsubscribe.html",
            {
                "done": done,
                "newsletter": newsletter,
                "token": token,
                "manage_token": tokens.reader_token(subscriber.pk),
            },
        )


@csrf_exempt
@never_cache
def manage(request, token):
    subscriber, list_id = _reader(token)
    if subscriber is None or list_id is not None:
        return render(request, "newsletters/bad_link.html", status=400)
    saved = False
    if request.method == "POST":
        wanted = set()
        for value in request.POST.getlist("list")[:50]:
            if value.isdigit():
                wanted.add(int(value))
        subscribing.set_lists(subscriber, wanted)
        saved = True
    current = set(
        subscriber.subscriptions.filter(status="confirmed").values_list(
            "newsletter_id", flat=True
        )
    )
    newsletters = [
        n
        for n in NewsletterList.objects.filter(language=subscriber.language)
        if n.public or n.pk in current
    ]
    with translation.override(subscriber.language):
        return render(
            request,
            "newsletters/manage.html",
            {
                "newsletters": newsletters,
                "current": current,
                "saved": saved,
                "token": token,
                "email": subscriber.email,
            },
        )
