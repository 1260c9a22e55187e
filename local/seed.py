"""The demo data: two centres, their Exams Officers and a helpdesk account, ready to sign in.

Everything is made the way the real flows make it: the helpdesk account by hand as in AWS
(AdminCreateUser, the helpdesk group), centres and Exams Officers through Portal's use cases
(so their invitations are in the mailbox), and every first sign-in through the local Cognito
endpoint (so post-authentication activates the memberships). Passwords and TOTP secrets are
fixed, so an authenticator app set up once keeps working across restarts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
from portal.constants import HELPDESK_GROUP
from portal.domain.model import AccountType, Caller
from portal.service import centres
from portal.service.deps import Deps
from portal.service.invitations import Invitation

from local.flows import first_sign_in

# Local only, printed at start: known so a person can sign in at once.
TEMPORARY_PASSWORD = "seed-temporary-password"  # noqa: S105


@dataclass(frozen=True, slots=True)
class Account:
    email: str
    password: str
    totp_secret: str
    role: str
    centre_id: str | None = None
    given_name: str = ""
    family_name: str = ""

    def as_json(self) -> dict[str, str | None]:
        return {
            "email": self.email,
            "password": self.password,
            "totp_secret": self.totp_secret,
            "role": self.role,
            "centre_id": self.centre_id,
        }


CENTRES = (("68101", "Demo Centre"), ("68102", "Second Demo Centre"))

HELPDESK = Account(
    "helpdesk@example.org",
    "helpdesk-password",
    "VQWMJGM2GVEX3SPACJPCX64UDK7L5GCV",
    "helpdesk",
    None,
    "Hal",
    "Desk",
)
EXAMS_OFFICERS = (
    Account(
        "eo@demo-centre.example.org",
        "demo-centre-password",
        "2P5M6RG3CJ7V5HTT2DPKCAOCGXZV6DRD",
        AccountType.EXAMS_OFFICER.value,
        "68101",
        "Eira",
        "Owen",
    ),
    Account(
        "eo@second-centre.example.org",
        "second-centre-password",
        "ZYCC5KNWPLPTPKSGU7QD6XHWNQXSPJA3",
        AccountType.EXAMS_OFFICER.value,
        "68102",
        "Emrys",
        "Oakes",
    ),
)
ACCOUNTS = (EXAMS_OFFICERS[0], EXAMS_OFFICERS[1], HELPDESK)


@dataclass(frozen=True, slots=True)
class Seeder:
    deps: Deps
    admin: CognitoIdentityProviderClient  # moto directly: what an operator does by hand
    cognito: CognitoIdentityProviderClient  # the local Cognito endpoint: what a person uses
    user_pool_id: str
    client_id: str
    reserved_totp: dict[str, str]  # sub -> the TOTP secret the local Cognito hands out next

    def run(self) -> tuple[Account, ...]:
        helpdesk_id = self._create_helpdesk()
        caller = Caller(user_id=helpdesk_id, helpdesk_claim=True, request_id="local-seed")
        invite = replace(self.deps, new_password=lambda: TEMPORARY_PASSWORD)
        for centre_id, name in CENTRES:
            centres.create_centre(self.deps, caller, centre_id, name)
        for eo in EXAMS_OFFICERS:
            assert eo.centre_id is not None
            invitation = Invitation(eo.email, AccountType.EXAMS_OFFICER, eo.given_name, eo.family_name)
            centres.appoint_exams_officer(invite, caller, eo.centre_id, invitation)
            self._first_sign_in(eo)
        return ACCOUNTS

    def _create_helpdesk(self) -> str:
        """As docs/rules.md says helpdesk accounts are made: by hand, in the helpdesk group."""
        created = self.admin.admin_create_user(
            UserPoolId=self.user_pool_id,
            Username=HELPDESK.email,
            TemporaryPassword=TEMPORARY_PASSWORD,
            MessageAction="SUPPRESS",
            UserAttributes=[
                {"Name": "email", "Value": HELPDESK.email},
                {"Name": "email_verified", "Value": "true"},
                {"Name": "given_name", "Value": HELPDESK.given_name},
                {"Name": "family_name", "Value": HELPDESK.family_name},
                {"Name": "locale", "Value": "en"},
            ],
        )
        self.admin.admin_add_user_to_group(
            UserPoolId=self.user_pool_id, Username=created["User"]["Username"], GroupName=HELPDESK_GROUP
        )
        return self._first_sign_in(HELPDESK)

    def _first_sign_in(self, account: Account) -> str:
        user = self.admin.admin_get_user(UserPoolId=self.user_pool_id, Username=account.email)
        sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
        self.reserved_totp[sub] = account.totp_secret
        first_sign_in(
            self.cognito,
            self.client_id,
            account.email,
            TEMPORARY_PASSWORD,
            account.password,
            account.totp_secret,
        )
        return sub
