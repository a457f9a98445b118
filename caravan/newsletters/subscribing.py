"""Signing up (double opt-in), confirming, unsubscribing and managing lists.

Whatever an address's subscriptions, signing up answers the same and sends one
e-mail: a confirmation link for the lists not yet confirmed, or a note with the
link to manage them. The answer reveals nothing about existing subscribers."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import links, ratelimit, tokens
from .models import NewsletterList, Subscriber, Subscription

logger = logging.getLogger(__name__)
Status = Subscription.Status


class SignupError(Exception):
    """A message the reader sees (bad address, no list, too many attempts)."""


def clean_email(raw: str) -> str:
    email = (raw or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise SignupError("invalid") from None
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def offered_lists(language: str):
    return NewsletterList.objects.filter(public=True, language=language)


def subscribe(*, email: str, list_ids, language: str, client: str) -> None:
    """Raises SignupError("invalid" | "no-list" | "limited")."""
    email = clean_email(email)
    try:
        wanted_ids = {int(pk) for pk in list_ids}
    except (TypeError, ValueError):
        raise SignupError("no-list") from None
    newsletters = list(offered_lists(language).filter(pk__in=wanted_ids))
    if not newsletters:
        raise SignupError("no-list")
    if not ratelimit.signup_allowed(email, client):
        raise SignupError("limited")
    subscriber = _subscriber(email, language)
    to_confirm = []
    for newsletter in newsletters:
        subscription, _ = Subscription.objects.get_or_create(
            subscriber=subscriber, newsletter=newsletter
        )
        if subscription.status != Status.CONFIRMED:
            if subscription.status == Status.UNSUBSCRIBED:
                subscription.status = Status.PENDING
                subscription.save(update_fields=["status"])
            to_confirm.append(newsletter)
    send_signup_mail(subscriber, to_confirm)


def _subscriber(email: str, language: str) -> Subscriber:
    try:
        with transaction.atomic():
            subscriber, _ = Subscriber.objects.get_or_create(
                email__iexact=email, defaults={"email": email, "language": language}
            )
    except IntegrityError:  # two sign-ups at once
        subscriber = Subscriber.objects.get(email__iexact=email)
    return subscriber


def send_signup_mail(subscriber: Subscriber, to_confirm: list[NewsletterList]) -> None:
    context = {
        "newsletters": to_confirm,
        "confirm_url": to_confirm
        and links.confirm_url(subscriber.pk, [n.pk for n in to_confirm]),
        "manage_url": links.manage_url(subscriber.pk),
        "site_name": settings.NEWSLETTER_SITE_NAME,
        "valid_days": tokens.CONFIRM_MAX_AGE // 86400,
    }
    language = to_confirm[0].language if to_confirm else subscriber.language
    with translation.override(language):
        subject = render_to_string("newsletters/email/signup_subject.txt", context)
        text = render_to_string("newsletters/email/signup.txt", context)
        html = render_to_string("newsletters/email/signup.html", context)
    message = EmailMultiAlternatives(
        " ".join(subject.split()),
        text,
        settings.NEWSLETTER_FROM_EMAIL,
        [subscriber.email],
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        # The reader sees the same answer; they can sign up again.
        logger.warning("Could not send the sign-up e-mail", exc_info=True)


@dataclass
class Confirmed:
    subscriber: Subscriber
    newsletters: list[NewsletterList]


def confirm(token: str) -> Confirmed | None:
    data = tokens.read_confirm_token(token)
    if data is None:
        return None
    subscriber_id, list_ids = data
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    subscriptions = Subscription.objects.filter(
        subscriber=subscriber, newsletter_id__in=list_ids
    ).exclude(status=Status.UNSUBSCRIBED)
    subscriptions.filter(status=Status.PENDING).update(
        status=Status.CONFIRMED, confirmed_at=timezone.now()
    )
    newsletters = [s.newsletter for s in subscriptions.select_related("newsletter")]
    return Confirmed(subscriber, newsletters)


def unsubscribe(subscriber_id: int, list_id: int | None) -> int:
    """Unsubscribe from one list (None: from all). Returns how many changed."""
    subscriptions = Subscription.objects.filter(subscriber_id=subscriber_id).exclude(
        status=Status.UNSUBSCRIBED
    )
    if list_id is not None:
        subscriptions = subscriptions.filter(newsletter_id=list_id)
    return subscriptions.update(
        status=Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
    )


def set_lists(subscriber: Subscriber, wanted_ids: set[int]) -> None:
    """The manage page: keep confirmed the lists ticked, unsubscribe the others.
    A list the reader never confirmed is confirmed here: the link came by e-mail."""
    now = timezone.now()
    for newsletter in NewsletterList.objects.filter(language=subscriber.language):
        subscription = Subscription.objects.filter(
            subscriber=subscriber, newsletter=newsletter
        ).first()
        if newsletter.pk in wanted_ids:
            if not newsletter.public and subscription is None:
                continue
            subscription = subscription or Subscription(
                subscriber=subscriber, newsletter=newsletter
            )
            if subscription.status != Status.CONFIRMED:
                subscription.status = Status.CONFIRMED
                subscription.confirmed_at = now
                subscription.save()
        elif subscription and subscription.status != Status.UNSUBSCRIBED:
            subscription.status = Status.UNSUBSCRIBED
            subscription.unsubscribed_at = now
            subscription.save()


def subscriber_data(subscriber: Subscriber) -> dict:
    """Everything kept about an address (the admin's export)."""
    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "signed_up": subscriber.created_at.isoformat(),
        "bounced": subscriber.bounced_at and subscriber.bounced_at.isoformat(),
        "bounce_reason": subscriber.bounce_reason,
        "subscriptions": [
            {
                "newsletter": s.newsletter.name,
                "status": s.status,
                "requested": s.requested_at.isoformat(),
                "confirmed": s.confirmed_at and s.confirmed_at.isoformat(),
                "unsubscribed": s.unsubscribed_at and s.unsubscribed_at.isoformat(),
            }
            for s in subscriber.subscriptions.select_related("newsletter")
        ],
        "deliveries": [
            {
                "edition": d.edition.subject,
                "status": d.status,
                "sent": d.sent_at and d.sent_at.isoformat(),
            }
            for d in subscriber.deliveries.select_related("edition")
        ],
    }
