"""A full run's logs carry ids, never an email address, name, phone number, token or password.

Everything is captured: the Powertools logger of every function at DEBUG (our own code's most
talkative level), the root logger at INFO (any library's warnings), and stdout and stderr
(metrics in EMF, and anything printed). The run: invite with an Idempotency-Key (and its
retry), resend, change access, sign in (post-authentication), a forgotten-password code,
profile update with a phone number, lookups, MFA reset, disable and enable, refusals, a bad
request, a failure of ours, and the deletion.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterator

import pytest
from portal import wiring
from portal.observability import logger as portal_logger
from portal.service import people
from portal.service.deps import Deps

from lambdas.custom_message import handler as custom_message
from lambdas.post_authentication import handler as post_authentication
from tests.api.client import Api
from tests.api.events import FakeContext, Who
from tests.api.triggers import attributes, trigger
from tests.api.world import World
from tests.integration.conftest import Passwords

GIVEN, FAMILY = "Gwenllian", "Ffransis-Pryce"
NEW_GIVEN, NEW_FAMILY = "Siôn", "Cadwaladr"
PHONE = "+44 7700 900123"
TOKEN_MARK = "eyJraWQiOiJ0ZXN0In0"  # the bearer token every test event carries


@pytest.fixture
def captured(capfd: pytest.CaptureFixture[str]) -> Iterator[Callable[[], str]]:
    """Every log record of the run, as the functions' handlers format it, plus stdout and stderr."""
    sink = io.StringIO()
    ours = logging.getLogger(portal_logger.name)
    handler = logging.StreamHandler(sink)
    handler.setFormatter(portal_logger.registered_formatter)
    root = logging.getLogger()
    plain = logging.StreamHandler(sink)
    levels = (ours.level, root.level)
    ours.addHandler(handler)
    ours.setLevel(logging.DEBUG)
    root.addHandler(plain)
    root.setLevel(logging.INFO)

    def everything() -> str:
        out, err = capfd.readouterr()
        sink.write(out + err)
        return sink.getvalue()

    try:
        yield everything
    finally:
        ours.removeHandler(handler)
        root.removeHandler(plain)
        ours.setLevel(levels[0])
        root.setLevel(levels[1])


def test_no_personal_data_in_the_logs_of_a_full_run(
    api: Api,
    world: World,
    deps: Deps,
    passwords: Passwords,
    monkeypatch: pytest.MonkeyPatch,
    captured: Callable[[], str],
) -> None:
    monkeypatch.setattr(wiring, "deps", lambda: deps)
    world.ensure("eo", "admin", "other")
    email = world.new_email("Gwenllian.Pryce")
    key = {"Idempotency-Key": "log-run-1"}
    body = {
        "email": email.upper(),
        "account_type": "user",
        "given_name": GIVEN,
        "family_name": FAMILY,
        "title": "Dr",
        "permissions": ["entries"],
    }

    invited = api.post(world.users, world.admin, body=body, headers=key)
    assert invited.status == 201, invited
    assert api.post(world.users, world.admin, body=body, headers=key).status == 201
    assert api.post(world.users, world.admin, body={**body, "title": "Mr"}, headers=key).status == 422
    assert api.post(world.users, world.admin, body={**body, "email": "not an email " + email}).status == 400
    user_id = invited.json["user_id"]
    member = f"{world.users}/{user_id}"
    assert api.post(member + "/invitation", world.eo).status == 202
    assert api.patch(member, world.eo, body={"permissions": ["entries", "results"]}).status == 200

    context = FakeContext(function_name="post_authentication")
    post_authentication.handler(
        trigger("PostAuthentication_Authentication", email, attributes(user_id, email)), context
    )
    forgot = trigger("CustomMessage_ForgotPassword", email, attributes(user_id, email, GIVEN))
    assert custom_message.handler(forgot, FakeContext(function_name="custom_message"))["response"][
        "emailMessage"
    ]

    me = Who(user_id)
    changed = api.patch(
        "/me", me, body={"given_name": NEW_GIVEN, "family_name": NEW_FAMILY, "phone_number": PHONE}
    )
    assert changed.status == 200, changed
    assert api.get("/me", me).status == 200
    assert api.get("/users", world.helpdesk, query={"email": email}).status == 200
    assert api.get(world.users, world.eo).status == 200
    assert api.get(f"/centres/{world.centre_id}/audit", world.eo).status == 200
    assert api.post(world.users, world.other, body=body).status == 403
    assert api.post(f"/users/{user_id}/mfa-reset", world.helpdesk).status == 204
    assert api.post(f"/users/{user_id}/disable", world.helpdesk).status == 204
    assert api.get("/me", me).status == 403
    assert api.post(f"/users/{user_id}/enable", world.helpdesk).status == 204

    def broken(*args: object) -> None:
        raise ValueError(f"cannot handle {email} ({GIVEN} {FAMILY}, {PHONE})")

    with monkeypatch.context() as patch:
        patch.setattr(people, "me", broken)
        assert api.get("/me", me).status == 500

    assert api.delete(member, world.eo).status == 204

    logs = captured()
    assert "correlation_id" in logs and world.id("admin") in logs and '"InvitationsSent"' in logs
    secrets = {
        email,
        email.split("@")[0],
        world.email("eo"),
        world.email("admin"),
        GIVEN,
        FAMILY,
        NEW_GIVEN,
        NEW_FAMILY,
        PHONE,
        PHONE.replace(" ", ""),
        "7700900123",
        TOKEN_MARK,
        *passwords.issued,
    }
    assert passwords.issued, "the run issued temporary passwords"
    found = {s for s in secrets if re.search(re.escape(s), logs, re.IGNORECASE)}
    assert not found, f"personal data in the logs: {sorted(found)}"
