from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _setup_roles(sender, using="default", **kwargs):
    from django.contrib.auth.management import create_permissions

    from .editorial import editorial_roles_setup

    # post_migrate reaches this app before Django has created the permissions of
    # the apps listed after it; create them all first (idempotent).
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    editorial_roles_setup()


class CoreConfig(AppConfig):
    name = "caravan.core"
    label = "core"

    def ready(self):
        # After all migrations: groups, permissions and the review workflow.
        post_migrate.connect(_setup_roles, sender=self, dispatch_uid="caravan_roles")
