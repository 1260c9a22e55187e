"""The sign-in state machine: InitiateAuth, RespondToAuthChallenge and TOTP set-up in a session.

A sign-in checks the password (USER_PASSWORD_AUTH, or SRP: PASSWORD_VERIFIER), then poses the
challenges Cognito poses, in Cognito's order and shape:

0. with USER_AUTH (choice-based sign-in) the first factor is chosen first: PREFERRED_CHALLENGE
   when the person can use it (PASSWORD with the password, PASSWORD_SRP with SRP_A, WEB_AUTHN),
   else SELECT_CHALLENGE with AvailableChallenges (what this person can use: the password's two
   forms, and WEB_AUTHN when the pool allows passkeys, they have one and, the pool requiring MFA,
   their passkey MFA is on). A password goes on to the steps below; a passkey with user
   verification (webauthn.py) signs in at once: it is both factors;

1. NEW_PASSWORD_REQUIRED for a temporary password, with `userAttributes` (what the client may
   read) and `requiredAttributes` (what the pool requires and the person lacks), as JSON strings;
2. MFA, the pool requiring it: a person with no factor who has a phone number gets an SMS code
   (passing it turns SMS MFA on and verifies the number); one without gets MFA_SETUP, with
   MFAS_CAN_SETUP listing the pool's factors (TOTP by AssociateSoftwareToken/VerifySoftwareToken,
   email by answering with EMAIL, then the EMAIL_OTP code); one factor is asked for; of several,
   the preferred one, or SELECT_MFA_TYPE (MFAS_CAN_CHOOSE) when none is preferred;
3. tokens, after the post-authentication trigger.

A wrong password and an unknown username get the same answer (the app client prevents user
existence errors): for SRP, an unknown username gets a challenge like anyone's, which then fails.
Wrong passwords and wrong MFA codes count towards the lockout (codes.py). moto is only the store
(store.py): its own sign-in skips the SRP proof and SMS codes and has no email MFA.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime

import pyotp

from local.cognito import signals, srp, webauthn
from local.cognito.codes import new_code
from local.cognito.context import Context, Payload, SignIn, delivery, json_list
from local.cognito.errors import CognitoError
from local.cognito.store import EMAIL, FACTORS, SMS, TOTP, Person

WRONG_PASSWORD = CognitoError("NotAuthorizedException", "Incorrect username or password.")
WRONG_CODE = CognitoError("CodeMismatchException", "Invalid code or auth state for the user.")
FLOWS = (
    "USER_SRP_AUTH",
    "USER_PASSWORD_AUTH",
    "REFRESH_TOKEN_AUTH",
    "REFRESH_TOKEN",
    "CUSTOM_AUTH",
    "USER_AUTH",
)
CODE_KEYS = {TOTP: "SOFTWARE_TOKEN_MFA_CODE", SMS: "SMS_MFA_CODE", EMAIL: "EMAIL_OTP_CODE"}
# USER_AUTH's first factors, in the order Cognito lists AvailableChallenges; the one-time-password
# first factors (EMAIL_OTP, SMS_OTP) are not emulated: Portal's pool does not allow them.
FIRST_FACTORS = ("PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")
PASSKEY = "passkey"  # SignIn.method of a passkey sign-in (else "password")
UNAUTHORIZED_ATTRIBUTE = CognitoError(
    "NotAuthorizedException", "A client attempted to write unauthorized attribute"
)


def initiate_auth(ctx: Context, body: Payload) -> Payload:
    client_id = str(body.get("ClientId", ""))
    client = ctx.client(client_id)
    flow = str(body.get("AuthFlow", ""))
    parameters = body.get("AuthParameters") or {}
    if flow not in FLOWS:
        raise CognitoError(
            "InvalidParameterException", f"Value '{flow}' at 'authFlow' failed to satisfy constraint"
        )
    allowed = client.get("ExplicitAuthFlows") or []
    if f"ALLOW_{flow.removesuffix('_AUTH')}_AUTH" not in allowed:
        raise CognitoError("InvalidParameterException", f"{flow} flow not enabled for this client")
    if flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
        token = str(parameters.get("REFRESH_TOKEN", ""))
        return {
            "ChallengeParameters": {},
            "AuthenticationResult": ctx.tokens.refresh(token, client_id, client, False),
        }
    username = str(parameters.get("USERNAME", ""))
    if not username:
        raise CognitoError("InvalidParameterException", "Missing required parameter USERNAME")
    ctx.lockout.check(username)
    person = ctx.store.find(username)
    sign_in = SignIn(
        person.sub if person else None, username, client_id, "", ctx.clock() + ctx.session_validity(client)
    )
    if flow == "USER_PASSWORD_AUTH":
        return _password(ctx, sign_in, person, str(parameters.get("PASSWORD", "")), body)
    if flow == "USER_AUTH":
        return _user_auth(ctx, sign_in, person, parameters, body)
    if flow != "USER_SRP_AUTH":
        raise CognitoError("InvalidParameterException", f"{flow} flow not enabled for this client")
    return _srp(ctx, sign_in, person, str(parameters.get("SRP_A", "")), with_session=False)


def respond_to_auth_challenge(ctx: Context, body: Payload) -> Payload:
    client_id = str(body.get("ClientId", ""))
    ctx.client(client_id)
    name = str(body.get("ChallengeName", ""))
    answers = body.get("ChallengeResponses") or {}
    if name == "PASSWORD_VERIFIER":
        token = str(answers.get("PASSWORD_CLAIM_SECRET_BLOCK", ""))
    else:
        token = str(body.get("Session", ""))
    sign_in = ctx.sessions.get(token, ctx.clock())
    if sign_in.challenge != name or sign_in.client_id != client_id:
        raise CognitoError("NotAuthorizedException", "Invalid session for the user.")
    if name == "PASSWORD_VERIFIER":
        return _password_verifier(ctx, sign_in, token, answers, body)
    if name == "SELECT_CHALLENGE":
        return _selected(ctx, sign_in, token, answers, body)
    if name == "WEB_AUTHN":
        ctx.sessions.close(token)  # a challenge is answered once, rightly or wrongly
        return _passkey(ctx, sign_in, _person(ctx, sign_in), answers, body)
    person = _person(ctx, sign_in)
    if name == "NEW_PASSWORD_REQUIRED":
        return _new_password(ctx, sign_in, token, person, answers, body)
    if name in CODE_KEYS:
        return _mfa_code(ctx, sign_in, token, person, str(answers.get(CODE_KEYS[name], "")), body)
    if name == "SELECT_MFA_TYPE":
        factor = str(answers.get("ANSWER", ""))
        if factor not in person.mfa:
            raise CognitoError(
                "InvalidParameterException", "The MFA type chosen is not one of MFAS_CAN_CHOOSE"
            )
        ctx.sessions.close(token)
        return _challenge(ctx, person, sign_in, factor)
    if name == "MFA_SETUP":
        return _mfa_setup(ctx, sign_in, token, person, answers, body)
    raise CognitoError("InvalidParameterException", f"Unsupported challenge {name}")


def associate_software_token_in_session(ctx: Context, body: Payload) -> Payload:
    token = str(body.get("Session", ""))
    sign_in = ctx.sessions.get(token, ctx.clock())
    if sign_in.challenge != "MFA_SETUP" or sign_in.sub is None:
        raise CognitoError("NotAuthorizedException", "Invalid session for the user.")
    sign_in.totp_secret = ctx.reserved_totp.pop(sign_in.sub, None) or pyotp.random_base32()
    ctx.sessions.close(token)
    return {"SecretCode": sign_in.totp_secret, "Session": ctx.sessions.open(sign_in)}


def verify_software_token_in_session(ctx: Context, body: Payload) -> Payload:
    token = str(body.get("Session", ""))
    sign_in = ctx.sessions.get(token, ctx.clock())
    if sign_in.totp_secret is None or sign_in.sub is None:
        raise CognitoError("InvalidParameterException", "Associate a software token first")
    if not totp_matches(sign_in.totp_secret, str(body.get("UserCode", "")), ctx.clock()):
        raise CognitoError(
            "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA"
        )
    sign_in.totp_verified = True
    ctx.sessions.close(token)
    return {"Status": "SUCCESS", "Session": ctx.sessions.open(sign_in)}


def totp_matches(secret: str, code: str, now: float) -> bool:
    """One 30-second step either side, as Cognito allows for clock drift."""
    return pyotp.TOTP(secret).verify(code.strip(), for_time=datetime.fromtimestamp(now, UTC), valid_window=1)


# --- the steps ------------------------------------------------------------------------------------


def _person(ctx: Context, sign_in: SignIn) -> Person:
    person = ctx.store.find(sign_in.sub) if sign_in.sub else None
    if person is None:
        raise CognitoError("NotAuthorizedException", "Invalid session for the user.")
    return person


def _password(ctx: Context, sign_in: SignIn, person: Person | None, password: str, body: Payload) -> Payload:
    """The password itself (USER_PASSWORD_AUTH, or USER_AUTH's PASSWORD)."""
    if person is None or not ctx.store.password_matches(person.sub, password):
        raise _failed(ctx, sign_in, WRONG_PASSWORD)
    return _after_password(ctx, person, sign_in.client_id, sign_in.username, body)


def _srp(ctx: Context, sign_in: SignIn, person: Person | None, srp_a: str, with_session: bool) -> Payload:
    """PASSWORD_VERIFIER: B from the person's verifier (an unknown username gets one like anyone's).
    Its answer is found by its secret block; USER_AUTH's clients also send that back as Session."""
    user_id = person.sub if person else sign_in.username
    password = ctx.store.password(person.sub) if person else secrets.token_urlsafe(32)
    exchange = srp.start(ctx.pool_short_id, user_id, password, srp_a)
    if exchange is None:
        raise CognitoError("InvalidParameterException", "SRP_A is not a valid public value")
    sign_in.challenge, sign_in.srp = "PASSWORD_VERIFIER", exchange
    token = ctx.sessions.open(sign_in, exchange.parameters()["SECRET_BLOCK"])
    answer: Payload = {
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeParameters": {**exchange.parameters(), "USERNAME": user_id},
    }
    if with_session:
        answer["Session"] = token
    return answer


def _user_auth(
    ctx: Context, sign_in: SignIn, person: Person | None, parameters: Payload, body: Payload
) -> Payload:
    """USER_AUTH: the preferred first factor if this person can use it, else a choice of those they can."""
    preferred = str(parameters.get("PREFERRED_CHALLENGE") or "")
    if preferred and preferred not in FIRST_FACTORS:
        raise CognitoError(
            "InvalidParameterException", f"PREFERRED_CHALLENGE must be one of {', '.join(FIRST_FACTORS)}"
        )
    sign_in.available = _first_factors(ctx, person)
    if preferred in sign_in.available:
        return _first_factor(ctx, sign_in, person, preferred, parameters, body)
    parameters_out: dict[str, str] = {}
    if "WEB_AUTHN" in sign_in.available and person is not None:
        # so that SELECT_CHALLENGE can be answered WEB_AUTHN with its CREDENTIAL at once
        parameters_out["CREDENTIAL_REQUEST_OPTIONS"] = webauthn.request_options(ctx, sign_in, person)
    return {
        **_pose(ctx, sign_in, "SELECT_CHALLENGE", parameters_out),
        "AvailableChallenges": list(sign_in.available),
    }


def _first_factors(ctx: Context, person: Person | None) -> tuple[str, ...]:
    """What this person can sign in with: the pool's SignInPolicy, and their passkeys."""
    policy = (ctx.pool().get("Policies") or {}).get("SignInPolicy") or {}
    allowed = policy.get("AllowedFirstAuthFactors") or ["PASSWORD"]
    available = ["PASSWORD", "PASSWORD_SRP"] if "PASSWORD" in allowed else []
    if webauthn.sign_in_available(ctx, person):
        available.append("WEB_AUTHN")
    return tuple(available)


def _first_factor(
    ctx: Context, sign_in: SignIn, person: Person | None, factor: str, answers: Payload, body: Payload
) -> Payload:
    """A first factor chosen (PREFERRED_CHALLENGE or SELECT_CHALLENGE's ANSWER), with its answer
    in the same request where the factor takes one (PASSWORD, SRP_A, CREDENTIAL)."""
    if factor == "PASSWORD":
        if "PASSWORD" not in answers:
            raise CognitoError("InvalidParameterException", "Missing required parameter PASSWORD")
        return _password(ctx, sign_in, person, str(answers["PASSWORD"]), body)
    if factor == "PASSWORD_SRP":
        if "SRP_A" not in answers:
            raise CognitoError("InvalidParameterException", "Missing required parameter SRP_A")
        return _srp(ctx, sign_in, person, str(answers["SRP_A"]), with_session=True)
    assert person is not None  # WEB_AUTHN is available to known people only
    if "CREDENTIAL" in answers and sign_in.webauthn_challenge is not None:
        return _passkey(ctx, sign_in, person, answers, body)
    options = webauthn.request_options(ctx, sign_in, person)
    return _pose(ctx, sign_in, "WEB_AUTHN", {"CREDENTIAL_REQUEST_OPTIONS": options})


def _selected(ctx: Context, sign_in: SignIn, token: str, answers: Payload, body: Payload) -> Payload:
    factor = str(answers.get("ANSWER", ""))
    if factor not in sign_in.available:
        raise CognitoError(
            "InvalidParameterException", "The challenge chosen is not one of AvailableChallenges"
        )
    ctx.sessions.close(token)
    ctx.lockout.check(sign_in.username)
    person = ctx.store.find(sign_in.sub) if sign_in.sub else None
    return _first_factor(ctx, sign_in, person, factor, answers, body)


def _passkey(ctx: Context, sign_in: SignIn, person: Person, answers: Payload, body: Payload) -> Payload:
    """WEB_AUTHN's answer: the assertion of one of the person's passkeys, with user verification.
    It proves possession and the person, so it signs in without a password or an MFA code."""
    ctx.lockout.check(sign_in.username)
    sign_in.method = PASSKEY
    try:
        if not webauthn.sign_in_available(ctx, person):  # e.g. the helpdesk reset their MFA meanwhile
            raise webauthn.REFUSED
        webauthn.verify_sign_in(ctx, sign_in, person, str(answers.get("CREDENTIAL", "")))
    except CognitoError as error:
        raise _failed(ctx, sign_in, error) from None
    _may_sign_in(person)
    return _signed_in(ctx, person, sign_in, body)


def _password_verifier(ctx: Context, sign_in: SignIn, token: str, answers: Payload, body: Payload) -> Payload:
    ctx.sessions.close(token)  # a secret block is good for one answer
    ctx.lockout.check(sign_in.username)
    assert sign_in.srp is not None
    person = ctx.store.find(sign_in.sub) if sign_in.sub else None
    signed = sign_in.srp.signature_valid(
        str(answers.get("TIMESTAMP", "")), str(answers.get("PASSWORD_CLAIM_SIGNATURE", ""))
    )
    if person is None or not signed:
        raise _failed(ctx, sign_in, WRONG_PASSWORD)
    return _after_password(ctx, person, sign_in.client_id, sign_in.username, body)


def _may_sign_in(person: Person) -> None:
    if not person.enabled:
        raise CognitoError("NotAuthorizedException", "User is disabled.")
    if person.status == "RESET_REQUIRED":
        raise CognitoError("PasswordResetRequiredException", "Password reset required for the user")


def _after_password(ctx: Context, person: Person, client_id: str, username: str, body: Payload) -> Payload:
    _may_sign_in(person)
    client = ctx.client(client_id)
    sign_in = SignIn(person.sub, username, client_id, "", ctx.clock() + ctx.session_validity(client))
    if person.status == "FORCE_CHANGE_PASSWORD":
        readable = client.get("ReadAttributes") or list(person.attributes)
        required = [f"userAttributes.{a}" for a in ctx.pool()["Required"] if not person.attributes.get(a)]
        shown = {name: person.attributes[name] for name in readable if name in person.attributes}
        return _pose(
            ctx,
            sign_in,
            "NEW_PASSWORD_REQUIRED",
            {
                "USER_ID_FOR_SRP": person.sub,
                "requiredAttributes": json_list(required),
                "userAttributes": json.dumps(shown),
            },
        )
    return _mfa(ctx, person, sign_in, body)


def _new_password(
    ctx: Context, sign_in: SignIn, token: str, person: Person, answers: Payload, body: Payload
) -> Payload:
    password = str(answers.get("NEW_PASSWORD", ""))
    ctx.check_password(password)
    writable = ctx.client(sign_in.client_id).get("WriteAttributes") or []
    values = {
        k.removeprefix("userAttributes."): str(v)
        for k, v in answers.items()
        if k.startswith("userAttributes.")
    }
    if any(name not in writable for name in values):
        raise UNAUTHORIZED_ATTRIBUTE
    missing = [a for a in ctx.pool()["Required"] if not (values.get(a) or person.attributes.get(a))]
    if missing:
        raise CognitoError("InvalidParameterException", f"Missing required attributes: {', '.join(missing)}")
    ctx.store.set_password(person.sub, password)
    if values:
        ctx.store.set_attributes(person.sub, values)
    ctx.sessions.close(token)
    return _mfa(ctx, _person(ctx, sign_in), sign_in, body)


def _mfa(ctx: Context, person: Person, sign_in: SignIn, body: Payload) -> Payload:
    pool = ctx.pool()
    allowed = [f for f in FACTORS if f in pool["Factors"]]
    enabled = [f for f in person.mfa if f in allowed]
    if pool["MfaConfiguration"] == "OFF" or (pool["MfaConfiguration"] == "OPTIONAL" and not enabled):
        return _signed_in(ctx, person, sign_in, body)
    if not enabled:
        if person.phone and SMS in allowed:
            sign_in.setting_up = SMS
            return _challenge(ctx, person, sign_in, SMS)
        return _pose(ctx, sign_in, "MFA_SETUP", {"MFAS_CAN_SETUP": json_list(allowed)})
    if len(enabled) == 1 or person.preferred in enabled:
        return _challenge(
            ctx, person, sign_in, person.preferred if person.preferred in enabled else enabled[0]
        )
    return _pose(ctx, sign_in, "SELECT_MFA_TYPE", {"MFAS_CAN_CHOOSE": json_list(enabled)})


def _challenge(ctx: Context, person: Person, sign_in: SignIn, factor: str) -> Payload:
    """Ask for a code of `factor`, sending it first by SMS or email."""
    if factor == TOTP:
        return _pose(ctx, sign_in, TOTP, {})
    sign_in.code = new_code()
    by_sms = factor == SMS
    ctx.triggers.send_code("CustomMessage_Authentication", person, sign_in.code, by_sms=by_sms)
    where = delivery("SMS" if by_sms else "EMAIL", person)
    return _pose(
        ctx,
        sign_in,
        factor,
        {
            "CODE_DELIVERY_DELIVERY_MEDIUM": where["DeliveryMedium"],
            "CODE_DELIVERY_DESTINATION": where["Destination"],
        },
    )


def _mfa_code(
    ctx: Context, sign_in: SignIn, token: str, person: Person, typed: str, body: Payload
) -> Payload:
    ctx.lockout.check(sign_in.username)
    factor = sign_in.challenge
    if factor == TOTP:
        secret = ctx.store.totp_secret(person.sub)
        right = secret is not None and totp_matches(secret, typed, ctx.clock())
    else:
        right = sign_in.code is not None and secrets.compare_digest(sign_in.code, typed.strip())
    if not right:
        raise _failed(ctx, sign_in, WRONG_CODE)
    ctx.sessions.close(token)
    if sign_in.setting_up:
        ctx.store.enable_mfa(person.sub, sign_in.setting_up, preferred=True)
        ctx.store.set_attributes(
            person.sub, {"phone_number_verified" if factor == SMS else "email_verified": "true"}
        )
        person = _person(ctx, sign_in)
        # CloudTrail records the answer that set MFA up: MFA_SETUP for email (the code's answer
        # follows it), a plain SMS_MFA answer for a phone already on file.
        setup = "MFA_SETUP" if sign_in.setting_up == EMAIL else factor
        ctx.triggers.api_call("RespondToAuthChallenge", person, {"challengeName": setup})
    return _signed_in(ctx, person, sign_in, body)


def _mfa_setup(
    ctx: Context, sign_in: SignIn, token: str, person: Person, answers: Payload, body: Payload
) -> Payload:
    if "EMAIL" in answers:
        if EMAIL not in ctx.pool()["Factors"]:
            raise CognitoError("InvalidParameterException", "Email MFA is not enabled for this user pool")
        if str(answers["EMAIL"]).strip().lower() != person.email.lower():
            raise UNAUTHORIZED_ATTRIBUTE  # the client may not write `email`
        ctx.sessions.close(token)
        sign_in.setting_up = EMAIL
        return _challenge(ctx, person, sign_in, EMAIL)
    if not sign_in.totp_verified or sign_in.totp_secret is None:
        raise CognitoError("InvalidParameterException", "Verify a software token to complete MFA set-up")
    ctx.sessions.close(token)
    ctx.store.set_totp_secret(person.sub, sign_in.totp_secret)
    ctx.store.enable_mfa(person.sub, TOTP, preferred=True)
    person = _person(ctx, sign_in)
    ctx.triggers.api_call("RespondToAuthChallenge", person, {"challengeName": "MFA_SETUP"})
    return _signed_in(ctx, person, sign_in, body)


def _pose(ctx: Context, sign_in: SignIn, challenge: str, parameters: dict[str, str]) -> Payload:
    sign_in.challenge = challenge
    return {
        "ChallengeName": challenge,
        "ChallengeParameters": parameters,
        "Session": ctx.sessions.open(sign_in),
    }


def _failed(ctx: Context, sign_in: SignIn, error: CognitoError) -> CognitoError:
    """The one place a sign-in fails (a wrong password, MFA code or passkey; `sign_in.method` says
    which way): it counts towards the lockout, and threat protection records it (an attempt at an
    unknown username has nobody to record it on). The caller raises what this returns."""
    ctx.lockout.failed(sign_in.username)
    person = ctx.store.find(sign_in.sub) if sign_in.sub else None
    if person is not None:
        _record(ctx, person, "Fail", _challenges(sign_in, error))
    return error


def _signed_in(ctx: Context, person: Person, sign_in: SignIn, body: Payload) -> Payload:
    """The one place a sign-in succeeds (`sign_in.method`: by password, or by passkey): the
    post-authentication trigger, then the tokens; a trigger's failure fails the sign-in."""
    try:
        ctx.triggers.post_authentication(person, body.get("ClientMetadata") or {})
    except CognitoError as refused:
        _record(ctx, person, "Fail", _challenges(sign_in, refused))
        raise
    ctx.lockout.succeeded(sign_in.username)
    _record(ctx, person, "Pass", _challenges(sign_in, None))
    client = ctx.client(sign_in.client_id)
    return {
        "ChallengeParameters": {},
        "AuthenticationResult": ctx.tokens.issue(person, sign_in.client_id, client),
    }


# --- threat protection's record of each attempt (signals.py) ---------------------------------------

PASSWORD_FAILED = ((signals.PASSWORD, "Failure"),)
MFA_FAILED = ((signals.PASSWORD, "Success"), (signals.MFA, "Failure"))
PASSWORD_ONLY = ((signals.PASSWORD, "Success"),)
PASSWORD_AND_MFA = ((signals.PASSWORD, "Success"), (signals.MFA, "Success"))
MFA_CHALLENGES = frozenset({*CODE_KEYS, "MFA_SETUP"})


def _challenges(sign_in: SignIn, error: CognitoError | None) -> tuple[tuple[str, str], ...]:
    """The challenges met, as Cognito lists them: none for a passkey (no password was asked),
    the password (and the MFA code, when one was asked) for the rest."""
    if sign_in.method == PASSKEY:
        return ()
    if error is WRONG_PASSWORD:
        return PASSWORD_FAILED
    if error is WRONG_CODE:
        return MFA_FAILED
    return PASSWORD_AND_MFA if sign_in.challenge in MFA_CHALLENGES else PASSWORD_ONLY


def _record(ctx: Context, person: Person, outcome: str, challenges: tuple[tuple[str, str], ...]) -> None:
    event = signals.auth_event(outcome, list(challenges))
    ctx.store.record_auth_event(person.sub, event)
    ctx.triggers.sign_in(person, event)
