"""The state table's items: their keys, and the mapping between items and domain objects.

One place knows the layout of the architecture's Data table, so the store's methods read as
what they do rather than as attribute names.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from portal import constants as c
from portal.adapters.dynamo import Item, from_item, iso, parse_time, to_item
from portal.domain.model import (
    AccountType,
    Centre,
    Language,
    Membership,
    MfaState,
    Permission,
    Person,
    Profile,
    Series,
)

PK, SK, GPK, GSK = c.STATE_PK, c.STATE_SK, c.BY_USER_PK, c.BY_USER_SK

CENTRES_PARTITION = "CENTRES"
"""The index partition that lists every centre (by number), so no request needs a Scan."""

SERIES_PARTITION = "SERIES"

COUNTERS: dict[AccountType, tuple[str, int]] = {
    AccountType.EXAMS_OFFICER: ("exams_officers", c.MAX_EXAMS_OFFICERS_PER_CENTRE),
    AccountType.ADMIN: ("admins", c.MAX_ADMINS_PER_CENTRE),
}
"""The account types whose places are counted on the centre item, with their limits."""

TABLE_KEY = (PK, SK)
INDEX_KEY = (GPK, GSK, PK, SK)


def _key(pk: str, sk: str) -> Item:
    return {PK: {"S": pk}, SK: {"S": sk}}


def centre_pk(centre_id: str) -> str:
    return f"CENTRE#{centre_id}"


def user_pk(user_id: str) -> str:
    return f"USER#{user_id}"


def centre_key(centre_id: str) -> Item:
    return _key(centre_pk(centre_id), "CENTRE")


def member_key(centre_id: str, user_id: str) -> Item:
    return _key(centre_pk(centre_id), f"MEMBER#{user_id}")


def person_key(user_id: str) -> Item:
    return _key(user_pk(user_id), "PROFILE")


def claim_key(email: str) -> Item:
    return _key(f"EMAIL#{email.strip().lower()}", "EMAIL")


def series_key(series_id: str) -> Item:
    return _key(SERIES_PARTITION, series_id)


# --- centres and series ------------------------------------------------------------------------


def centre_item(centre: Centre) -> Item:
    return {
        **centre_key(centre.centre_id),
        **to_item(
            {
                "kind": "centre",
                GPK: CENTRES_PARTITION,
                GSK: centre.centre_id,
                "centre_id": centre.centre_id,
                "name": centre.name,
                "exams_officers": centre.exams_officers,
                "admins": centre.admins,
                "created_at": iso(centre.created_at) if centre.created_at else None,
            }
        ),
    }


def centre_of(item: Item) -> Centre:
    v = from_item(item)
    return Centre(
        centre_id=str(v["centre_id"]),
        name=str(v.get("name", "")),
        exams_officers=int(v.get("exams_officers", 0)),
        admins=int(v.get("admins", 0)),
        created_at=parse_time(v.get("created_at")),
    )


def series_item(series: Series) -> Item:
    return {
        **series_key(series.series_id),
        **to_item(
            {"kind": "series", "series_id": series.series_id, "results_day": series.results_day.isoformat()}
        ),
    }


def series_of(item: Item) -> Series:
    v = from_item(item)
    return Series(series_id=str(v["series_id"]), results_day=date.fromisoformat(str(v["results_day"])))


# --- memberships --------------------------------------------------------------------------------


def sorted_permissions(permissions: frozenset[Permission]) -> list[str]:
    """Stored as a sorted list, so that two equal sets compare equal in a condition."""
    return sorted(p.value for p in permissions)


def membership_item(m: Membership) -> Item:
    return {
        **member_key(m.centre_id, m.user_id),
        **to_item(
            {
                "kind": "membership",
                GPK: user_pk(m.user_id),
                GSK: centre_pk(m.centre_id),
                "centre_id": m.centre_id,
                "user_id": m.user_id,
                "email": m.email,
                "account_type": m.account_type.value,
                "permissions": sorted_permissions(m.permissions),
                "invited_at": iso(m.invited_at),
                "invited_by": m.invited_by,
                "accepted": m.accepted,
                "title": m.title,
                "given_name": m.given_name,
                "family_name": m.family_name,
                "last_sign_in_at": iso(m.last_sign_in_at) if m.last_sign_in_at else None,
            }
        ),
    }


def membership_of(item: Item) -> Membership:
    v = from_item(item)
    invited_at = parse_time(v.get("invited_at"))
    if invited_at is None:
        raise ValueError("a membership without invited_at")
    return Membership(
        centre_id=str(v["centre_id"]),
        user_id=str(v["user_id"]),
        email=str(v.get("email", "")),
        account_type=AccountType(v["account_type"]),
        permissions=frozenset(Permission(p) for p in v.get("permissions", [])),
        invited_at=invited_at,
        invited_by=_text(v.get("invited_by")),
        accepted=bool(v.get("accepted", False)),
        title=_text(v.get("title")),
        given_name=str(v.get("given_name", "")),
        family_name=str(v.get("family_name", "")),
        last_sign_in_at=parse_time(v.get("last_sign_in_at")),
    )


# --- people and email claims --------------------------------------------------------------------


def person_item(p: Person) -> Item:
    return {
        **person_key(p.user_id),
        **to_item(
            {
                "kind": "person",
                "user_id": p.user_id,
                "email": p.email,
                **profile_values(p.profile),
                "disabled": p.disabled,
                "signed_in": p.signed_in,
                "last_sign_in_at": iso(p.last_sign_in_at) if p.last_sign_in_at else None,
                "mfa_preferred": p.mfa.preferred,
                "mfa_enabled": list(p.mfa.enabled),
                "created_at": iso(p.created_at) if p.created_at else None,
            }
        ),
    }


def profile_values(profile: Profile) -> dict[str, object]:
    """The profile's fields as stored on the person item (None: attribute absent)."""
    return {
        "title": profile.title,
        "given_name": profile.given_name,
        "family_name": profile.family_name,
        "job_role": profile.job_role,
        "language": profile.language.value,
        "phone_number": profile.phone_number,
    }


def person_of(item: Item) -> Person:
    v = from_item(item)
    return Person(
        user_id=str(v["user_id"]),
        email=str(v.get("email", "")),
        profile=Profile(
            title=_text(v.get("title")),
            given_name=str(v.get("given_name", "")),
            family_name=str(v.get("family_name", "")),
            job_role=_text(v.get("job_role")),
            language=_language(v.get("language")),
            phone_number=_text(v.get("phone_number")),
        ),
        disabled=bool(v.get("disabled", False)),
        signed_in=bool(v.get("signed_in", False)),
        last_sign_in_at=parse_time(v.get("last_sign_in_at")),
        mfa=MfaState(
            preferred=_text(v.get("mfa_preferred")),
            enabled=tuple(str(x) for x in v.get("mfa_enabled", [])),
        ),
        created_at=parse_time(v.get("created_at")),
    )


def claim_item(email: str, user_id: str) -> Item:
    return {**claim_key(email), **to_item({"kind": "email", "email": email.lower(), "user_id": user_id})}


def reservation_item(email: str, centre_id: str) -> Item:
    """A claim taken before the Cognito user exists: it holds no user id until add_person."""
    return {
        **claim_key(email),
        **to_item({"kind": "email", "email": email.lower(), "reserved": True, "centre_id": centre_id}),
    }


def _text(v: Any) -> str | None:
    return None if v is None else str(v)


def _language(v: Any) -> Language:
    try:
        return Language(v)
    except ValueError:
        return Language.ENGLISH
