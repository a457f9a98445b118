from wagtail import hooks
from wagtail.admin.ui.components import Component

from .action_menu import one_publish_action
from .overdue import overdue_items


class OverduePanel(Component):
    """Dashboard panel: anything the scheduler should have published or expired."""

    name = "overdue_schedule"
    order = 50
    template_name = "core/admin/overdue_panel.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(overdue_items())
        return context


@hooks.register("construct_homepage_panels")
def add_overdue_panel(request, panels):
    """Scheduler health is for those who publish (editors, administrators): a
    contributor can do nothing about it."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if PagePermissionPolicy().user_has_permission(request.user, "publish"):
        panels.insert(0, OverduePanel())


@hooks.register("construct_page_action_menu")
def keep_one_publish_action(menu_items, request, context):
    one_publish_action(menu_items, context.get("page"))
