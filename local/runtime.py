"""Start and stop the local portal: moto, the resources, the functions, the HTTP server, the seed.

Order matters: the environment before moto loads; moto before the resources; the resources'
settings in the environment before any handler is imported (they read it at cold start); the
server before the seed (the seed signs in through the local Cognito endpoint).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace
from typing import Any

import boto3
import requests
from portal.constants import FUNCTIONS, REGION
from werkzeug.serving import BaseWSGIServer, make_server

from local import aws, environ
from local.app import COGNITO_PATH, LocalPortal
from local.authorizer import Authorizer, issuer_for
from local.clock import LocalClock
from local.cognito.context import Context
from local.cognito.endpoint import CognitoEndpoint
from local.cognito.store import Store
from local.cognito.tokens import Tokens
from local.cognito.triggers import Pool, Triggers
from local.cognito.wellknown import WellKnown
from local.console import Console, ConsoleSettings, security_headers
from local.functions import Functions
from local.gateway import Gateway
from local.mailbox import Mailbox, SmsOutbox, recording
from local.options import ADVERTISED_HOST, Options
from local.quotas import Throttles, throttling
from local.seed import Account, Seeder
from local.services import LocalServices, ServiceTokens
from local.tools import Tools

log = logging.getLogger("local")


@dataclass
class Running:
    """What a started portal exposes: its URLs, the pool, the seeded accounts."""

    api_url: str
    cognito_endpoint: str
    aws_endpoint: str
    region: str
    user_pool_id: str
    client_id: str
    accounts: tuple[Account, ...]
    started_in: float

    def config(self) -> dict[str, Any]:
        """`/_local/config`: issue 5's keys, then where moto, the mailbox and the docs are."""
        return {
            "api_url": self.api_url,
            "console_url": f"{self.api_url}/",  # at localhost: passkeys need a name, not an IP
            "cognito_endpoint": self.cognito_endpoint,
            "region": self.region,
            "user_pool_id": self.user_pool_id,
            "client_id": self.client_id,
            "accounts": [a.as_json() for a in self.accounts],
            "aws_endpoint": self.aws_endpoint,
            "mailbox_url": f"{self.api_url}/_local/mailbox?to=",
            "docs_url": f"{self.api_url}/docs",
        }


class LocalRuntime:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.mailbox = Mailbox()
        self.sms = SmsOutbox()
        self.clock = LocalClock()
        self.throttles = Throttles()
        record, throttle = recording(self.mailbox), throttling(self.throttles)
        self._aws = aws.AwsEmulator(
            host=options.host, port=options.aws_port, wrap=lambda app: throttle(record(app))
        )
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Running:
        started = time.monotonic()
        api_url = self._listen()
        aws_endpoint = self._emulate_aws()

        from local.provision import provision  # noqa: PLC0415 - after the environment is set

        resources = provision(aws_endpoint)
        # Emails link to the portal's web address: locally, this server, whose root is the console.
        settings = replace(resources.settings, portal_url=api_url)
        client_id = resources.client_id
        environ.apply(environ.function_environment(settings, self.options.function_log_level))
        functions = self._cold_start()

        admin = boto3.client("cognito-idp", region_name=REGION, endpoint_url=aws_endpoint)
        ses = boto3.client("sesv2", region_name=REGION, endpoint_url=aws_endpoint)
        pool = Pool(settings.user_pool_id, client_id, settings.sender, settings.configuration_set)
        store = Store(settings.user_pool_id)
        cognito = Context(
            store, Tokens(store, settings.region, time.time), Triggers(functions, pool, ses, self.sms)
        )
        jwks_url = f"{aws_endpoint}/{settings.user_pool_id}/.well-known/jwks.json"
        jwks = requests.get(jwks_url, timeout=10).json()
        issuer = issuer_for(settings.region, settings.user_pool_id)
        authorizer = Authorizer(jwks, issuer)
        tools = Tools(self.mailbox, self.sms, self.clock, self.throttles)
        cognito_endpoint = api_url + COGNITO_PATH
        endpoint = CognitoEndpoint(
            cognito, WellKnown(settings.user_pool_id, issuer, cognito_endpoint, jwks), self.throttles
        )
        console = Console(
            ConsoleSettings(
                api_url, settings.region, settings.user_pool_id, client_id, cognito_endpoint, settings.sender
            )
        )
        services = LocalServices(
            api_url,
            ServiceTokens(endpoint.well_known.discovery_url, [client_id]),
            security_headers(api_url, cognito_endpoint),
        )
        assert self._server is not None
        self._server.app = LocalPortal(
            Gateway(authorizer, functions.invoke), endpoint, tools, api_url, console, services
        )

        from portal import wiring  # noqa: PLC0415 - reads the settings applied above

        _use_clock(wiring, self.clock)

        person = boto3.client("cognito-idp", region_name=REGION, endpoint_url=cognito_endpoint)
        seeder = Seeder(wiring.deps(), admin, person, settings.user_pool_id, client_id, cognito.reserved_totp)
        running = Running(
            api_url=api_url,
            cognito_endpoint=cognito_endpoint,
            aws_endpoint=aws_endpoint,
            region=settings.region,
            user_pool_id=settings.user_pool_id,
            client_id=client_id,
            accounts=seeder.run(),
            started_in=time.monotonic() - started,
        )
        tools.publish(running.config())
        return running

    def _listen(self) -> str:
        """Take the port first, so a busy port fails at once; answer 503 until the portal is built.

        Bound to the loopback address only; the URL it gives out names `localhost` (options.py)."""
        self._server = make_server(self.options.host, self.options.port, app=_Deferred(), threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, name="portal", daemon=True)
        self._thread.start()
        return f"http://{ADVERTISED_HOST}:{self._server.server_port}"

    def _emulate_aws(self) -> str:
        aws.prepare_environment()
        endpoint = self._aws.start()
        aws.prepare_environment(endpoint)
        return endpoint

    def _cold_start(self) -> Functions:
        """Import every function now, so import errors show at start and first requests are quick."""
        functions = Functions()
        for name in FUNCTIONS:
            if functions.available(name):
                functions.load(name)
            else:
                log.warning("lambdas/%s/handler.py is missing: what it serves fails", name)
        return functions

    def stop(self) -> None:
        """Stop serving, then stop moto; threads end with them, and nothing runs on."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._aws.stop()


def _use_clock(wiring: Any, clock: LocalClock) -> None:
    """Portal's use cases read the local clock (which /_local/clock can move): the one Deps every
    function shares in this process, with that clock, from now on."""
    shared = replace(wiring.deps(), clock=clock)
    wiring.deps = lambda: shared


class _Deferred:
    """The app until the portal is built: the port is taken first, so a busy port fails at once,
    and a client polling `/_local/config` gets 503 until the portal is ready."""

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("503 Service Unavailable", [("Content-Type", "text/plain"), ("Retry-After", "1")])
        return [b"starting\n"]
