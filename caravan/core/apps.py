from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _setup_roles(sender, **kwargs):
    from .editorial import editorial_roles_setup

    editorial_roles_setup()


class CoreConfig(AppConfig):
    name = "caravan.core"
    label = "core"

    def ready(self):
        # After all migrations: groups, permissions and the review workflow.
        post_migrate.connect(_setup_roles, sender=self, dispatch_uid="caravan_roles")
