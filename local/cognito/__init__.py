"""The local Cognito: Cognito's public API for frontends, with moto as the user store.

moto's Cognito skips the SRP proof and SMS codes, has no email MFA, issues tokens unlike Cognito's
and runs no triggers; so the sign-in state machine (SRP, challenges, MFA, lockout, sessions,
tokens) is implemented here, reading and writing moto's own user objects in this process. See
docs/local-portal.md for what it does and what still differs.
"""
