"""The permission catalogue: who may hold what, at which access level (domain.md, Permissions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from portal.domain.errors import PermissionNotGrantable
from portal.domain.model import Access, AccountType, Permission, Service


class UserRule(StrEnum):
    """How a User holds a permission."""

    ALWAYS = "always"
    NEVER = "never"
    WHEN_GRANTED = "when_granted"


@dataclass(frozen=True, slots=True)
class Entry:
    permission: Permission
    service: str
    staff_access: Access  # EO and Admin
    user_rule: UserRule
    user_access: Access  # what a User who holds it gets
    released_on_results_day: bool = False


CATALOGUE: tuple[Entry, ...] = (
    Entry(
        Permission.RESOURCES,
        "past papers, marking schemes and resources",
        Access.FULL,
        UserRule.ALWAYS,
        Access.FULL,
    ),
    Entry(Permission.A2C_KEYS, "A2C access keys", Access.FULL, UserRule.NEVER, Access.NONE),
    Entry(Permission.QUESTION_PAPERS, "today's question papers", Access.FULL, UserRule.NEVER, Access.NONE),
    Entry(
        Permission.IAMIS,
        "internal assessment mark input, moderator reports",
        Access.FULL,
        UserRule.WHEN_GRANTED,
        Access.FULL,
    ),
    Entry(
        Permission.ACCESS_ARRANGEMENTS,
        "access arrangements and modified papers",
        Access.FULL,
        UserRule.WHEN_GRANTED,
        Access.FULL,
    ),
    Entry(Permission.ENTRIES, "entries", Access.FULL, UserRule.WHEN_GRANTED, Access.VIEW),
    Entry(
        Permission.RESULTS,
        "results and the results file",
        Access.FULL,
        UserRule.WHEN_GRANTED,
        Access.VIEW,
        released_on_results_day=True,
    ),
    Entry(
        Permission.VIEW_SCRIPTS,
        "candidate scripts after results",
        Access.FULL,
        UserRule.WHEN_GRANTED,
        Access.FULL,
    ),
)

BY_PERMISSION: dict[Permission, Entry] = {entry.permission: entry for entry in CATALOGUE}
ALL_PERMISSIONS: frozenset[Permission] = frozenset(BY_PERMISSION)
USER_ALWAYS: frozenset[Permission] = frozenset(
    e.permission for e in CATALOGUE if e.user_rule is UserRule.ALWAYS
)
GRANTABLE_TO_USER: frozenset[Permission] = frozenset(
    e.permission for e in CATALOGUE if e.user_rule is UserRule.WHEN_GRANTED
)


def is_staff(account_type: AccountType) -> bool:
    """EO and Admin hold every permission; only a User's set is chosen."""
    return account_type in (AccountType.EXAMS_OFFICER, AccountType.ADMIN)


def permissions_for(
    account_type: AccountType, requested: Iterable[Permission] | None
) -> frozenset[Permission]:
    """The permission set a member of this type holds, given what was asked for.

    EO and Admin hold all of them, so a request for anything less is refused rather than
    silently widened. A User holds `resources` always, plus what is granted of the grantable
    ones; `a2c_keys` and `question_papers` are refused.
    """
    asked = frozenset(requested or ())
    if is_staff(account_type):
        if requested is not None and asked != ALL_PERMISSIONS:
            raise PermissionNotGrantable(
                "Exams Officers and Admins hold every permission; their set cannot be narrowed"
            )
        return ALL_PERMISSIONS
    refused = sorted(p for p in asked if BY_PERMISSION[p].user_rule is UserRule.NEVER)
    if refused:
        raise PermissionNotGrantable(f"not grantable to a User: {', '.join(refused)}")
    return asked | USER_ALWAYS


def services(
    account_type: AccountType,
    permissions: frozenset[Permission],
    results_released_at: datetime | None,
    now: datetime,
) -> list[Service]:
    """One entry per permission, in catalogue order: the access this member has at `now`.

    `results_released_at` is the release time of the series asked about (None when no series was
    asked about, in which case a User's `results` is judged as already released).
    """
    out: list[Service] = []
    for entry in CATALOGUE:
        if is_staff(account_type):
            out.append(Service(entry.permission, entry.staff_access))
            continue
        held = entry.permission in permissions or entry.user_rule is UserRule.ALWAYS
        if not held or entry.user_rule is UserRule.NEVER:
            out.append(Service(entry.permission, Access.NONE))
        elif entry.released_on_results_day and results_released_at is not None and now < results_released_at:
            out.append(Service(entry.permission, Access.NONE, available_from=results_released_at))
        else:
            out.append(Service(entry.permission, entry.user_access))
    return out
