"""Email MFA in moto's user store (moto 5.2.1 has SMS and TOTP only), Cognito's email form, and
AdminListUserAuthEvents (moto has none) answered from the local Cognito's record of sign-ins.

Portal's functions read a person's MFA state with AdminGetUser and reset it with
AdminSetUserMFAPreference (EmailMfaSettings included) straight against moto. With these small
patches a pool keeps its EmailMfaConfiguration, and a person whose MFA is email shows `EMAIL_OTP`
there and a reset turns it off, as in Cognito. The flag lives on moto's user object (`email_mfa_enabled`).

moto refuses an email username with an apostrophe (`o'brien@school.example`: "Username should be
either an email or a phone number"); Cognito takes it as the username and the `email` attribute,
and SES delivers to it. So moto's email form takes `'` too, as `portal.domain.validation` does.
"""

from __future__ import annotations

from typing import Any

_installed = False
AUTH_EVENTS_KEPT = 200
"""How many sign-in records the local Cognito keeps per person, newest first."""
# moto's own form (moto.cognitoidp.utils.FORMATS) with the apostrophe Cognito also takes, and
# without moto's leading `\b`, which refused any local part starting with `'`, `+`, `-` or `%`
# that Portal's validation (and Cognito) takes.
COGNITO_EMAIL_FORM = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"


def install() -> None:
    global _installed  # noqa: PLW0603 - patch once per process
    if _installed:
        return
    from moto.cognitoidp.models import CognitoIdpUser  # noqa: PLC0415 - moto loads late
    from moto.cognitoidp.responses import CognitoIdpResponse  # noqa: PLC0415
    from moto.cognitoidp.utils import FORMATS  # noqa: PLC0415

    FORMATS["email"] = COGNITO_EMAIL_FORM  # read at each call (validate_username_format)
    to_json = CognitoIdpUser.to_json
    set_preference = CognitoIdpResponse.admin_set_user_mfa_preference
    set_pool_config = CognitoIdpResponse.set_user_pool_mfa_config

    def user_json(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        answer: dict[str, Any] = to_json(self, *args, **kwargs)
        if getattr(self, "email_mfa_enabled", False) and "UserMFASettingList" in answer:
            answer["UserMFASettingList"] = [*answer["UserMFASettingList"], "EMAIL_OTP"]
        return answer

    def admin_set_user_mfa_preference(self: Any) -> Any:
        settings = self._get_param("EmailMfaSettings")
        result = set_preference(self)
        if settings is not None:
            user = self.backend.admin_get_user(self._get_param("UserPoolId"), self._get_param("Username"))
            user.email_mfa_enabled = bool(settings.get("Enabled"))
            if settings.get("PreferredMfa"):
                user.preferred_mfa_setting = "EMAIL_OTP"
            elif user.preferred_mfa_setting == "EMAIL_OTP":
                user.preferred_mfa_setting = ""
        return result

    def set_user_pool_mfa_config(self: Any) -> Any:
        result = set_pool_config(self)
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        pool.email_mfa_config = self._get_param("EmailMfaConfiguration")
        return result

    def admin_list_user_auth_events(self: Any) -> Any:
        """Cognito's answer from the local Cognito's record of each sign-in (signin.py), newest
        first, paged by MaxResults (60 when absent or 0, as Cognito) and an opaque NextToken."""
        from moto.core.responses import ActionResult  # noqa: PLC0415

        user = self.backend.admin_get_user(self._get_param("UserPoolId"), self._get_param("Username"))
        events = list(getattr(user, "local_auth_events", None) or [])
        size = int(self._get_param("MaxResults") or 0) or 60
        start = int(self._get_param("NextToken") or 0)
        page = events[start : start + size]
        answer: dict[str, Any] = {"AuthEvents": page}
        if start + size < len(events):
            answer["NextToken"] = str(start + size)
        return ActionResult(answer)

    setattr(CognitoIdpUser, "to_json", user_json)  # noqa: B010 - patching moto's class
    setattr(CognitoIdpResponse, "set_user_pool_mfa_config", set_user_pool_mfa_config)  # noqa: B010
    setattr(CognitoIdpResponse, "admin_set_user_mfa_preference", admin_set_user_mfa_preference)  # noqa: B010
    setattr(CognitoIdpResponse, "admin_list_user_auth_events", admin_list_user_auth_events)  # noqa: B010
    _installed = True
