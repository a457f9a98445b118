from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def urls():
    return [
        path("2fa/", views.verify, name="security_2fa_verify"),
        path("2fa/setup/", views.setup, name="security_2fa_setup"),
        path("account/2fa/", views.manage, name="security_2fa_manage"),
        path(
            "account/2fa/recovery-codes/",
            views.recovery_codes,
            name="security_2fa_recovery_codes",
        ),
        path("account/2fa/disable/", views.disable, name="security_2fa_disable"),
        path("locked-signins/", views.locked_signins, name="security_locked_signins"),
        path("locked-signins/<int:pk>/unlock/", views.unlock, name="security_unlock"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("security_2fa_manage"),
        "label": _("Two-factor authentication"),
        "help_text": _("An authenticator app and recovery codes for signing in."),
    }


class LockedSigninsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("axes.delete_accessattempt")


@hooks.register("register_settings_menu_item")
def locked_signins_menu_item():
    return LockedSigninsMenuItem(
        _("Locked sign-ins"),
        reverse("security_locked_signins"),
        icon_name="lock",
        order=900,
    )
