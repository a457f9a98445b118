"""Validation of object ids in URLs, at the edge.

Wagtail's chooser "chosen" views take the id as ``<str:pk>`` and look it up with
``pk=<the string>``: for a model with an integer key, "abc" or "²" raises a
ValueError, a 500 for a signed-in editor. Each such view of an integer-keyed
model is wrapped here so that anything but an integer id is a 404 before the
view runs. Other views are left as they are.
"""

from functools import wraps

from django.apps import apps
from django.db import models
from django.http import Http404
from django.urls import URLPattern, URLResolver

MAX_ID_DIGITS = 18  # PostgreSQL's bigint ends at ~9.2e18


def is_integer_id(value) -> bool:
    value = str(value)
    return 0 < len(value) <= MAX_ID_DIGITS and value.isascii() and value.isdigit()


def _model_of(callback):
    initkwargs = getattr(callback, "view_initkwargs", {}) or {}
    model = initkwargs.get("model") or getattr(
        getattr(callback, "view_class", None), "model", None
    )
    if isinstance(model, str):
        try:
            model = apps.get_model(model)
        except (LookupError, ValueError):
            return None
    return model if isinstance(model, type) else None


def _integer_keyed(model) -> bool:
    return isinstance(model._meta.pk, models.IntegerField | models.AutoField)


def _checked(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_integer_id(kwargs.get("pk", "")):
            raise Http404("No such object")
        return view(request, *args, **kwargs)

    wrapper.checks_integer_pk = True
    return wrapper


def integer_object_ids(patterns) -> int:
    """Wrap, in place, each ``<str:pk>`` view of an integer-keyed model; returns
    how many were wrapped."""
    count = 0
    for entry in patterns:
        if isinstance(entry, URLResolver):
            count += integer_object_ids(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            route = getattr(entry.pattern, "_route", "")
            callback = entry.callback
            if "<str:pk>" not in route or getattr(callback, "checks_integer_pk", 0):
                continue
            model = _model_of(callback)
            if model is not None and _integer_keyed(model):
                entry.callback = _checked(callback)
                count += 1
    return count
