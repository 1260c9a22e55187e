"""Data: the state, audit and idempotency tables, their KMS key, and the cursor-signing secret.

Key names come from `portal.constants`, the module the code and the local portal read too, so
the deployed tables have the keys the adapters query.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct
from portal import constants as c

from infra.config import Stage
from infra.nag import acknowledge

S = dynamodb.AttributeType.STRING


class Data(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: Stage) -> None:
        super().__init__(scope, construct_id)
        self._stage = stage
        removal = RemovalPolicy.RETAIN if stage.deletion_protection else RemovalPolicy.DESTROY
        self.key = kms.Key(
            self,
            "Key",
            alias=f"alias/{stage.resource_name('data')}",
            description="Portal: encrypts its tables and the cursor-signing key",
            enable_key_rotation=True,
            removal_policy=removal,
            pending_window=Duration.days(30),
        )
        self.state = self._table("State", "state", c.STATE_PK, c.STATE_SK, removal)
        self.audit = self._table("Audit", "audit", c.AUDIT_PK, c.AUDIT_SK, removal, ttl=c.AUDIT_TTL)
        self.idempotency = self._table(
            "Idempotency", "idempotency", c.IDEMPOTENCY_PK, None, removal, ttl=c.IDEMPOTENCY_TTL
        )
        # The indexes the adapters query, from the table the local portal reads too.
        for table, indexes in ((self.state, c.STATE_INDEXES), (self.audit, c.AUDIT_INDEXES)):
            for index, partition, sort in indexes:
                table.add_global_secondary_index(
                    index_name=index,
                    partition_key=dynamodb.Attribute(name=partition, type=S),
                    sort_key=dynamodb.Attribute(name=sort, type=S),
                )
        self.state_indexes = tuple(index for index, _, _ in c.STATE_INDEXES)
        self.audit_indexes = tuple(index for index, _, _ in c.AUDIT_INDEXES)
        # No fixed name: Secrets Manager holds a deleted secret's name for 7 to 30 days, so a dev
        # stage destroyed and deployed again could not re-create it. The functions get the ARN.
        self.cursor_key = secretsmanager.Secret(
            self,
            "CursorKey",
            description=(
                f"Portal {stage.name}: HMAC key that signs list cursors, so a caller cannot forge "
                "a page position"
            ),
            encryption_key=self.key,
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=64, exclude_punctuation=True, include_space=False
            ),
            removal_policy=removal,
        )
        acknowledge(
            self.cursor_key,
            "AwsSolutions-SMG4",
            "The cursor-signing key is not rotated automatically: cursors are opaque, short-lived page "
            "positions, a rotation would only break the pages people are reading, and no rotation "
            "function exists to maintain. Rotate it by hand (docs/deploy.md) if it is ever exposed.",
        )

    def _table(
        self,
        construct_id: str,
        suffix: str,
        partition: str,
        sort: str | None,
        removal: RemovalPolicy,
        ttl: str | None = None,
    ) -> dynamodb.Table:
        """On demand, point-in-time recovery, the customer-managed key; protected in prod."""
        return dynamodb.Table(
            self,
            construct_id,
            table_name=self._stage.resource_name(suffix),
            partition_key=dynamodb.Attribute(name=partition, type=S),
            sort_key=dynamodb.Attribute(name=sort, type=S) if sort else None,
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=self.key,
            deletion_protection=self._stage.deletion_protection,
            time_to_live_attribute=ttl,
            removal_policy=removal,
        )
