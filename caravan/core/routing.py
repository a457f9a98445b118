"""Cheaper page routing and ancestors for the public pages."""

from wagtail.models import Page


class ChildRouteMixin:
    """Route to a child of the usual type in one query (Wagtail's own routing
    loads the child as a base Page, then again as its specific type); other
    children take Wagtail's way."""

    child_route_model: type[Page]

    def route(self, request, path_components):
        if path_components:
            child = (
                self.child_route_model.objects.child_of(self)
                .filter(slug=path_components[0])
                .first()
            )
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


def loaded_ancestors(page) -> list:
    """A page's ancestors below the tree root, top first. Wagtail's routing leaves
    each page's parent on it (``_cached_parent_obj``): walk that chain without a
    query; a page loaded otherwise costs one query."""
    chain, current = [], page
    while current.depth > 2:
        parent = current.__dict__.get("_cached_parent_obj")
        if parent is None:
            return list(page.get_ancestors().filter(depth__gt=1).specific())
        chain.append(parent)
        current = parent
    return [getattr(p, "specific", p) for p in reversed(chain)]
