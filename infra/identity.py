"""Identity: the Cognito user pool, its one public app client, the helpdesk group and the triggers.

Only admins create accounts (Portal invites people), everyone signs in by email, whatever its
case, and everyone must pass MFA. Passwords are judged by length alone; the Plus feature plan
brings email MFA and threat protection (compromised-credential checks, adaptive sign-in).

Passkeys (issue 18) are a first factor beside the password (choice-based sign-in, `USER_AUTH`),
with user verification required, so a passkey satisfies the required MFA
(`MULTI_FACTOR_WITH_USER_VERIFICATION`) for a person whose passkey MFA is on. Their relying party
is the console's host name, known once the console exists (`use_relying_party`).
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import ArnFormat, Duration, RemovalPolicy, Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from constructs import Construct
from portal import constants as c

from infra.config import Stage
from infra.internals import cognito_sms_role, trigger_permission
from infra.nag import acknowledge

THREAT_PROTECTION = {
    "audit": cognito.StandardThreatProtectionMode.AUDIT_ONLY,
    "enforced": cognito.StandardThreatProtectionMode.FULL_FUNCTION,
}
TRIGGER_IDS = {"custom_message": "CustomMessage", "post_authentication": "PostAuthentication"}
TRIGGERS = {
    "custom_message": cognito.UserPoolOperation.CUSTOM_MESSAGE,
    "post_authentication": cognito.UserPoolOperation.POST_AUTHENTICATION,
}
FIRST_FACTORS = {"PASSWORD": "password", "WEB_AUTHN": "passkey"}  # c.FIRST_AUTH_FACTORS, as CDK names them
CLIENT_WRITABLE = cognito.ClientAttributes().with_standard_attributes(
    **dict.fromkeys(c.CLIENT_WRITE_ATTRIBUTES, True)
)
CLIENT_READABLE = cognito.ClientAttributes().with_standard_attributes(
    **dict.fromkeys(c.CLIENT_READ_ATTRIBUTES, True)
)


class Identity(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: Stage) -> None:
        super().__init__(scope, construct_id)
        self.user_pool = cognito.UserPool(
            self,
            "UserPool",
            user_pool_name=stage.resource_name("users"),
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(email=True),
            sign_in_case_sensitive=False,
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True),
                given_name=cognito.StandardAttribute(required=False, mutable=True),
                family_name=cognito.StandardAttribute(required=False, mutable=True),
                locale=cognito.StandardAttribute(required=False, mutable=True),
                phone_number=cognito.StandardAttribute(required=False, mutable=True),
            ),
            password_policy=cognito.PasswordPolicy(
                min_length=c.PASSWORD_MIN_LENGTH,
                require_lowercase=False,
                require_uppercase=False,
                require_digits=False,
                require_symbols=False,
                temp_password_validity=Duration.days(c.TEMPORARY_PASSWORD_VALIDITY_DAYS),
            ),
            mfa=cognito.Mfa.REQUIRED,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=True, email=True),
            sign_in_policy=cognito.SignInPolicy(
                allowed_first_auth_factors=cognito.AllowedFirstAuthFactors(
                    **{FIRST_FACTORS[factor]: True for factor in c.FIRST_AUTH_FACTORS}
                )
            ),
            passkey_user_verification=cognito.PasskeyUserVerification[c.PASSKEY_USER_VERIFICATION.upper()],
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=THREAT_PROTECTION[stage.threat_protection],
            account_recovery=cognito.AccountRecovery[c.ACCOUNT_RECOVERY],
            deletion_protection=stage.deletion_protection,
            removal_policy=RemovalPolicy.RETAIN if stage.deletion_protection else RemovalPolicy.DESTROY,
            email=cognito.UserPoolEmail.with_ses(
                from_email=stage.sender,
                from_name=f"{stage.brand} Portal",
                ses_region=Stack.of(self).region,
                ses_verified_domain=stage.domain,
                configuration_set_name=stage.configuration_set,
            ),
        )
        acknowledge(
            self.user_pool,
            "AwsSolutions-COG1",
            "Length over composition: passwords need at least "
            f"{c.PASSWORD_MIN_LENGTH} characters and no character classes, as NIST SP 800-63B "
            "(5.1.1.2) and OWASP ASVS 6.2.5 advise; composition rules push people to predictable "
            "patterns. MFA is required for everyone and threat protection checks compromised "
            "credentials.",
        )
        sms_role = cognito_sms_role(self.user_pool)
        if sms_role is not None:
            acknowledge(
                sms_role,
                "AwsSolutions-IAM5[Resource::*]",
                "Cognito's SMS role publishes MFA codes to phone numbers with sns:Publish; a phone "
                "number is not an ARN, so SNS allows no narrower resource than '*'. The role trusts "
                "only cognito-idp.amazonaws.com with an external id.",
            )
        self.helpdesk = cognito.UserPoolGroup(
            self,
            "Helpdesk",
            user_pool=self.user_pool,
            group_name=c.HELPDESK_GROUP,
            description="The awarding body's support staff: act on every centre (domain.md)",
        )
        self.client = self.user_pool.add_client(
            "Frontend",
            user_pool_client_name=stage.resource_name("frontend"),
            generate_secret=False,
            # c.CLIENT_AUTH_FLOWS (a test keeps them equal): USER_AUTH (password or passkey) and SRP
            auth_flows=cognito.AuthFlow(user=True, user_srp=True),
            disable_o_auth=True,
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            access_token_validity=Duration.minutes(c.ACCESS_TOKEN_VALIDITY_MINUTES),
            id_token_validity=Duration.minutes(c.ACCESS_TOKEN_VALIDITY_MINUTES),
            # A session's absolute lifetime: rotation hands out new refresh tokens, not more time.
            refresh_token_validity=Duration.hours(stage.sessions.max_hours),
            refresh_token_rotation_grace_period=Duration.seconds(c.REFRESH_TOKEN_ROTATION_GRACE_SECONDS),
            read_attributes=CLIENT_READABLE,
            write_attributes=CLIENT_WRITABLE,
        )

    def use_relying_party(self, host: str) -> None:
        """Passkeys are bound to `host` (the console's host name, or a domain it is under), and a
        passkey with user verification satisfies MFA. Neither has a property on the L2 pool."""
        pool = self.user_pool.node.default_child
        assert isinstance(pool, cognito.CfnUserPool)
        pool.web_authn_relying_party_id = host
        pool.web_authn_factor_configuration = c.PASSKEY_FACTOR_CONFIGURATION

    def attach_triggers(self, functions: Mapping[str, lambda_.IFunction], names: Mapping[str, str]) -> None:
        """Name each trigger by its ARN, built from the function's fixed name (and its alias, when
        the functions start from a SnapStart snapshot: `functions` are then the aliases).

        The functions read the pool's id from their environment; if the pool also referenced the
        functions, each would wait for the other. An ARN from a name depends on nothing.
        """
        stack = Stack.of(self)
        for name, operation in TRIGGERS.items():
            arn = stack.format_arn(
                service="lambda",
                resource="function",
                resource_name=names[name],
                arn_format=ArnFormat.COLON_RESOURCE_NAME,
            )
            target = lambda_.Function.from_function_attributes(
                self, f"{name}Target", function_arn=arn, same_environment=True
            )
            self.user_pool.add_trigger(operation, target)
            # The pool grants Cognito the invoke itself; that permission must wait for the function.
            permission = trigger_permission(self.user_pool, TRIGGER_IDS[name])
            permission.node.add_dependency(functions[name])
