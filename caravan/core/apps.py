from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_migrate, post_save


def _setup_roles(sender, using="default", **kwargs):
    from django.contrib.auth.management import create_permissions

    from .editorial import editorial_roles_setup

    # post_migrate reaches this app before Django has created the permissions of
    # the apps listed after it; create them all first (idempotent).
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    editorial_roles_setup()


def settings_changed(sender, created=False, **kwargs):
    """Site-wide settings show on every page (the frame): purge "chrome". A
    settings row is created with its defaults the first time a page reads it:
    nothing shown changes then."""
    from caravan.caching.purge import purge_later

    if not created:
        purge_later({"chrome"})


class CoreConfig(AppConfig):
    name = "caravan.core"
    label = "core"

    def ready(self):
        from caravan.caching.keys import declare_query_params, time_zone_source

        from .models import SiteSettings, site_time_zone

        declare_query_params("page")  # every paginated archive (pagination.py)
        time_zone_source(site_time_zone)  # the masthead's date: in page keys

        # After all migrations: groups, permissions and the review workflow.
        post_migrate.connect(_setup_roles, sender=self, dispatch_uid="caravan_roles")
        post_save.connect(settings_changed, sender=SiteSettings, dispatch_uid="core")
        post_delete.connect(settings_changed, sender=SiteSettings, dispatch_uid="core")
