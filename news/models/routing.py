"""Routing to a section's children in one query."""

from django.http import Http404


class ChildRouteMixin:
    """Fetch a child page as its specific type, with what its template needs.

    Wagtail's default routing loads the child as a plain page and then again
    as its specific type; a section whose children all share one type can do
    both, and the joins its template needs, in a single query. Sub-routes of a
    routable page (feed/, ical/) keep precedence over children's slugs, as in
    Wagtail.
    """

    def child_pages(self):
        raise NotImplementedError

    def route(self, request, path_components):
        if path_components and self.live and not self._is_subroute(path_components):
            child = self.child_pages().filter(slug=path_components[0]).first()
            if child is not None:
                # Treebeard's get_parent() reads this, so breadcrumbs cost no query.
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def _is_subroute(self, path_components):
        resolve = getattr(self, "resolve_subpage", None)
        if resolve is None:
            return False
        try:
            resolve("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True
