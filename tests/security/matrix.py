"""The authorisation matrix: every route, every kind of caller, every kind of target, judged
against the rules of domain.md and the decisions of docs/api.md, written here a second time.

The oracle (`expect`) is written from the documents, not from `portal.domain.policy`: if the
code and this page disagree, one of them is wrong, and the test says which case. Each case is a
request and the answers the rules allow for it; an *unexpected allow* is a 2xx where the rules
allow none, the failure this suite exists to find. A case is run by a `Transport` (the handlers
in this process, or HTTP against the local portal) with a `Cast` of people made for it.

Callers: the helpdesk; the EO, an Admin and a User of the centre and of another centre; a
person with no membership; a disabled Admin; a User deleted after their token was issued;
no token; and, over HTTP, a tampered token. Targets: the centre (its own, another, none), and at
a member route the person (the EO, an Admin, a User, an invited User, the disabled Admin, the
deleted User, a member of the other centre, the caller themself, nobody).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from portal.constants import ROUTES

# --- who is who ---------------------------------------------------------------------------------

HOME, OTHER, NOWHERE = "home", "other", "unknown"


@dataclass(frozen=True)
class Member:
    centre: str
    account_type: str  # exams_officer, admin, user
    pending: bool = False


MEMBERSHIPS: dict[str, Member] = {
    "eo": Member(HOME, "exams_officer"),
    "admin": Member(HOME, "admin"),
    "user": Member(HOME, "user"),
    "invited": Member(HOME, "user", pending=True),
    "disabled": Member(HOME, "admin"),
    "other_eo": Member(OTHER, "exams_officer"),
    "other_admin": Member(OTHER, "admin"),
    "other_user": Member(OTHER, "user"),
}
"""Each role's one membership; `deleted`, `stranger` and `helpdesk` have none."""

PEOPLE = (*MEMBERSHIPS, "deleted", "stranger", "helpdesk")
CALLERS = (
    "helpdesk",
    "eo",
    "admin",
    "user",
    "other_eo",
    "other_admin",
    "other_user",
    "stranger",
    "disabled",
    "deleted",
    "anonymous",
)
HTTP_ONLY_CALLERS = ("tampered",)
"""Only the authorizer (API Gateway's, or the local gateway's) can see a token; the handlers get claims."""
NO_TOKEN = frozenset({"anonymous", "tampered"})
MANAGER_TYPES = frozenset({"exams_officer", "admin"})
USER_TARGETS = ("eo", "admin", "user", "invited", "disabled", "deleted", "other_user", "self", "nobody")
CENTRES = (HOME, OTHER, NOWHERE)
PERSON_TARGETS = ("user", "disabled", "deleted", "self", "nobody")


def membership_at(role: str, centre: str) -> Member | None:
    found = MEMBERSHIPS.get(role)
    return found if found is not None and found.centre == centre else None


# --- the oracle ---------------------------------------------------------------------------------

Outcome = tuple[int, str | None]  # status, problem code (None for a success)
OK, CREATED, ACCEPTED, NO_CONTENT = (200, None), (201, None), (202, None), (204, None)
FORBIDDEN, NOT_FOUND = (403, "forbidden"), (404, "not_found")
UNAUTHENTICATED = (401, "unauthenticated")
SELF = (422, "cannot_modify_self")
EO_FIXED = (422, "cannot_modify_exams_officer")
NOT_PENDING = (409, "not_pending")


@dataclass(frozen=True)
class Case:
    method: str
    route: str
    caller: str
    target: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.method} {self.route} by {self.caller}" + (
            f" on {'/'.join(self.target)}" if self.target else ""
        )

    @property
    def changes_state(self) -> bool:
        return self.method != "GET"


def _signed_in(caller: str) -> Outcome | None:
    """The answer every route but /health gives before any rule of its own, if any."""
    if caller in NO_TOKEN:
        return UNAUTHENTICATED
    if caller == "disabled":
        return FORBIDDEN
    return None


def _manage(caller: str, centre: str) -> Outcome | None:
    """Whether the caller manages the centre: the helpdesk (404 for no centre), its EO and Admins."""
    if caller == "helpdesk":
        return NOT_FOUND if centre == NOWHERE else None
    found = membership_at(caller, centre)
    return None if found is not None and found.account_type in MANAGER_TYPES else FORBIDDEN


def _on_member(method: str, route: str, caller: str, centre: str, target: str) -> Outcome:
    """A manager's request about one member: the rules of domain.md's account-type table."""
    person = caller if target == "self" else target
    found = membership_at(person, centre)
    if found is None:
        return NOT_FOUND
    if method == "GET":
        return OK
    if person == caller:
        return SELF
    if found.account_type == "exams_officer" and (caller != "helpdesk" or method == "PATCH"):
        return EO_FIXED  # only the helpdesk removes the EO; nobody edits the EO's access
    if route.endswith("/invitation"):
        if not found.pending:
            return NOT_PENDING
        return ACCEPTED if method == "POST" else NO_CONTENT
    return OK if method == "PATCH" else NO_CONTENT


def expect(case: Case) -> frozenset[Outcome]:
    """Every answer the rules allow for this case (usually one)."""
    method, route, caller, target = case.method, case.route, case.caller, case.target
    if route == "/health":
        return frozenset({OK})
    before = _signed_in(caller)
    if before is not None:
        return frozenset({before})
    if route in ("/me", "/me/mfa/passkey"):  # one's own profile, and one's own passkey sign-in
        if method == "GET":
            return frozenset({OK})  # a deleted person or a stranger: an empty profile, not an error
        # Portal keeps a profile from the first sign-in; without one there is nothing to edit. The
        # helpdesk and a person with no membership have one once they have signed in (over HTTP
        # they have; in the handlers' run they never signed in).
        if caller in MEMBERSHIPS:
            return frozenset({OK})
        return frozenset({NOT_FOUND, OK} if caller in ("helpdesk", "stranger") else {NOT_FOUND})
    if route == "/me/sign-ins":
        return frozenset({OK})  # anyone's own history; a deleted person or a stranger: an empty one
    if route == "/me/centres/{centre_id}/services":
        return frozenset({OK} if membership_at(caller, target[0]) else {FORBIDDEN})
    if route == "/series" and method == "GET":
        return frozenset({OK})  # every signed-in person reads the results days (issue 21)
    if route.startswith("/centres/{centre_id}"):
        centre = target[0]
        if route == "/centres/{centre_id}/exams-officer":
            if caller != "helpdesk":
                return frozenset({FORBIDDEN})
            return frozenset({NOT_FOUND} if centre == NOWHERE else {OK})
        refused = _manage(caller, centre)
        if refused is not None:
            if route == "/centres/{centre_id}/audit" and refused == NOT_FOUND:
                return frozenset({OK})  # the helpdesk reads any centre's log, even an empty one
            return frozenset({refused})
        if route in ("/centres/{centre_id}", "/centres/{centre_id}/users", "/centres/{centre_id}/audit"):
            return frozenset({CREATED if method == "POST" else OK})
        return frozenset({_on_member(method, route, caller, centre, target[1])})
    # The helpdesk's own routes: nobody else, whatever the target.
    if caller != "helpdesk":
        return frozenset({FORBIDDEN})
    if route == "/users/{user_id}/sign-ins":  # a read: the helpdesk may read its own too
        person = target[0]
        if person == "self":
            return frozenset({NOT_FOUND, OK})
        return frozenset({NOT_FOUND} if person in ("deleted", "nobody", "stranger") else {OK})
    if route.startswith("/users/{user_id}"):
        person = target[0]
        if person == "self":
            # The helpdesk has a Portal profile only once it has signed in (over HTTP it has).
            return frozenset({NOT_FOUND, SELF})
        return frozenset({NOT_FOUND} if person in ("deleted", "nobody", "stranger") else {NO_CONTENT})
    if route == "/users":
        return frozenset({NOT_FOUND} if target[0] in ("deleted", "nobody") else {OK})
    if method == "POST":  # /centres
        return frozenset({(409, "centre_exists")} if target[0] == "existing" else {CREATED})
    if method == "PUT":  # /series/{series_id}
        return frozenset({CREATED})
    return frozenset({OK})


def allows(outcomes: frozenset[Outcome]) -> bool:
    return any(200 <= status < 300 for status, _ in outcomes)


# --- the cases ----------------------------------------------------------------------------------


SHORT_USER_TARGETS = ("eo", "admin", "user", "invited", "other_user", "self", "nobody")
"""`make test`'s run: the member routes without the unknown centre and the disabled and deleted
targets (the deep run has them all), which halves it."""


def targets_of(method: str, route: str, short: bool = False) -> list[tuple[str, ...]]:
    if "{user_id}" in route and route.startswith("/centres"):
        if short:
            return [(c, u) for c in (HOME, OTHER) for u in SHORT_USER_TARGETS]
        return [(c, u) for c in CENTRES for u in USER_TARGETS]
    if route == "/centres/{centre_id}/users" and method == "POST":
        return [(c, t) for c in CENTRES for t in ("admin", "user")]
    if "{centre_id}" in route:
        return [(c,) for c in CENTRES]
    if route.startswith("/users/{user_id}"):
        return [(p,) for p in PERSON_TARGETS]
    if route == "/users":
        return [(p,) for p in ("user", "deleted", "nobody")]
    if route == "/centres" and method == "POST":
        return [("new",), ("existing",)]
    return [()]


def cases(callers: tuple[str, ...] = CALLERS, short: bool = False) -> list[Case]:
    return [
        Case(method, route, caller, target)
        for method, route, _ in ROUTES
        for caller in callers
        for target in targets_of(method, route, short)
    ]


# --- running them -------------------------------------------------------------------------------


class Cast(Protocol):
    """The people and places of one run, made when first asked for."""

    def centre_id(self, kind: str) -> str: ...
    def user_id(self, role: str) -> str: ...
    def email(self, role: str) -> str: ...
    def new_email(self, label: str) -> str: ...
    def new_centre_id(self) -> str: ...
    def new_series_id(self) -> str: ...


class Transport(Protocol):
    def __call__(
        self, cast: Any, caller: str, method: str, path: str, query: dict[str, str] | None, body: Any
    ) -> tuple[int, str | None, str]:
        """(status, problem code, content type)"""
        ...


UNKNOWN_USER = "00000000-0000-4000-8000-000000000000"


def request_of(case: Case, cast: Cast) -> tuple[str, dict[str, str] | None, Any]:
    """The case as a request: path, query and body, with the cast's real ids filled in."""
    method, route, caller, target = case.method, case.route, case.caller, case.target

    def person(role: str) -> str:
        if role == "nobody":
            return UNKNOWN_USER
        if role == "self":
            return cast.user_id(caller) if caller not in NO_TOKEN else UNKNOWN_USER
        return cast.user_id(role)

    values: dict[str, str] = {}
    query: dict[str, str] | None = None
    body: Any = None
    if "{centre_id}" in route:
        values["centre_id"] = cast.centre_id(target[0])
    if "{user_id}" in route:
        values["user_id"] = person(target[1] if route.startswith("/centres") else target[0])
    if "{series_id}" in route:
        values["series_id"] = cast.new_series_id()
    path = route.format(**values)
    if route == "/me" and method == "PATCH":
        body = {"job_role": "Exams Officer"}
    elif route == "/me/mfa/passkey":
        body = {"enabled": False}  # off: always allowed by Cognito (on needs another MFA method)
    elif route == "/centres/{centre_id}/users" and method == "POST":
        body = {
            "email": cast.new_email("matrix"),
            "account_type": target[1],
            "given_name": "Matrix",
            "family_name": "Person",
        }
    elif method == "PATCH":
        kind = MEMBERSHIPS.get(target[1])
        body = (
            {"account_type": "user"} if kind and kind.account_type == "admin" else {"permissions": ["iamis"]}
        )
    elif route == "/centres/{centre_id}/exams-officer":
        if target[0] != NOWHERE:  # a change of personnel: the centre has its EO already
            cast.user_id("eo" if target[0] == HOME else "other_eo")
        body = {"email": cast.new_email("matrix.eo"), "given_name": "Matrix", "family_name": "Officer"}
    elif route == "/centres" and method == "POST":
        centre_id = cast.centre_id(HOME) if target[0] == "existing" else cast.new_centre_id()
        body = {"centre_id": centre_id, "name": "Matrix Centre"}
    elif route == "/series/{series_id}":
        body = {"results_day": "2026-08-13"}
    elif route == "/users":
        role = target[0]
        query = {"email": cast.email(role) if role not in ("nobody",) else "nobody@school.example"}
    return path, query, body


@dataclass
class Tally:
    """What a run found, for docs/security.md."""

    cases: int = 0
    allowed: int = 0
    denied: int = 0
    unexpected_allows: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    not_problem_json: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "allowed": self.allowed,
            "denied": self.denied,
            "unexpected_allows": len(self.unexpected_allows),
            "mismatches": len(self.mismatches),
        }


def run(
    found: list[Case],
    transport: Transport,
    shared: Cast,
    fresh: Callable[[], Cast],
    tally: Tally,
    state: Callable[[], object] | None = None,
    reset: Callable[[], None] | None = None,
) -> None:
    """Cases that must change nothing share one cast, and `state()` (everything a use case can
    change) must read the same after them; a case allowed to change state gets a cast of its
    own, so no allowed change (a deletion, a new EO) alters what a later case finds. `reset()`,
    if given, empties the store before each of those (moto copies whole tables per transaction,
    so a store that kept every cast would slow each case down)."""
    alone = [c for c in found if c.changes_state and allows(expect(c))]
    together = [c for c in found if c not in alone]
    for case in together:  # people made first, so that making them is not taken for a change
        request_of(case, shared)
        if case.caller not in NO_TOKEN:
            shared.user_id(case.caller)
    before = state() if state is not None else None
    for case in together:
        _one(case, transport, shared, tally)
    after = state() if state is not None else None
    if after != before:
        tally.mismatches.append(
            f"a refused or read-only request changed the stored state: {_diff(before, after)}"
        )
    for case in alone:
        if reset is not None:
            reset()
        _one(case, transport, fresh(), tally)


def _diff(before: Any, after: Any) -> str:
    if isinstance(before, dict) and isinstance(after, dict):
        return "; ".join(
            f"{k}: {_diff(before.get(k), after.get(k))}" for k in before if before.get(k) != after.get(k)
        )
    if isinstance(before, list) and isinstance(after, list):
        return f"gone {[x for x in before if x not in after]}, new {[x for x in after if x not in before]}"
    return f"{before!r} -> {after!r}"


def _one(case: Case, transport: Transport, cast: Cast, tally: Tally) -> None:
    expected = expect(case)
    path, query, body = request_of(case, cast)
    status, code, content_type = transport(cast, case.caller, case.method, path, query, body)
    tally.cases += 1
    got = (status, code)
    if 200 <= status < 300:
        tally.allowed += 1
        if not allows(expected):
            tally.unexpected_allows.append(f"{case.name}: {got}, the rules say {sorted(expected, key=str)}")
    else:
        tally.denied += 1
        if not content_type.startswith("application/problem+json"):
            tally.not_problem_json.append(f"{case.name}: {status} {content_type}")
    if got not in expected:
        tally.mismatches.append(f"{case.name}: {got}, the rules say {sorted(expected, key=str)}")
