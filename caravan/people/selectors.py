from .models import AuthorPage


def authors_for_index(*, index_page) -> tuple[list[AuthorPage], list[AuthorPage]]:
    """Staff first, then contributors, each alphabetical."""
    authors = list(
        AuthorPage.objects.live()
        .child_of(index_page)
        .select_related("photo")
        .order_by("title")
    )
    return [a for a in authors if a.is_staff], [a for a in authors if not a.is_staff]
