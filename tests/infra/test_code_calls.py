"""Every AWS call the code makes is allowed by its function's role: read off the source
(tests/infra/code_calls.py), down to the adapters' boto3 calls, and checked against the policies
in the synthesized templates. A new call without its permission fails here, not in AWS."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest
from portal import constants as c

from infra.config import ROOT
from tests.infra.assembly import Synth
from tests.infra.code_calls import Call, Code, calls_of, iam_actions, idempotency_operations, load
from tests.infra.test_functions import granted

pytestmark = pytest.mark.infra

LAYER = ROOT / "layers" / "portal" / "python"
Grant = tuple[str, str]


def reached(code: Code) -> set[Call]:
    """What the handler's module reaches at import and through each of its functions (its routes)."""
    handler = code.modules["handler"]
    entries = ["handler:"] + [
        f"handler:{name}"
        for name, node in handler.defs.items()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    return set().union(*(calls_of(code, entry) for entry in entries))


def required(code: Code) -> set[Grant]:
    return iam_actions(reached(code))


@pytest.fixture(scope="module")
def calls() -> dict[str, set[Grant]]:
    return {name: required(load(LAYER, ROOT / "lambdas" / name)) for name in c.FUNCTIONS}


@pytest.mark.parametrize("name", sorted(c.FUNCTIONS))
def test_every_aws_call_of_the_code_is_allowed_by_its_role(
    synth: Synth, stage: str, calls: dict[str, set[Grant]], name: str
):
    assert calls[name] - granted(synth, stage, name) == set(), "the code calls this without permission"


@pytest.mark.parametrize("name", sorted(c.FUNCTIONS))
def test_no_role_may_call_cognito_or_ses_beyond_what_its_code_calls(
    synth: Synth, stage: str, calls: dict[str, set[Grant]], name: str
):
    """For identities and email, the grants are exactly the calls (DynamoDB's read set is granted
    as a whole per table, see infra/access.py)."""

    def sensitive(grants: set[Grant]) -> set[str]:
        return {action for action, _ in grants if action.startswith(("cognito-idp:", "ses:"))}

    assert sensitive(granted(synth, stage, name)) == sensitive(calls[name])


def test_the_reading_finds_what_the_functions_are_known_to_call(calls: dict[str, set[Grant]]):
    """Not vacuous: known calls are found where they are, and not where they are not."""
    assert ("cognito-idp:AdminCreateUser", "user pool") in calls["centre_users"]
    assert ("cognito-idp:AdminSetUserMFAPreference", "user pool") in calls["helpdesk"]
    assert ("cognito-idp:AdminGetUser", "user pool") in calls["post_authentication"]
    assert ("ses:SendEmail", "ses identity") in calls["helpdesk"]
    assert ("secretsmanager:GetSecretValue", "cursor key") in calls["custom_message"]
    assert ("dynamodb:PutItem", "idempotency") in calls["centre_users"]
    assert not {grant for grant in calls["self_service"] if grant[1] == "idempotency"}
    assert not {action for action, _ in calls["custom_message"] if action.startswith("cognito-idp:")}
    assert {r for _, r in set().union(*calls.values())} <= {
        "state",
        "audit",
        "idempotency",
        "user pool",
        "ses identity",
        "cursor key",
    }


def test_powertools_idempotency_calls_are_read_from_its_source():
    assert {"GetItem", "PutItem", "UpdateItem", "DeleteItem"} <= idempotency_operations()


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))


def test_a_new_adapter_call_shows_up_with_its_iam_action(tmp_path: Path):
    """The shape of Portal's code, small: a handler → a use case → a port → an adapter → boto3."""
    layer, function = tmp_path / "layer", tmp_path / "function"
    _write(
        layer,
        {
            "portal/__init__.py": "",
            "portal/adapters/__init__.py": "",
            "portal/adapters/directory.py": """
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
                class CognitoDirectory:
                    def __init__(self, client: CognitoIdentityProviderClient, pool: str) -> None:
                        self._idp = client
                    def reset(self, email: str) -> None:
                        self._forget(email)
                    def _forget(self, email: str) -> None:
                        self._idp.admin_reset_user_password(UserPoolId="p", Username=email)
                    def unused(self) -> None:
                        self._idp.admin_delete_user(UserPoolId="p", Username="x")
            """,
            "portal/adapters/store.py": """
                from portal.adapters.dynamo import transact
                class Store:
                    def __init__(self, client: "DynamoDBClient", table: str) -> None:
                        self._db = client
                    def save(self) -> None:
                        transact(self._db, [])
            """,
            "portal/adapters/dynamo.py": """
                def transact(client: "DynamoDBClient", steps: list) -> None:
                    client.transact_write_items(TransactItems=steps)
            """,
            "portal/adapters/factory.py": """
                from portal.adapters.directory import CognitoDirectory
                from portal.adapters.store import Store
                def build_deps(settings, clients):
                    return Deps(
                        directory=CognitoDirectory(clients.idp, "p"),
                        store=Store(clients.db, settings.state_table),
                    )
            """,
            "portal/service/__init__.py": "",
            "portal/service/people.py": """
                def forget(deps, email):
                    deps.directory.reset(email)
                    deps.store.save()
            """,
        },
    )
    _write(
        function,
        {
            "handler.py": "from portal.service import people\n\n"
            "def route(deps):\n    people.forget(deps, 'a')\n"
        },
    )
    assert required(load(layer, function)) == {
        ("cognito-idp:AdminResetUserPassword", "user pool"),
        *((f"dynamodb:{a}", "state") for a in ("PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem")),
    }
