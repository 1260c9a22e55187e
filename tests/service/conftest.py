"""The service tier runs without a network, as the unit tier does: the ports are in-memory fakes
(tests/service/fakes.py), so any attempt to connect fails loudly."""

from __future__ import annotations

from tests.unit.conftest import no_network

__all__ = ["no_network"]
