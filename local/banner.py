"""What `make run` prints once the portal is ready: where everything is, and who can sign in."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from local.runtime import Running


def banner(running: Running) -> str:
    api = running.api_url
    lines = [
        "",
        f"Portal is running locally (ready in {running.started_in:.1f} s). Ctrl-C stops it.",
        "",
        f"  Web console      {api}/   (at localhost, not 127.0.0.1: passkeys need a name, not an IP)",
        f"  API              {api}   (the paths of api.md, e.g. {api}/me)",
        f"  API docs         {api}/docs   and   {api}/openapi.json",
        f"  Cognito endpoint {running.cognito_endpoint}   (boto3: endpoint_url=...)",
        f"  Mailbox          {api}/_local/mailbox?to=<email>",
        f"  Config           {api}/_local/config",
        f"  AWS emulation    {running.aws_endpoint}   (moto: DynamoDB, SES, Cognito admin)",
        f"  User pool        {running.user_pool_id}   app client {running.client_id}",
        "",
        "  Accounts (password, then a TOTP code from the secret: add it to an authenticator app)",
    ]
    for account in running.accounts:
        where = f" at centre {account.centre_id}" if account.centre_id else ""
        lines.append(f"    {account.role}{where}")
        lines.append(f"      email {account.email}  password {account.password}")
        lines.append(f"      TOTP secret {account.totp_secret}")
    lines += [
        "",
        "  Walkthrough: README.md. What differs from AWS: docs/local-portal.md",
        "",
    ]
    return "\n".join(lines)
