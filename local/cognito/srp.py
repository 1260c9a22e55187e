"""Cognito's SRP-6a, server side: B from the verifier of the person's real password, and the
PASSWORD_CLAIM_SIGNATURE checked as Cognito checks it.

The client side is what pycognito (`pycognito.aws_srp`, pinned) computes, itself a port of
amazon-cognito-identity-js's AuthenticationHelper; its primitives (the group N and g, the padded
hex, H(A|B), the HKDF "Caldera Derived Key") are used here unchanged, so the two sides cannot
drift apart. The server mirrors the client:

    x = H(salt | H(pool | user_id | ":" | password)),  v = g^x,  B = k·v + g^b
    S = (A · v^u)^b,  key = HKDF(S, u),  signature = HMAC(key, pool | user_id | secret block | timestamp)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from pycognito.aws_srp import (
    G_HEX,
    N_HEX,
    calculate_u,
    compute_hkdf,
    hash_sha256,
    hex_hash,
    hex_to_long,
    long_to_hex,
    pad_hex,
)

N = hex_to_long(N_HEX)
G = hex_to_long(G_HEX)
K = hex_to_long(hex_hash("00" + N_HEX + "0" + G_HEX))


@dataclass(frozen=True, slots=True)
class Exchange:
    """One PASSWORD_VERIFIER challenge: what the server chose, and the client's A."""

    pool: str  # the pool id's part after the region, as the clients hash it
    user_id: str  # USER_ID_FOR_SRP
    salt: str  # hex, without a leading zero digit (both clients pad it the same way then)
    verifier: int
    small_b: int
    big_a: int
    big_b: int
    secret_block: bytes

    def parameters(self) -> dict[str, str]:
        return {
            "SALT": self.salt,
            "SRP_B": long_to_hex(self.big_b),
            "SECRET_BLOCK": base64.standard_b64encode(self.secret_block).decode(),
            "USER_ID_FOR_SRP": self.user_id,
        }

    def signature_valid(self, timestamp: str, signature: str) -> bool:
        u = calculate_u(self.big_a, self.big_b)
        s = pow(self.big_a * pow(self.verifier, u, N), self.small_b, N)
        key = compute_hkdf(bytearray.fromhex(pad_hex(s)), bytearray.fromhex(pad_hex(long_to_hex(u))))
        message = self.pool.encode() + self.user_id.encode() + self.secret_block + timestamp.encode()
        expected = hmac.new(key, message, hashlib.sha256).digest()
        try:
            given = base64.standard_b64decode(signature)
        except ValueError:
            return False
        return hmac.compare_digest(expected, given)


def verifier(pool: str, user_id: str, password: str, salt: str) -> int:
    x = hex_to_long(hex_hash(pad_hex(salt) + hash_sha256(f"{pool}{user_id}:{password}".encode())))
    return int(pow(G, x, N))


def start(pool: str, user_id: str, password: str, srp_a: str) -> Exchange | None:
    """None if A is not a valid public value (A mod N is 0, or not hex)."""
    try:
        big_a = hex_to_long(srp_a)
    except ValueError:
        return None
    if big_a % N == 0:
        return None
    salt = f"{secrets.choice('1234567')}{secrets.token_hex(16)[1:]}"
    v = verifier(pool, user_id, password, salt)
    while True:
        small_b = secrets.randbits(1024) | 1  # as large as the clients' own secret a
        big_b = (K * v + pow(G, small_b, N)) % N
        if big_b and calculate_u(big_a, big_b):
            break
    return Exchange(pool, user_id, salt, v, small_b, big_a, big_b, secrets.token_bytes(64))
