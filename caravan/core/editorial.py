"""Editorial roles: Contributors write and submit, Editors publish and schedule,
Administrators manage everything. Applied after every migrate, idempotently, so a
fresh production database has the same roles as the demo."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"
ADMINISTRATORS = "Administrators"

PAGE_PERMISSIONS = {
    CONTRIBUTORS: ["add_page", "change_page"],
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATORS: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "delete_page",
    ],
}
COLLECTION_PERMISSIONS = {
    CONTRIBUTORS: ["add_image", "choose_image", "add_document", "choose_document"],
    EDITORS: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    ADMINISTRATORS: [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
}
MODEL_PERMISSIONS = {
    CONTRIBUTORS: [
        "wagtailadmin.access_admin",
        "liveblogs.add_liveblogupdate",
        "liveblogs.change_liveblogupdate",
    ],
    EDITORS: [
        "wagtailadmin.access_admin",
        "news.add_country",
        "news.change_country",
        "taggit.add_tag",
        "taggit.change_tag",
        "rates.change_rate",
        "breaking.add_breakingalert",
        "breaking.change_breakingalert",
        "breaking.delete_breakingalert",
        "newsletters.add_edition",
        "newsletters.change_edition",
        "newsletters.delete_edition",
        "liveblogs.add_liveblogupdate",
        "liveblogs.change_liveblogupdate",
        "liveblogs.delete_liveblogupdate",
        "liveblogs.publish_liveblogupdate",
    ],
    ADMINISTRATORS: [
        "wagtailadmin.access_admin",
        "news.add_country",
        "news.change_country",
        "news.delete_country",
        "taggit.add_tag",
        "taggit.change_tag",
        "taggit.delete_tag",
        "core.change_sitesettings",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "rates.change_rate",
        "rates.add_rate",
        "rates.delete_rate",
        "breaking.add_breakingalert",
        "breaking.change_breakingalert",
        "breaking.delete_breakingalert",
        "newsletters.add_edition",
        "newsletters.change_edition",
        "newsletters.delete_edition",
        "newsletters.add_newsletterlist",
        "newsletters.change_newsletterlist",
        "newsletters.delete_newsletterlist",
        "newsletters.view_subscriber",
        "newsletters.change_subscriber",
        "newsletters.delete_subscriber",
        "liveblogs.add_liveblogupdate",
        "liveblogs.change_liveblogupdate",
        "liveblogs.delete_liveblogupdate",
        "liveblogs.publish_liveblogupdate",
    ],
}
WORKFLOW_NAME = "Editorial review"


def _permission(codename: str, app_label: str | None = None):
    qs = Permission.objects.filter(codename=codename)
    if app_label:
        qs = qs.filter(content_type__app_label=app_label)
    return qs.first()


@transaction.atomic
def editorial_roles_setup() -> dict[str, Group]:
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for name in (CONTRIBUTORS, EDITORS, ADMINISTRATORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        if root_page is not None:
            for codename in PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=_permission(codename, "wagtailcore"),
                )
            if name == ADMINISTRATORS:
                # Administrators publish without review; the workflow is for the rest.
                group.permissions.add(
                    *Permission.objects.filter(codename="access_admin")
                )
        if root_collection is not None:
            for codename in COLLECTION_PERMISSIONS[name]:
                permission = _permission(codename)
                if permission:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )
        for dotted in MODEL_PERMISSIONS[name]:
            app_label, codename = dotted.split(".")
            permission = _permission(codename, app_label)
            if permission:  # apps not installed yet (rates) are picked up next migrate
                group.permissions.add(permission)

    # Moderation: every page goes through editors' review unless the author may
    # bypass it (administrators).
    if root_page is not None:
        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        task, _ = GroupApprovalTask.objects.get_or_create(name="Editors approve")
        task.groups.add(groups[EDITORS], groups[ADMINISTRATORS])
        # WorkflowTask hangs off a ParentalKey: its related manager only writes on
        # workflow.save(), so create the row directly.
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=task, defaults={"sort_order": 0}
        )
        WorkflowPage.objects.update_or_create(
            page=root_page, defaults={"workflow": workflow}
        )
    return groups
