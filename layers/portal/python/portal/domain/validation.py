"""Validation of the values Portal accepts. Each function returns the clean value or raises.

What is accepted is what AWS accepts and what the value holds, no more: an email address that
Cognito or SES would refuse is refused here (a 400, not a 503 from deep inside a use case), and
names, job roles and centre names hold letters of any language and the few marks names have, so
no link, phone number or markup can be planted in an email the board sends; nor, by Unicode's
security mechanisms (portal/domain/text.py), an invisible character, a word that mixes scripts,
or a look-alike of the marks that make a web address.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from portal.domain import text
from portal.domain.errors import InvalidRequest
from portal.domain.model import Language

# The patterns are shared with pydantic (`.pattern`); here they are applied with `fullmatch`,
# since Python's `$` also matches before a trailing newline ("68101\n" would pass `.match`).
CENTRE_ID = re.compile(r"^[0-9]{5}$")
SERIES_ID = re.compile(r"^[0-9]{4}-[a-z]+(?:-[a-z0-9]+){0,3}$")
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# What Cognito takes as an email username (a local part of letters, digits and `._%+'-`: the
# apostrophe of `o'brien@...`, which Cognito and SES take; an ASCII domain ending in a TLD of
# letters), after `email-validator` has checked the rest of RFC 5321 (dots, label lengths,
# special-use domains). The local Cognito takes the same form (local/cognito/moto_patches.py).
COGNITO_EMAIL = re.compile(
    r"^[a-z0-9._%+'-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
    r"\.[a-z]{2,63}$"
)
TITLES: tuple[str, ...] = ("Mr", "Mrs", "Miss", "Ms", "Mx", "Dr", "Prof", "Rev")
NAME_MAX = 100
JOB_ROLE_MAX = 100
EMAIL_MAX = 128  # Cognito's bound on `Username`, which is the address here
EMAIL_LOCAL_MAX = 64
CENTRE_NAME_MAX = 200
SERIES_ID_MAX = 32
MARKS_IN_A_ROW_MAX = 4  # combining marks after one letter: enough for any script, not for "Zalgo" text

# Beside letters (Unicode L*, with their combining marks M*): what each kind of text holds.
NAME_MARKS = frozenset(" -'\u2019.")  # space, hyphen, apostrophes (' and U+2019), full stop
JOB_ROLE_MARKS = NAME_MARKS | frozenset("&,()/0123456789")  # "Head of Year 7", "Teacher/Exams Officer"
# The register of centres' names: "Cardiff & Vale College", "St Mary's C.E. (VA) High School",
# "School 21", "UTC@harbourside" (domain.md).
CENTRE_NAME_MARKS = NAME_MARKS | frozenset("&,()@0123456789")
NAME_SAYS = "letters, spaces, hyphens, apostrophes and full stops"
JOB_ROLE_SAYS = "letters, digits, spaces and - ' . & , ( ) /"
CENTRE_NAME_SAYS = "letters, digits, spaces and - ' . & , ( ) @"
# What every free-text field refuses beside, in the words of the OpenAPI document (text.py).
TEXT_RULE = (
    "no invisible character (Unicode's Default_Ignorable_Code_Point), no word mixing scripts "
    "(UTS #39, as Japanese and Korean mix them aside), nothing that looks like a web address "
    "(a full stop before two letters, a look-alike of : / or .)"
)
# A full stop directly followed by two letters is how a web address looks (evil.example, www.x);
# initials ("J.R.R. Jones", "St. Mary's") never need it.
WEB_ADDRESS_LIKE = re.compile(r"\.[^\W\d_]{2}")


def _fail(field: str, message: str) -> InvalidRequest:
    return InvalidRequest(f"{field}: {message}", {field: message})


def centre_id(value: str, field: str = "centre_id") -> str:
    if not CENTRE_ID.fullmatch(value):
        raise _fail(field, "must be five digits")
    return value


def series_id(value: str, field: str = "series_id") -> str:
    if len(value) > SERIES_ID_MAX or not SERIES_ID.fullmatch(value):
        raise _fail(field, "must be a slug such as 2026-summer")
    return value


def normalise_email(value: str, field: str = "email") -> str:
    """Trimmed and lower-cased: Portal treats addresses as case-insensitive everywhere.

    ASCII only: SES takes no non-ASCII local part and wants domains in Punycode, and a person
    could not sign in with a Unicode form Cognito never saw. No DNS look-up (offline, and an
    invitation to a domain whose mail server is down for a day is still a good invitation).
    """
    # Imported on first use: compiling its patterns takes ~40 ms, which only the requests that
    # carry an address should pay, not every cold start.
    from email_validator import EmailNotValidError, validate_email  # noqa: PLC0415

    clean = value.strip().lower()
    if not clean.isascii() or len(clean) > EMAIL_MAX:
        raise _fail(field, "must be an email address")
    try:
        checked = validate_email(
            clean,
            check_deliverability=False,
            allow_smtputf8=False,
            allow_quoted_local=False,
            allow_domain_literal=False,
            allow_display_name=False,
            globally_deliverable=True,
        )
    except EmailNotValidError:
        raise _fail(field, "must be an email address") from None
    address = checked.ascii_email or clean
    if address != clean or len(clean.split("@")[0]) > EMAIL_LOCAL_MAX or not COGNITO_EMAIL.fullmatch(clean):
        raise _fail(field, "must be an email address")
    return clean


def _text(value: str, field: str, max_len: int, min_len: int, marks: frozenset[str], says: str) -> str:
    """NFC, trimmed, bounded; letters of any language and `marks`, nothing invisible, no word
    mixing scripts, nothing that reads as a link (text.py says why each)."""
    clean = unicodedata.normalize("NFC", value).strip()
    if not min_len <= len(clean) <= max_len:
        raise _fail(field, f"must be {min_len} to {max_len} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in clean):
        raise _fail(field, "must not contain control characters")
    if text.invisible(clean):
        raise _fail(field, "must not contain invisible characters")
    if not clean:
        return clean
    run = 0
    for index, ch in enumerate(clean):
        kind = unicodedata.category(ch)[0]
        if kind == "M":
            run += 1
            if index == 0 or run > MARKS_IN_A_ROW_MAX:
                raise _fail(field, f"may hold only {says}")
            continue
        run = 0
        if kind != "L" and ch not in marks:
            raise _fail(field, f"may hold only {says}")
    if not any(unicodedata.category(ch)[0] == "L" for ch in clean):
        raise _fail(field, "must contain a letter")
    if WEB_ADDRESS_LIKE.search(clean) or text.has_web_address_look_alike(clean):
        raise _fail(field, "must not look like a web address")
    if text.mixes_scripts(clean):
        raise _fail(field, "must not mix alphabets within a word")
    return clean


def name(value: str, field: str) -> str:
    """Given and family names: 1 to 100 characters, letters and the marks names hold."""
    return _text(value, field, NAME_MAX, 1, NAME_MARKS, NAME_SAYS)


def job_role(value: str, field: str = "job_role") -> str:
    return _text(value, field, JOB_ROLE_MAX, 0, JOB_ROLE_MARKS, JOB_ROLE_SAYS)


def centre_name(value: str, field: str = "name") -> str:
    return _text(value, field, CENTRE_NAME_MAX, 1, CENTRE_NAME_MARKS, CENTRE_NAME_SAYS)


def iso_date(value: str, field: str) -> date:
    """A calendar date written exactly `YYYY-MM-DD`: no time, no offset, no week or ordinal form."""
    if not ISO_DATE.fullmatch(value):
        raise _fail(field, "must be a date such as 2026-08-13")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(field, "must be a date such as 2026-08-13") from None


def title(value: str, field: str = "title") -> str:
    if value not in TITLES:
        raise _fail(field, f"must be one of {', '.join(TITLES)}")
    return value


def phone_number(value: str, field: str = "phone_number") -> str:
    """E.164: `+`, country code, number; `+44…` for the UK. Spaces are removed first."""
    clean = value.replace(" ", "")
    if not E164.fullmatch(clean):
        raise _fail(field, "must be in international form, such as +447700900123")
    return clean


def language(value: str, field: str = "language") -> Language:
    try:
        return Language(value)
    except ValueError:
        raise _fail(field, "must be en or cy") from None
