"""The fields every durable queue's rows share (see ``caravan.queue``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class QueueItem(models.Model):
    """A row of a durable queue: work for an outside service (a mail server, the
    Bot API, Varnish) that is tried until it is done or given up.

    A row waits until ``next_attempt_at`` (empty: at once); a worker claims it
    (``claimed_at``: the start of its lease) before the outside call; every try
    that fails is counted in ``attempts`` and its reason kept in ``error``.

    The functions of ``caravan.queue`` move a row between the states named below,
    as values of the subclass's own ``status`` field (its choices, labels and the
    states after success are the subclass's). A queue whose rows exist only
    while their work is left sets ``STATUS_FIELD = None``: it can be retried,
    not claimed. A subclass may redeclare a field (another type, a default), or
    drop ``claimed_at`` (``= None``) when it never claims."""

    STATUS_FIELD: str | None = "status"
    WAITING = "pending"
    CLAIMED = "sending"
    GAVE_UP = "failed"

    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)

    class Meta:
        abstract = True
