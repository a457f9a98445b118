"""Signed in with a password only: the admin first asks for the second factor.

After ``django_otp.middleware.OTPMiddleware`` (``request.user.is_verified()``).
A user with an authenticator app must enter a code (or a recovery code); a user
whose group requires two factors and has none must set one up. Until then only
the sign-in, sign-out and two-factor pages open; every other admin URL and
every document download redirects there.
"""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from . import two_factor

GUARDED_PREFIXES = ("/admin/", "/documents/")
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "security_2fa_verify",
    "security_2fa_setup",
    "wagtailadmin_javascript_catalog",
}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self.redirect_for(request)
        return redirect or self.get_response(request)

    def redirect_for(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        if not request.path_info.startswith(GUARDED_PREFIXES):
            return None
        try:
            if resolve(request.path_info).url_name in OPEN_URL_NAMES:
                return None
        except Resolver404:
            pass
        if two_factor.has_any_device(user):
            target = "security_2fa_verify"
        elif two_factor.is_required(user):
            target = "security_2fa_setup"
        else:
            return None
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(target)}?{query}")
