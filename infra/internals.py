"""The one place the CDK app reaches CDK's own constructs by the ids CDK gives them.

CDK makes some resources for us and hands back no reference to them: the singleton function
behind `BucketDeployment` (and its role's `DefaultPolicy`), the provider behind
`auto_delete_objects`, the user pool's SMS role, and the invoke permission of a trigger added to
the pool. Portal must still tidy their `DependsOn` (cfn-lint W3005), order them, and acknowledge
cdk-nag's findings on them, so they are found here, by the ids CDK gives them, and nowhere else.
If a CDK upgrade renames one, synth fails here (StopIteration, or a failed isinstance), and
tests/infra/test_synth.py names the finding that came back.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import CfnResource, Stack
from constructs import IConstruct

BUCKET_DEPLOYMENT = "CDKBucketDeployment"  # part of the singleton function's id
AUTO_DELETE_PROVIDER = "Custom::S3AutoDeleteObjectsCustomResourceProvider"


@dataclass(frozen=True, slots=True)
class SingletonFunction:
    construct: IConstruct  # where acknowledgements go
    function: CfnResource
    policy: CfnResource  # its role's default policy


def bucket_deployment_function(stack: Stack) -> SingletonFunction:
    construct = next(child for child in stack.node.children if BUCKET_DEPLOYMENT in child.node.id)
    role = construct.node.find_child("ServiceRole")
    function, policy = construct.node.default_child, role.node.find_child("DefaultPolicy").node.default_child
    assert isinstance(function, CfnResource) and isinstance(policy, CfnResource)
    return SingletonFunction(construct, function, policy)


def auto_delete_handler(stack: Stack) -> CfnResource | None:
    """None where no bucket empties itself (prod keeps its buckets)."""
    provider = stack.node.try_find_child(AUTO_DELETE_PROVIDER)
    handler = provider.node.try_find_child("Handler") if provider else None
    return handler if isinstance(handler, CfnResource) else None


def cognito_sms_role(user_pool: IConstruct) -> IConstruct | None:
    """The role a UserPool makes for SMS when it is given none; None when SMS is off."""
    return user_pool.node.try_find_child("smsRole")


def trigger_permission(user_pool: IConstruct, trigger_id: str) -> IConstruct:
    """The invoke permission `UserPool.add_trigger` makes for an imported function, by the
    trigger's operation name (`CustomMessage`, `PostAuthentication`)."""
    return user_pool.node.find_child(f"{trigger_id}Cognito")
