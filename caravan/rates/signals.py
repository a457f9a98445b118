from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from caravan.caching.purge import purge_later

from .models import Currency, ProviderAssignment, Rate, RatesSettings


@receiver([post_save, post_delete], sender=Rate)
@receiver([post_save, post_delete], sender=Currency)
@receiver([post_save, post_delete], sender=RatesSettings)
def _rates_changed(sender, **kwargs):
    """Drop the cached ticker once the change is committed, and purge every page
    (each shows the ticker): they re-render lazily, one by one, on their next
    request (nothing is rendered here)."""
    from .selectors import invalidate_ticker

    transaction.on_commit(invalidate_ticker)
    purge_later({"ticker"})


@receiver([post_save, post_delete], sender=ProviderAssignment)
def _chains_changed(sender, **kwargs):
    from .services import invalidate_caches

    transaction.on_commit(invalidate_caches)
