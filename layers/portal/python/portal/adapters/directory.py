"""The Directory port on a Cognito user pool whose username is the email address.

The pool signs people in by email (UsernameAttributes=["email"]): Cognito then accepts the email
as `Username` in every Admin* call, and the user's real username is its `sub`. Portal passes the
normalised (lower-case) email everywhere, so the pool's case-insensitivity is not relied on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from botocore.exceptions import BotoCoreError, ClientError

from portal.adapters import cursor
from portal.adapters.aws import retried, throttled
from portal.adapters.cursor import CursorKey
from portal.constants import HELPDESK_GROUP
from portal.domain.errors import Conflict, MfaMethodRequired, NotFound, Throttled, Unavailable
from portal.domain.model import MfaState, Profile, SignInEvent, SignInOutcome
from portal.service.ports import DirectoryUser, Page, PageRequest

if TYPE_CHECKING:  # the stubs are a dev dependency; no layer ships them
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_cognito_idp.type_defs import (
        AttributeTypeTypeDef,
        AuthEventTypeTypeDef,
        SMSMfaSettingsTypeTypeDef,
    )

log = logging.getLogger(__name__)

USER_GONE = "UserNotFoundException"
RECENT = timedelta(minutes=2)
"""Longer than any request (API Gateway gives up after 29 s): a user made this recently by an
invitation still running is not yet an account without a Portal record."""


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@contextmanager
def _cognito(operation: str, tolerate: frozenset[str] = frozenset()) -> Iterator[None]:
    """Cognito's errors as Portal's: a missing user is NotFound, its quota Throttled, anything else
    Unavailable."""
    try:
        yield
    except ClientError as error:
        code = _code(error)
        if code in tolerate:
            return
        if code == USER_GONE:
            raise NotFound("no such user in the directory") from error
        if code == "UsernameExistsException":
            if retried(error):  # an earlier attempt of this very call may have made it
                raise Unavailable("the identity service's answer was lost; please retry") from error
            raise Conflict("a user with that email address already exists") from error
        log.warning("Cognito %s failed", operation, extra={"aws_error": code})
        if throttled(error):  # the account's request quota for the operation's category
            raise Throttled("the identity service is busy; please retry in a few seconds") from error
        raise Unavailable("the identity service is unavailable; please retry") from error
    except BotoCoreError as error:
        log.warning("Cognito %s failed", operation, extra={"aws_error": type(error).__name__})
        raise Unavailable("the identity service is unavailable; please retry") from error


class CognitoDirectory:
    def __init__(
        self, client: CognitoIdentityProviderClient, user_pool_id: str, key: CursorKey = b""
    ) -> None:
        self._idp = client
        self._pool = user_pool_id
        self._key = key

    def create_user(self, email: str, temporary_password: str, profile: Profile) -> str:
        """Cognito's own invitation is suppressed: Portal sends its own, branded, in the right language."""
        attributes: list[AttributeTypeTypeDef] = [
            {"Name": "email", "Value": email},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "given_name", "Value": profile.given_name},
            {"Name": "family_name", "Value": profile.family_name},
            {"Name": "locale", "Value": profile.language.value},
        ]
        if profile.phone_number:
            attributes.append({"Name": "phone_number", "Value": profile.phone_number})
        with _cognito("AdminCreateUser"):
            user = self._idp.admin_create_user(
                UserPoolId=self._pool,
                Username=email,
                TemporaryPassword=temporary_password,
                MessageAction="SUPPRESS",
                UserAttributes=attributes,
            )["User"]
        sub = next((a.get("Value") for a in user.get("Attributes", []) if a["Name"] == "sub"), None)
        if not sub:
            raise Unavailable("the identity service returned a user without an id")
        return sub

    def set_temporary_password(self, email: str, temporary_password: str) -> None:
        with _cognito("AdminSetUserPassword"):
            self._idp.admin_set_user_password(
                UserPoolId=self._pool, Username=email, Password=temporary_password, Permanent=False
            )

    def delete_user(self, email: str) -> None:
        """Tokens are revoked first, so a deleted user's refresh token is dead even if deletion fails."""
        gone = frozenset({USER_GONE})
        with _cognito("AdminUserGlobalSignOut", tolerate=gone):
            self._idp.admin_user_global_sign_out(UserPoolId=self._pool, Username=email)
        with _cognito("AdminDeleteUser", tolerate=gone):
            self._idp.admin_delete_user(UserPoolId=self._pool, Username=email)

    def disable_user(self, email: str) -> None:
        """Signed out first, so a user Cognito shows disabled is signed out too: that is what a
        lost answer's re-read (`find_user`) can see. A disabled user cannot refresh meanwhile."""
        with _cognito("AdminUserGlobalSignOut"):
            self._idp.admin_user_global_sign_out(UserPoolId=self._pool, Username=email)
        with _cognito("AdminDisableUser"):
            self._idp.admin_disable_user(UserPoolId=self._pool, Username=email)

    def enable_user(self, email: str) -> None:
        with _cognito("AdminEnableUser"):
            self._idp.admin_enable_user(UserPoolId=self._pool, Username=email)

    def reset_mfa(self, email: str) -> None:
        """Signed out, then every method off, passkey sign-in too: with MFA required, the next
        sign-in is by password and sets MFA up again; no passkey signs in until the person turns
        passkey sign-in on again (docs/rules.md, Lost devices). Signed out first, as in
        `disable_user`, so a user Cognito shows with no MFA is signed out too: that is what a lost
        answer's re-read (`mfa_state`) can see.

        Email and passkey MFA can only be named where the pool has them configured (the Essentials
        plan, and passkeys); a pool without them refuses the setting, so the reset is retried
        without them.
        """
        with _cognito("AdminUserGlobalSignOut"):
            self._idp.admin_user_global_sign_out(UserPoolId=self._pool, Username=email)
        off: SMSMfaSettingsTypeTypeDef = {"Enabled": False, "PreferredMfa": False}
        with _cognito("AdminSetUserMFAPreference"):
            try:
                self._idp.admin_set_user_mfa_preference(
                    UserPoolId=self._pool,
                    Username=email,
                    SMSMfaSettings=off,
                    SoftwareTokenMfaSettings=off,
                    EmailMfaSettings=off,
                    WebAuthnMfaSettings={"Enabled": False},
                )
            except ClientError as error:
                if _code(error) != "InvalidParameterException":
                    raise
                self._idp.admin_set_user_mfa_preference(
                    UserPoolId=self._pool, Username=email, SMSMfaSettings=off, SoftwareTokenMfaSettings=off
                )

    def set_passkey_mfa(self, email: str, enabled: bool) -> None:
        """Cognito refuses passkey MFA (InvalidParameterException) while no other method is on."""
        with _cognito("AdminSetUserMFAPreference", tolerate=frozenset({"InvalidParameterException"})):
            self._idp.admin_set_user_mfa_preference(
                UserPoolId=self._pool, Username=email, WebAuthnMfaSettings={"Enabled": enabled}
            )
            return
        raise MfaMethodRequired("turn on an authenticator app, text messages or email codes first")

    def update_attributes(self, email: str, profile: Profile, before: Profile) -> None:
        """What Cognito's messages need: the language of codes, names, the phone for SMS codes.

        Only what changed is sent: a new phone number makes Cognito mark it unverified, and
        deleting a phone number the person never had is refused."""
        wanted, had = _attributes(profile), _attributes(before)
        changed: list[AttributeTypeTypeDef] = [
            {"Name": name, "Value": value} for name, value in wanted.items() if value and value != had[name]
        ]
        if changed:
            with _cognito("AdminUpdateUserAttributes"):
                self._idp.admin_update_user_attributes(
                    UserPoolId=self._pool, Username=email, UserAttributes=changed
                )
        if before.phone_number and not profile.phone_number:
            with _cognito("AdminDeleteUserAttributes"):
                self._idp.admin_delete_user_attributes(
                    UserPoolId=self._pool, Username=email, UserAttributeNames=["phone_number"]
                )

    def find_user(self, email: str) -> DirectoryUser | None:
        """Only on the rare path where Cognito already has the email Portal has no record of:
        whether it is a helpdesk account, and whether it was made moments ago (by Cognito's
        clock: another invitation of the same address, still on its way)."""
        try:
            with _cognito("AdminGetUser"):
                user = self._idp.admin_get_user(UserPoolId=self._pool, Username=email)
        except NotFound:
            return None
        with _cognito("AdminListGroupsForUser"):
            groups = self._idp.admin_list_groups_for_user(UserPoolId=self._pool, Username=email, Limit=60)
        sub = next((a.get("Value") for a in user.get("UserAttributes", []) if a["Name"] == "sub"), None)
        created = user.get("UserCreateDate")
        recent = created is not None and datetime.now(UTC) - created.astimezone(UTC) < RECENT
        return DirectoryUser(
            user_id=str(sub or user["Username"]),
            helpdesk=any(g.get("GroupName") == HELPDESK_GROUP for g in groups.get("Groups", [])),
            recent=recent,
            enabled=bool(user.get("Enabled", True)),
            confirmed=user.get("UserStatus") != "FORCE_CHANGE_PASSWORD",
        )

    def has_profile(self, email: str, profile: Profile) -> bool:
        with _cognito("AdminGetUser"):
            user = self._idp.admin_get_user(UserPoolId=self._pool, Username=email)
        held = {a["Name"]: a.get("Value") for a in user.get("UserAttributes", [])}
        return all(held.get(name) == value for name, value in _attributes(profile).items())

    def is_helpdesk(self, user_id: str) -> bool:
        """By `sub`, which is the username in a pool that signs in by email: asked at each request
        of a caller whose token claims the group, so a removal counts at their next request."""
        try:
            with _cognito("AdminListGroupsForUser"):
                groups = self._idp.admin_list_groups_for_user(
                    UserPoolId=self._pool, Username=user_id, Limit=60
                )
        except NotFound:
            return False
        return any(g.get("GroupName") == HELPDESK_GROUP for g in groups.get("Groups", []))

    def mfa_state(self, email: str) -> MfaState:
        with _cognito("AdminGetUser"):
            user = self._idp.admin_get_user(UserPoolId=self._pool, Username=email)
        return MfaState(
            preferred=user.get("PreferredMfaSetting") or None,
            enabled=tuple(user.get("UserMFASettingList", [])),
        )

    def sign_ins(self, email: str, page: PageRequest, scope: str) -> Page[SignInEvent]:
        """Cognito pages by its own token, kept inside Portal's signed cursor. A person Cognito no
        longer has, or a pool without threat protection, keeps no history: an empty list."""
        token = str(cursor.decode(self._key, scope, page.cursor).get("t", "")) if page.cursor else ""
        answer = None
        try:
            with _cognito("AdminListUserAuthEvents", tolerate=frozenset({NO_THREAT_PROTECTION})):
                answer = self._idp.admin_list_user_auth_events(
                    UserPoolId=self._pool,
                    Username=email,
                    MaxResults=page.limit,
                    **({"NextToken": token} if token else {}),
                )
        except NotFound:
            return Page([])
        if answer is None:
            return Page([])
        events = [e for e in map(_sign_in, answer.get("AuthEvents", [])) if e is not None]
        after = answer.get("NextToken")
        return Page(
            sorted(events, key=lambda e: e.at, reverse=True),
            cursor.encode(self._key, scope, {"t": after}) if after else None,
        )


NO_THREAT_PROTECTION = "UserPoolAddOnNotEnabledException"
OUTCOMES = {"Pass": SignInOutcome.SUCCESS, "Fail": SignInOutcome.FAILURE}


def _sign_in(event: AuthEventTypeTypeDef) -> SignInEvent | None:
    """A sign-in that ended (not one still waiting for its MFA code); how, from its challenges:
    Portal's app client allows no passwordless first factor but passkeys, so a sign-in that met
    no password challenge was a passkey's."""
    outcome = OUTCOMES.get(str(event.get("EventResponse", "")))
    at = event.get("CreationDate")
    if event.get("EventType") != "SignIn" or outcome is None or at is None:
        return None
    challenges = {c.get("ChallengeName") for c in event.get("ChallengeResponses", [])}
    risk = event.get("EventRisk", {}).get("RiskLevel")
    return SignInEvent(
        at=at if at.tzinfo else at.replace(tzinfo=UTC),
        outcome=outcome,
        method="password" if "Password" in challenges else "passkey",
        risk=str(risk).lower() if risk else None,
        new_device=None,  # AuthEventType does not say
    )


def _attributes(profile: Profile) -> dict[str, str | None]:
    """What Cognito keeps of a profile: the language of its codes, the names, the phone for SMS."""
    return {
        "locale": profile.language.value,
        "given_name": profile.given_name,
        "family_name": profile.family_name,
        "phone_number": profile.phone_number,
    }
