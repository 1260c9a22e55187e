"""moto's server, in this process, on 127.0.0.1: Cognito, DynamoDB and SES without an AWS account.

The environment is prepared before moto is imported, so moto reads it as it loads: TOTP codes
are checked, and every boto3 client in this process (the handlers' included) talks to moto.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from portal.constants import REGION
from werkzeug.serving import BaseWSGIServer, make_server

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

ACCOUNT_ID = "123456789012"  # moto's default account
# Held for each request moto serves, and by the local Cognito endpoint while it reads or writes
# moto's user pool objects directly (local/cognito/store.py): one AWS request at a time.
MOTO_LOCK = threading.Lock()


def prepare_environment(endpoint: str | None = None) -> None:
    """Fake credentials, the region, TOTP checks on; with `endpoint`, every AWS client goes there."""
    os.environ["MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP"] = "true"
    # moto's server would answer any web page's Origin with CORS headers: none, as AWS's own
    # endpoints give none to a page that is not the account's frontend.
    os.environ["MOTO_DISABLE_GLOBAL_CORS"] = "true"
    os.environ["AWS_ACCESS_KEY_ID"] = "local"  # moto accepts any
    os.environ["AWS_SECRET_ACCESS_KEY"] = "local"  # noqa: S105 - not a secret: moto ignores it
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.pop("AWS_PROFILE", None)
    os.environ["AWS_DEFAULT_REGION"] = REGION
    os.environ["AWS_REGION"] = REGION
    if endpoint is not None:
        os.environ["AWS_ENDPOINT_URL"] = endpoint


def serialised(app: WsgiApp) -> WsgiApp:
    """One request at a time, as each AWS request is atomic.

    moto 5.2.1 is not safe for concurrent requests: its DynamoDB transactions check conditions
    and write with no lock between, so two invitations at once could both take a centre's last
    Admin place. One lock around each request models AWS: Portal's conditions, not the lock,
    decide who wins, and requests still interleave between calls (tests/integration does the same).
    """

    def call(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        with MOTO_LOCK:
            try:
                result = app(environ, start_response)
                try:
                    return [b"".join(result)]
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()
            finally:
                forget_tracked_models()

    return call


MOTO_API = "/moto-api"


def without_moto_api(app: WsgiApp) -> WsgiApp:
    """moto's own API (`/moto-api/`: its dashboard, its recorder, a reset of every backend) is not
    AWS's and nothing of Portal's uses it: on moto's port it is not found. A web page could
    otherwise start the recorder with an `<img>` (a GET) and have every request written to disk,
    temporary passwords included."""

    def call(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = "/" + str(environ.get("PATH_INFO", "")).lstrip("/")
        if path == MOTO_API or path.startswith(MOTO_API + "/"):
            start_response("404 Not Found", [("Content-Type", "application/json")])
            return [b'{"message": "Not Found"}']
        return app(environ, start_response)

    return call


def forget_tracked_models() -> None:
    """Let go of the model objects moto keeps a list of, for its dashboard only.

    moto appends every model object it ever makes to its class's `instances_tracked` and never
    drops one; each DynamoDB transaction deep-copies the tables it writes for a rollback, so a
    long run kept every copy: about 2.4 MB more per invitation, invitations slower as the run
    went on, and many seconds of garbage collection when the portal stopped. The live state is
    held by moto's backends, not by these lists, so nothing else changes.
    """
    from moto.core.model_instances import reset_model_data  # noqa: PLC0415 - after prepare_environment

    reset_model_data()


@dataclass
class AwsEmulator:
    """moto's WSGI application served by a thread; `wrap` may put a middleware around it."""

    host: str = "127.0.0.1"
    port: int = 0
    wrap: Callable[[WsgiApp], WsgiApp] | None = None
    _server: BaseWSGIServer | None = None
    _thread: threading.Thread | None = None

    def start(self) -> str:
        """Serve moto and return its endpoint URL; the port is free if `port` is 0."""
        from moto.moto_server.werkzeug_app import (  # noqa: PLC0415 - after prepare_environment
            DomainDispatcherApplication,
            create_backend_app,
        )

        from local.cognito import moto_patches  # noqa: PLC0415 - patches moto, loaded above

        moto_patches.install()
        app = without_moto_api(serialised(DomainDispatcherApplication(create_backend_app)))
        if self.wrap is not None:
            app = self.wrap(app)
        self._server = make_server(self.host, self.port, app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto", daemon=True)
        self._thread.start()
        return self.endpoint

    @property
    def endpoint(self) -> str:
        assert self._server is not None, "start() first"
        return f"http://{self.host}:{self._server.server_port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
