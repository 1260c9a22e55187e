"""Validation of the values Portal accepts. Each function returns the clean value or raises."""

from __future__ import annotations

import re
import unicodedata

from portal.domain.errors import InvalidRequest
from portal.domain.model import Language

# The patterns are shared with pydantic (`.pattern`); here they are applied with `fullmatch`,
# since Python's `$` also matches before a trailing newline ("68101\n" would pass `.match`).
CENTRE_ID = re.compile(r"^[0-9]{5}$")
SERIES_ID = re.compile(r"^[0-9]{4}-[a-z]+(?:-[a-z0-9]+){0,3}$")
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
# Pragmatic address form: one @, a dotted domain, no spaces or control characters.
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
TITLES: tuple[str, ...] = ("Mr", "Mrs", "Miss", "Ms", "Mx", "Dr", "Prof", "Rev")
NAME_MAX = 100
JOB_ROLE_MAX = 100
EMAIL_MAX = 254
CENTRE_NAME_MAX = 200
SERIES_ID_MAX = 32


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
    """Trimmed and lower-cased: Portal treats addresses as case-insensitive everywhere."""
    clean = value.strip().lower()
    if len(clean) > EMAIL_MAX or not EMAIL.fullmatch(clean) or len(clean.split("@")[0]) > 64:
        raise _fail(field, "must be an email address")
    return clean


def _text(value: str, field: str, max_len: int, min_len: int) -> str:
    clean = unicodedata.normalize("NFC", value).strip()
    if not min_len <= len(clean) <= max_len:
        raise _fail(field, f"must be {min_len} to {max_len} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in clean):
        raise _fail(field, "must not contain control characters")
    return clean


def name(value: str, field: str) -> str:
    """Given and family names: 1 to 100 printable characters."""
    return _text(value, field, NAME_MAX, 1)


def job_role(value: str, field: str = "job_role") -> str:
    return _text(value, field, JOB_ROLE_MAX, 0)


def centre_name(value: str, field: str = "name") -> str:
    return _text(value, field, CENTRE_NAME_MAX, 1)


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
