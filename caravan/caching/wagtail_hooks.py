from wagtail import hooks

from .tags import served_page_tags


@hooks.register("before_serve_page")
def tag_served_page(page, request, serve_args, serve_kwargs):
    """Record which tags the cached copy of this page carries."""
    tags = getattr(request, "_cache_tags", None)
    if tags is not None:
        tags |= served_page_tags(page, serve_args, serve_kwargs)
