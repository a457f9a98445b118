"""Content-Security-Policy: the strict public policy, and the admin's own.

django-csp sets ``settings.CONTENT_SECURITY_POLICY`` on every response; its
documented extension point (``get_policy_parts``) gives the admin a policy of its
own: Wagtail's admin runs scripts from STATIC_URL and inline ones, sets inline
styles, and frames its own previews, none of which the public site needs.
"""

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview through the middleware with a request for
            # the page's public path: the public policy, framed by the admin.
            replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
            return PolicyParts(None, parts.update, replace, parts.nonce)
        if request.path_info.startswith(settings.CARAVAN_ADMIN_PATH_PREFIX):
            return PolicyParts(
                settings.CARAVAN_ADMIN_CONTENT_SECURITY_POLICY,
                parts.update,
                parts.replace,
                parts.nonce,
            )
        return parts
