"""The login page with throttling: the same template and URL name as Django's, refusing after repeated failures
(see orgs/throttle.py for who is locked and for how long)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.utils.translation import gettext as _

from plantrack.operations.proxies import client_address
from plantrack.orgs import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing before the password is checked while the username or address is locked."""

    def clean(self) -> dict:
        username = self.cleaned_data.get("username") or ""
        ip = client_address(self.request)
        wait = throttle.seconds_locked(username=username, ip=ip)
        if wait:
            minutes = max(1, (wait + 59) // 60)
            raise forms.ValidationError(
                _("登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试。").format(minutes=minutes), code="throttled"
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                throttle.record_failure(username=username, ip=ip)
            raise
        throttle.record_success(username=username, ip=ip)
        return cleaned


class ThrottledLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
