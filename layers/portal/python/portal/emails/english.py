"""The English templates. Placeholders are filled by `portal.emails.render`."""

from __future__ import annotations

from portal.constants import PASSWORD_MIN_LENGTH
from portal.domain.model import EmailKind
from portal.emails.layout import EmailTemplate, Facts, Link, P, template

HEADER = "$brand Portal"
SIGNATURE = "The $brand Portal team"
FOOTER = (
    "This email was sent automatically by $brand Portal. Replies to this address are not read. "
    "Never share your password or codes with anyone, including $brand staff."
)
SIGN_IN = Link("Sign in to Portal", "$portal_url")
CREDENTIALS = Facts((("Email address", "$email"), ("Temporary password", "$temporary_password")))
FIRST_SIGN_IN = P(
    f"When you first sign in you will choose a new password of at least {PASSWORD_MIN_LENGTH} "
    "characters, then set up multi-factor authentication (an authenticator app, text message or email)."
)
EXPIRY = P(
    "This invitation expires on $expires_on. After that, ask an Exams Officer or Admin at your "
    "centre to send you a new one."
)
NOT_EXPECTED = P("If you were not expecting this email, you can ignore it.")
NOT_YOU = P(
    "If you did not do or ask for this, someone else may be using your account: contact the "
    "$brand helpdesk straight away at $helpdesk_email."
)


def _t(subject: str, *body: P | Facts | Link) -> EmailTemplate:
    return template("en", HEADER, subject, (P("$greeting"), *body), SIGNATURE, FOOTER)


TEMPLATES: dict[EmailKind, EmailTemplate] = {
    EmailKind.INVITATION: _t(
        "Your invitation to $brand Portal",
        P("$inviter_name has invited you to use $brand Portal for $centre_name (centre $centre_id)."),
        P("Sign in with these details:"),
        CREDENTIALS,
        FIRST_SIGN_IN,
        EXPIRY,
        SIGN_IN,
        NOT_EXPECTED,
    ),
    EmailKind.NEW_INVITATION: _t(
        "Your new invitation to $brand Portal",
        P(
            "$inviter_name has sent you a new invitation to $brand Portal for $centre_name "
            "(centre $centre_id). Any temporary password you were sent before no longer works."
        ),
        P("Sign in with these details:"),
        CREDENTIALS,
        FIRST_SIGN_IN,
        EXPIRY,
        SIGN_IN,
        NOT_EXPECTED,
    ),
    EmailKind.ACCESS_CODE: _t(
        "Your $brand Portal access code",
        P("Use this code to set a new password for $brand Portal:"),
        Facts((("Access code", "$code"),)),
        P(
            "If you did not ask to reset your password, you can ignore this email: "
            "your password has not changed."
        ),
    ),
    EmailKind.MFA_CODE: _t(
        "Your $brand Portal sign-in code",
        P("Use this code to finish signing in to $brand Portal:"),
        Facts((("Sign-in code", "$code"),)),
        P(
            "If you did not try to sign in just now, someone may know your password: change it "
            "straight away and contact the $brand helpdesk."
        ),
    ),
    EmailKind.ADDED_TO_CENTRE: _t(
        "You have been added to $centre_name on $brand Portal",
        P(
            "$inviter_name has added you to $centre_name (centre $centre_id) on $brand Portal "
            "as $account_type."
        ),
        P(
            "Sign in with your usual email address and password: you will find the new centre "
            "alongside any others you belong to."
        ),
        SIGN_IN,
    ),
    EmailKind.ACCESS_CHANGED: _t(
        "Your access to $centre_name on $brand Portal has changed",
        P("Your access to $brand Portal for $centre_name (centre $centre_id) has changed. It is now:"),
        Facts((("Account type", "$account_type"), ("Services", "$permissions"))),
        P(
            "The change applies straight away. If you have questions about it, ask an Exams Officer "
            "or Admin at your centre."
        ),
        SIGN_IN,
    ),
    EmailKind.ACCOUNT_REMOVED: _t(
        "Your $brand Portal access for $centre_name has ended",
        P(
            "Your account for $centre_name (centre $centre_id) on $brand Portal has been removed, "
            "so you can no longer use Portal for that centre."
        ),
        P(
            "Access you have at any other centre is not affected. If you think this is a mistake, "
            "contact an Exams Officer or Admin at the centre."
        ),
    ),
    EmailKind.MFA_RESET: _t(
        "Your $brand Portal multi-factor authentication has been reset",
        P("The $brand helpdesk has reset the multi-factor authentication on your Portal account."),
        P(
            "The next time you sign in, you will be asked to set it up again, with an "
            "authenticator app, text message or email."
        ),
        NOT_YOU,
        SIGN_IN,
    ),
    EmailKind.PASSWORD_CHANGED: _t(
        "Your $brand Portal password has been changed",
        P("The password of your $brand Portal account was changed just now."),
        NOT_YOU,
    ),
    EmailKind.PASSWORD_RESET: _t(
        "Your $brand Portal password has been reset",
        P(
            "The password of your $brand Portal account was reset just now, with an access code "
            "sent for a forgotten password."
        ),
        NOT_YOU,
    ),
    EmailKind.MFA_SET_UP: _t(
        "Multi-factor authentication is set up on your $brand Portal account",
        P("Multi-factor authentication was set up on your $brand Portal account just now."),
        Facts((("Ways to sign in", "$methods"),)),
        NOT_YOU,
    ),
    EmailKind.MFA_CHANGED: _t(
        "Your $brand Portal multi-factor authentication has changed",
        P("The multi-factor authentication settings of your $brand Portal account were changed just now."),
        Facts((("Ways to sign in", "$methods"),)),
        NOT_YOU,
    ),
    EmailKind.PASSKEY_ADDED: _t(
        "A passkey was added to your $brand Portal account",
        P("A passkey was added to your $brand Portal account just now: it can now sign you in."),
        NOT_YOU,
    ),
    EmailKind.PASSKEY_REMOVED: _t(
        "A passkey was removed from your $brand Portal account",
        P("A passkey was removed from your $brand Portal account just now: it can no longer sign you in."),
        NOT_YOU,
    ),
    EmailKind.PHONE_CHANGED: _t(
        "The phone number on your $brand Portal account has changed",
        P("The phone number on your $brand Portal account was changed just now."),
        Facts((("Phone number", "$phone_number"),)),
        NOT_YOU,
    ),
    EmailKind.ACCOUNT_DISABLED: _t(
        "Your $brand Portal account has been disabled",
        P(
            "The $brand helpdesk has disabled your Portal account, at every centre: you cannot "
            "sign in until it is enabled again."
        ),
        P("If you did not expect this, contact the $brand helpdesk at $helpdesk_email."),
    ),
    EmailKind.ACCOUNT_ENABLED: _t(
        "Your $brand Portal account has been enabled",
        P("The $brand helpdesk has enabled your Portal account again: you can sign in as before."),
        NOT_YOU,
        SIGN_IN,
    ),
    EmailKind.RISKY_SIGN_IN: _t(
        "An unusual sign-in to your $brand Portal account",
        P(
            "Someone tried to sign in to your $brand Portal account on $when, in a way that looked "
            "unusual: from a new place or device, or like an automated attack."
        ),
        P(
            "If it was you, there is nothing to do. If it was not, change your password straight "
            "away and contact the $brand helpdesk at $helpdesk_email."
        ),
    ),
}

GREETING = "Hello $given_name,"
GREETING_NO_NAME = "Hello,"
