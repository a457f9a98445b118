from wagtail import hooks

from .pages import served_page_tags


@hooks.register("before_serve_page")
def tag_served_page(page, request, serve_args, serve_kwargs):
    """Record which tags the cached copy of this page carries."""
    tags = getattr(request, "_cache_tags", None)
    if tags is not None:
        view_name, route_kwargs = _route(serve_args)
        tags |= served_page_tags(page, view_name, route_kwargs)


def _route(serve_args) -> tuple[str, dict]:
    """The routable sub-view Wagtail is about to call (a tag archive of the home
    page, say), and its arguments."""
    if len(serve_args) == 3 and callable(serve_args[0]):
        view, _args, kwargs = serve_args
        return getattr(view, "__name__", ""), dict(kwargs or {})
    return "", {}
