"""Cognito's missing parts: what moto's Cognito does not do, done around it by a proxy.

Clients point their Cognito endpoint at the proxy; it forwards every call to moto and, at the
points where Cognito would, runs Portal's trigger code, delivers Cognito's emails, and makes the
checks moto skips. See docs/local-portal.md for the exact list.
"""
