from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import most_read_report


@hooks.register("register_admin_urls")
def urls():
    return [path("reports/most-read/", most_read_report, name="most_read_report")]


@hooks.register("register_reports_menu_item")
def menu_item():
    return MenuItem(
        _("Most read"), reverse("most_read_report"), icon_name="view", order=700
    )
