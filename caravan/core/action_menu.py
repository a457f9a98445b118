"""One publish action in a page's action menu.

For a page in editorial review, Wagtail offers an editor "Approve and Publish",
"Approve with comment and Publish" and its own "Publish" (or "Schedule to
publish") side by side; all three publish, and "Approve and Publish" of a page
with a go-live time schedules it. Here the approval is the one publish action
(it also closes the review), named for what it does.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

APPROVE = "approve"
PUBLISH = "action-publish"


def is_scheduled(page) -> bool:
    """Whether publishing the page now would schedule it (Wagtail's own test)."""
    return bool(page and page.go_live_at and page.go_live_at > timezone.now())


def approval_label(page) -> str:
    if is_scheduled(page):
        return _("Approve and schedule to publish")
    return _("Approve and publish")


def one_publish_action(menu_items, page) -> None:
    """Leaves one publish action in ``menu_items`` (in place)."""
    approvals = [item for item in menu_items if item.name == APPROVE]
    if not approvals:
        return  # not the user's review to approve: Wagtail's menu as it is
    # The approval with a comment opens a dialog first; the plain one doesn't.
    keep = next((item for item in approvals if not item.launch_modal), approvals[0])
    keep.label = approval_label(page)  # a WorkflowMenuItem made for this menu
    menu_items[:] = [
        item
        for item in menu_items
        if item is keep or (item.name != APPROVE and item.name != PUBLISH)
    ]
