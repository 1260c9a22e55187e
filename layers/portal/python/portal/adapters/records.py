"""The state table's items: their keys, index keys, and the mapping to and from domain objects.

One place knows the layout that docs/rules.md (The data model) describes, so the store's methods
read as what they do rather than as attribute names:

- centre `CENTRE#<id>` / `CENTRE`: name, Admin places taken, the Exams Officer's id, counters of
  members by type and status; in by_user as `CENTRES` / `<id>` (the list of centres).
- membership `CENTRE#<id>` / `MEMBER#<user>`: in by_user as `USER#<user>` / `CENTRE#<id>`, in
  by_type as `CENTRE#<id>#<type>` / status key, in by_status as `CENTRE#<id>` / status key.
- person `USER#<user>` / `PROFILE`: profile, count of memberships, `closing`; in by_user as
  `USER#<user>` / `PROFILE`. A closed account leaves a mark there (`kind: closed`), in no index.
- email claim `EMAIL#<email>` / `EMAIL`: the owner's user id; before it, while an invitation
  makes the Cognito user, the hold: that invitation's token and since when.
- series `SERIES` / `<series id>`.

The status key is `A#<user>` for an accepted membership and `P#<invited_at>#<user>` for a
pending one, so a status filter is a key condition: active `begins_with A#`, invited
`>= P#<now - 60 days>`, expired `between P# and P#<now - 60 days>`.
"""

from __future__ import annotations

from datetime import date, datetime
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
HOLD_TOKEN, HOLD_SINCE = "hold_token", "held_since"
TYPE_PK, STATUS_SK = c.BY_TYPE_PK, c.MEMBER_STATUS_SK

CENTRES_PARTITION = "CENTRES"
"""The index partition that lists every centre (by number), so no request needs a Scan."""

SERIES_PARTITION = "SERIES"
PROFILE = "PROFILE"
ACCEPTED_PREFIX = "A#"
PENDING_PREFIX = "P#"

EXAMS_OFFICER_ID = "exams_officer_id"
ADMIN_PLACES = "admins"
MEMBERSHIPS = "memberships"
CLOSING = "closing"

TABLE_KEY = (PK, SK)
BY_USER_KEY = (GPK, GSK, PK, SK)
BY_TYPE_KEY = (TYPE_PK, STATUS_SK, PK, SK)
BY_STATUS_KEY = (PK, STATUS_SK, SK)


def _key(pk: str, sk: str) -> Item:
    return {PK: {"S": pk}, SK: {"S": sk}}


def centre_pk(centre_id: str) -> str:
    return f"CENTRE#{centre_id}"


def user_pk(user_id: str) -> str:
    return f"USER#{user_id}"


def type_pk(centre_id: str, account_type: AccountType) -> str:
    return f"CENTRE#{centre_id}#{account_type.value}"


def centre_key(centre_id: str) -> Item:
    return _key(centre_pk(centre_id), "CENTRE")


def member_key(centre_id: str, user_id: str) -> Item:
    return _key(centre_pk(centre_id), f"MEMBER#{user_id}")


def person_key(user_id: str) -> Item:
    return _key(user_pk(user_id), PROFILE)


def claim_key(email: str) -> Item:
    return _key(f"EMAIL#{email.strip().lower()}", "EMAIL")


def series_key(series_id: str) -> Item:
    return _key(SERIES_PARTITION, series_id)


# --- centres and series ------------------------------------------------------------------------


def count_attribute(account_type: AccountType, accepted: bool) -> str:
    """The centre's counter of members of this type and state (`n_admin_active`, `n_user_pending`)."""
    return f"n_{account_type.value}_{'active' if accepted else 'pending'}"


def centre_item(centre: Centre) -> Item:
    """Every counter is written, zeros too, so a change and its undo leave the item as it was."""
    counters = {
        count_attribute(t, accepted): int((centre.accepted if accepted else centre.pending).get(t, 0))
        for t in AccountType
        for accepted in (True, False)
    }
    return {
        **centre_key(centre.centre_id),
        **to_item(
            {
                "kind": "centre",
                GPK: CENTRES_PARTITION,
                GSK: centre.centre_id,
                "centre_id": centre.centre_id,
                "name": centre.name,
                EXAMS_OFFICER_ID: centre.exams_officer_id,
                ADMIN_PLACES: centre.admins,
                **counters,
                "created_at": iso(centre.created_at) if centre.created_at else None,
            }
        ),
    }


def centre_of(item: Item) -> Centre:
    v = from_item(item)
    return Centre(
        centre_id=str(v["centre_id"]),
        name=str(v.get("name", "")),
        exams_officer_id=_text(v.get(EXAMS_OFFICER_ID)),
        admins=int(v.get(ADMIN_PLACES, 0)),
        created_at=parse_time(v.get("created_at")),
        accepted={t: int(v.get(count_attribute(t, True), 0)) for t in AccountType},
        pending={t: int(v.get(count_attribute(t, False), 0)) for t in AccountType},
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


def status_key(user_id: str, accepted: bool, invited_at: datetime) -> str:
    """The sort key of the status indexes (fixed-width UTC times sort as strings)."""
    return f"{ACCEPTED_PREFIX}{user_id}" if accepted else f"{PENDING_PREFIX}{iso(invited_at)}#{user_id}"


def pending_from(cutoff: datetime) -> str:
    """Pending memberships invited at or after `cutoff` sort at or after this key."""
    return f"{PENDING_PREFIX}{iso(cutoff)}"


def membership_item(m: Membership) -> Item:
    return {
        **member_key(m.centre_id, m.user_id),
        **to_item(
            {
                "kind": "membership",
                GPK: user_pk(m.user_id),
                GSK: centre_pk(m.centre_id),
                TYPE_PK: type_pk(m.centre_id, m.account_type),
                STATUS_SK: status_key(m.user_id, m.accepted, m.invited_at),
                "centre_id": m.centre_id,
                "centre_name": m.centre_name,
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
        centre_name=str(v.get("centre_name", "")),
    )


# --- people and email claims --------------------------------------------------------------------


def person_item(p: Person) -> Item:
    return {
        **person_key(p.user_id),
        **to_item(
            {
                "kind": "person",
                GPK: user_pk(p.user_id),
                GSK: PROFILE,
                "user_id": p.user_id,
                "email": p.email,
                **profile_values(p.profile),
                "disabled": p.disabled,
                "signed_in": p.signed_in,
                "last_sign_in_at": iso(p.last_sign_in_at) if p.last_sign_in_at else None,
                "mfa_preferred": p.mfa.preferred,
                "mfa_enabled": list(p.mfa.enabled),
                **mfa_flags(p.mfa),
                "created_at": iso(p.created_at) if p.created_at else None,
                MEMBERSHIPS: p.memberships,
                CLOSING: iso(p.closing) if p.closing else None,
            }
        ),
    }


def closed_item(user_id: str, at: datetime) -> Item:
    """What stays of a closed account: its id and when, no personal data, in no index. Its only
    job is to refuse a late write (a sign-in recorded after the deletion) that would bring a
    record back without its Cognito user. Cognito never reuses a `sub`."""
    return {**person_key(user_id), **to_item({"kind": "closed", "user_id": user_id, "closed_at": iso(at)})}


def is_person(item: Item) -> bool:
    return bool(item.get("kind", {}).get("S") == "person")


def mfa_flags(mfa: MfaState) -> dict[str, object]:
    """What Portal itself sets of a person's MFA (a sign-in never overwrites them)."""
    return {"mfa_passkey": mfa.passkey, "passkey_review": mfa.passkey_review}


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
            passkey=bool(v.get("mfa_passkey", False)),
            passkey_review=bool(v.get("passkey_review", False)),
        ),
        created_at=parse_time(v.get("created_at")),
        memberships=int(v.get(MEMBERSHIPS, 0)),
        closing=parse_time(v.get(CLOSING)),
    )


def claim_item(email: str, user_id: str) -> Item:
    return {**claim_key(email), **to_item({"kind": "email", "email": email.lower(), "user_id": user_id})}


def hold_item(email: str, token: str, at: datetime) -> Item:
    """An address held by an invitation on its way: no owner yet, the invitation's token."""
    values = {"kind": "email", "email": email.lower(), HOLD_TOKEN: token, HOLD_SINCE: iso(at)}
    return {**claim_key(email), **to_item(values)}


def _text(v: Any) -> str | None:
    return None if v is None else str(v)


def _language(v: Any) -> Language:
    try:
        return Language(v)
    except ValueError:
        return Language.ENGLISH
