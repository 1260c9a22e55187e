"""What a person can choose when starting the local portal, read once from the environment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

HOST = "127.0.0.1"  # never another interface: the seeded passwords are printed in the clear
# The name every URL the portal gives out uses (config, console, emails, banner): browsers refuse an
# IP address as a passkey's relying party, and http://localhost is a secure context, so the console
# must be opened at localhost. The name resolves to the loopback address the server binds.
ADVERTISED_HOST = "localhost"


@dataclass(frozen=True, slots=True)
class Options:
    port: int = 8000
    aws_port: int = 0
    log_level: str = "INFO"
    function_log_level: str = "WARNING"
    host: str = HOST

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Options:
        """PORTAL_PORT (the API, default 8000; 0 for a free one), PORTAL_AWS_PORT (moto, default
        a free one), PORTAL_LOG_LEVEL (the console), PORTAL_FUNCTION_LOG_LEVEL (the handlers')."""

        def port(name: str, default: int) -> int:
            value = int(environ.get(name) or default)
            if not 0 <= value <= 65535:
                raise ValueError(f"{name} must be a port number, not {value}")
            return value

        return cls(
            port=port("PORTAL_PORT", 8000),
            aws_port=port("PORTAL_AWS_PORT", 0),
            log_level=(environ.get("PORTAL_LOG_LEVEL") or "INFO").upper(),
            function_log_level=(environ.get("PORTAL_FUNCTION_LOG_LEVEL") or "WARNING").upper(),
        )
