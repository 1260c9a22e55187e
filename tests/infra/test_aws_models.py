"""The layer's cut botocore models (scripts/aws_models.py) hold exactly what the code calls, and are
what the pinned botocore gives: a call the code makes cannot be missing from Portal's clients."""

from __future__ import annotations

import json

import pytest
from portal import constants as c
from portal.adapters import aws

from infra.config import ROOT
from scripts import aws_models
from tests.infra.code_calls import load
from tests.infra.test_code_calls import LAYER, reached

pytestmark = pytest.mark.infra


def test_the_models_list_every_operation_the_functions_call_and_no_other() -> None:
    called = {
        (service, operation)
        for name in c.FUNCTIONS
        for service, operation, _ in reached(load(LAYER, ROOT / "lambdas" / name))
    }
    listed = {(service, operation) for service, ops in aws_models.OPERATIONS.items() for operation in ops}
    assert listed == called


def test_the_committed_models_are_what_the_pinned_botocore_gives() -> None:
    found = [str(p.relative_to(ROOT)) for p in aws_models.stale()]
    assert found == [], "missing, stale or no longer generated: run `make aws-models`"


def test_portal_clients_have_the_listed_operations_and_errors_only() -> None:
    client = aws.cognito("eu-west-2")
    assert hasattr(client, "admin_get_user") and hasattr(client, "admin_create_user")
    assert not hasattr(client, "list_users"), "Portal's Cognito client is made from the cut model"
    assert client.exceptions.UsernameExistsException  # an operation's errors come with it
    model = json.loads(next(aws.MODELS.glob("dynamodb/*/service-2.json")).read_text(encoding="utf-8"))
    assert "documentation" not in json.dumps(model)
    assert aws.dynamodb("eu-west-2").exceptions.TransactionCanceledException
