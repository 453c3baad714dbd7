"""The shape of an API token, ``bm_<prefix>_<secret>``: the database keeps the prefix and the
SHA-256 of the secret, never the secret. Shared by the operation that issues tokens and the
query that finds a token's account."""

from __future__ import annotations

import hashlib

TOKEN_PREFIX = "bm"


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
