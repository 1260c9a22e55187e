"""Email MFA and passkey MFA in moto's user store (moto 5.2.1 has SMS and TOTP only), the pool's
passkey settings, Cognito's email form, and AdminListUserAuthEvents (moto has none) answered
from the local Cognito's record of sign-ins.

Portal's functions read a person's MFA state with AdminGetUser and reset it with
AdminSetUserMFAPreference (EmailMfaSettings included) straight against moto. With these small
patches a pool keeps its EmailMfaConfiguration, and a person whose MFA is email shows `EMAIL_OTP`
there and a reset turns it off, as in Cognito. The flag lives on moto's user object (`email_mfa_enabled`).

Passkey MFA likewise (`WebAuthnMfaSettings`, flag `webauthn_mfa_enabled`): moto ignores it, so an
AdminSetUserMFAPreference that turns it off (the helpdesk's MFA reset) would not reach the local
Cognito's USER_AUTH. As Cognito documents, it may be on only while another MFA method is on (so a
lost passkey never locks anyone out): a call that would leave it on alone is refused. The pool's
WebAuthnConfiguration (relying party, user verification, factor configuration) is kept from
SetUserPoolMfaConfig and shown by GetUserPoolMfaConfig (`web_authn_config`).

moto refuses an email username with an apostrophe (`o'brien@school.example`: "Username should be
either an email or a phone number"); Cognito takes it as the username and the `email` attribute,
and SES delivers to it. So moto's email form takes `'` too, as `portal.domain.validation` does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_installed = False
AUTH_EVENTS_KEPT = 200
"""How many sign-in records the local Cognito keeps per person, newest first."""
# moto's own form (moto.cognitoidp.utils.FORMATS) with the apostrophe Cognito also takes, and
# without moto's leading `\b`, which refused any local part starting with `'`, `+`, `-` or `%`
# that Portal's validation (and Cognito) takes.
COGNITO_EMAIL_FORM = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
PASSKEY_MFA_ALONE = "Passkey MFA needs at least one other MFA method (SMS, TOTP or email) turned on"
MULTI_FACTOR = "MULTI_FACTOR_WITH_USER_VERIFICATION"
PASSKEY_MFA_NOT_CONFIGURED = (
    "Passkey MFA needs the user pool's WebAuthnConfiguration FactorConfiguration "
    "MULTI_FACTOR_WITH_USER_VERIFICATION"
)
MFA_SETTINGS = (
    ("SMSMfaSettings", "sms_mfa_enabled"),
    ("SoftwareTokenMfaSettings", "software_token_mfa_enabled"),
    ("EmailMfaSettings", "email_mfa_enabled"),
)


def passkey_mfa_problem(
    settings: dict[str, Any], current: dict[str, bool], passkey_mfa: bool, multi_factor: bool
) -> str | None:
    """Why a SetUserMFAPreference (or its admin form) may not leave passkey MFA as asked, if it may
    not: `settings` the call's, `current` each other factor's state by its settings key."""
    asked = settings.get("WebAuthnMfaSettings")
    on = bool(asked.get("Enabled")) if asked is not None else passkey_mfa
    if not on:
        return None
    if asked is not None and asked.get("Enabled") and not multi_factor:
        return PASSKEY_MFA_NOT_CONFIGURED
    others = [
        bool(settings[key].get("Enabled")) if settings.get(key) is not None else current[key]
        for key, _ in MFA_SETTINGS
    ]
    return None if any(others) else PASSKEY_MFA_ALONE


def install() -> None:
    global _installed  # noqa: PLW0603 - patch once per process
    if _installed:
        return
    from moto.cognitoidp.models import CognitoIdpUser  # noqa: PLC0415 - moto loads late
    from moto.cognitoidp.responses import CognitoIdpResponse  # noqa: PLC0415
    from moto.cognitoidp.utils import FORMATS  # noqa: PLC0415

    FORMATS["email"] = COGNITO_EMAIL_FORM  # read at each call (validate_username_format)
    to_json = CognitoIdpUser.to_json
    set_pool_config = CognitoIdpResponse.set_user_pool_mfa_config
    get_pool_config = CognitoIdpResponse.get_user_pool_mfa_config

    def user_json(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        answer: dict[str, Any] = to_json(self, *args, **kwargs)
        if getattr(self, "email_mfa_enabled", False) and "UserMFASettingList" in answer:
            answer["UserMFASettingList"] = [*answer["UserMFASettingList"], "EMAIL_OTP"]
        return answer

    def set_user_pool_mfa_config(self: Any) -> Any:
        result = set_pool_config(self)
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        pool.email_mfa_config = self._get_param("EmailMfaConfiguration")
        pool.web_authn_config = self._get_param("WebAuthnConfiguration")
        return result

    def get_user_pool_mfa_config(self: Any) -> Any:
        result = get_pool_config(self)
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        for key, value in (
            ("EmailMfaConfiguration", getattr(pool, "email_mfa_config", None)),
            ("WebAuthnConfiguration", getattr(pool, "web_authn_config", None)),
        ):
            if value is not None:
                result.result[key] = value  # type: ignore[index]
        return result

    setattr(CognitoIdpUser, "to_json", user_json)  # noqa: B010 - patching moto's class
    setattr(CognitoIdpResponse, "set_user_pool_mfa_config", set_user_pool_mfa_config)  # noqa: B010
    setattr(CognitoIdpResponse, "get_user_pool_mfa_config", get_user_pool_mfa_config)  # noqa: B010
    preference = _admin_set_user_mfa_preference(CognitoIdpResponse.admin_set_user_mfa_preference)
    setattr(CognitoIdpResponse, "admin_set_user_mfa_preference", preference)  # noqa: B010
    setattr(CognitoIdpResponse, "admin_list_user_auth_events", _admin_list_user_auth_events)  # noqa: B010
    _installed = True


def _admin_set_user_mfa_preference(set_preference: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """moto's AdminSetUserMFAPreference, with EmailMfaSettings and WebAuthnMfaSettings."""
    from moto.cognitoidp.exceptions import InvalidParameterException  # noqa: PLC0415 - moto loads late

    def admin_set_user_mfa_preference(self: Any) -> Any:
        email = self._get_param("EmailMfaSettings")
        passkey = self._get_param("WebAuthnMfaSettings")
        user = self.backend.admin_get_user(self._get_param("UserPoolId"), self._get_param("Username"))
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        problem = passkey_mfa_problem(
            {key: self._get_param(key) for key in (*(k for k, _ in MFA_SETTINGS), "WebAuthnMfaSettings")},
            {key: bool(getattr(user, flag, False)) for key, flag in MFA_SETTINGS},
            bool(getattr(user, "webauthn_mfa_enabled", False)),
            (getattr(pool, "web_authn_config", None) or {}).get("FactorConfiguration") == MULTI_FACTOR,
        )
        if problem:
            raise InvalidParameterException(problem)
        result = set_preference(self)
        if passkey is not None:
            user.webauthn_mfa_enabled = bool(passkey.get("Enabled"))
        if email is not None:
            user.email_mfa_enabled = bool(email.get("Enabled"))
            if email.get("PreferredMfa"):
                user.preferred_mfa_setting = "EMAIL_OTP"
            elif user.preferred_mfa_setting == "EMAIL_OTP":
                user.preferred_mfa_setting = ""
        return result

    return admin_set_user_mfa_preference


def _admin_list_user_auth_events(self: Any) -> Any:
    """Cognito's answer from the local Cognito's record of each sign-in (signin.py), newest
    first, paged by MaxResults (60 when absent or 0, as Cognito) and an opaque NextToken."""
    from moto.core.responses import ActionResult  # noqa: PLC0415 - moto loads late

    user = self.backend.admin_get_user(self._get_param("UserPoolId"), self._get_param("Username"))
    events = list(getattr(user, "local_auth_events", None) or [])
    size = int(self._get_param("MaxResults") or 0) or 60
    start = int(self._get_param("NextToken") or 0)
    page = events[start : start + size]
    answer: dict[str, Any] = {"AuthEvents": page}
    if start + size < len(events):
        answer["NextToken"] = str(start + size)
    return ActionResult(answer)
