"""Admin views: the second step of signing in, setting up and managing two
factors, and unlocking locked sign-ins. Logic lives in two_factor.py and
lockout.py."""

from urllib.parse import urlencode

import django_otp
from axes.models import AccessAttempt
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import lockout, two_factor
from .forms import CodeForm


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


def verify(request):
    """The second step of signing in: a code from the app, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.has_any_device(user):
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{reverse('security_2fa_setup')}?{query}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = two_factor.throttled_seconds(user)  # before this guess counts
        device = two_factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            if device.persistent_id.startswith("otp_static"):
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(left)d left. "
                        "Make new ones under Account › Two-factor authentication."
                    )
                    % {"left": two_factor.recovery_codes_left(user)},
                )
            return redirect(_next_url(request))
        if wait:
            form.add_error(
                "code",
                _("Too many wrong codes: try again in %(s)d seconds.") % {"s": wait},
            )
        else:
            form.add_error("code", _("That code is not right, or was already used."))
    return TemplateResponse(
        request,
        "security/verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


def setup(request):
    """Add an authenticator app: scan or type the secret, confirm with a code,
    then keep the recovery codes shown once."""
    user = request.user
    device = two_factor.pending_app(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = not device.verify_is_allowed()[0]
        codes = two_factor.confirm_app(device, form.cleaned_data["code"])
        if codes is not None:
            django_otp.login(request, device)
            return TemplateResponse(
                request,
                "security/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        if throttled:
            form.add_error("code", _("Too many wrong codes: wait a moment."))
        else:
            form.add_error("code", _("That code is not right: check the app's clock."))
    return TemplateResponse(
        request,
        "security/setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr": two_factor.qr_svg(device),
            "secret": two_factor.secret_for_display(device),
            "required": two_factor.is_required(user),
        },
        status=400 if form.errors else 200,
    )


def manage(request):
    user = request.user
    return TemplateResponse(
        request,
        "security/manage.html",
        {
            "enabled": two_factor.is_enabled(user),
            "required": two_factor.is_required(user),
            "codes_left": two_factor.recovery_codes_left(user),
        },
    )


@require_POST
def recovery_codes(request):
    if not two_factor.is_enabled(request.user):
        return redirect("security_2fa_manage")
    codes = two_factor.new_recovery_codes(request.user)
    return TemplateResponse(
        request,
        "security/recovery_codes.html",
        {"codes": codes, "next": reverse("security_2fa_manage")},
    )


@require_POST
def disable(request):
    if two_factor.is_required(request.user):
        messages.error(request, _("Your role requires two-factor authentication."))
    else:
        two_factor.disable(request.user)
        messages.success(request, _("Two-factor authentication is off."))
    return redirect("security_2fa_manage")


def _may_unlock(user) -> bool:
    return user.has_perm("axes.delete_accessattempt")


def locked_signins(request):
    if not _may_unlock(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "security/locked_signins.html",
        {"attempts": lockout.locked_attempts()},
    )


@require_POST
def unlock(request, pk):
    if not _may_unlock(request.user):
        raise PermissionDenied
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    lockout.unlock(attempt)
    messages.success(
        request,
        _("Unlocked %(who)s.")
        % {"who": " / ".join(filter(None, [attempt.username, attempt.ip_address]))},
    )
    return redirect("security_locked_signins")
