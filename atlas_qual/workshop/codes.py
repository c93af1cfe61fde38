"""Join codes (typed from a projector) and facilitator keys (hashed by atlas_qual.keys)."""

from __future__ import annotations

import re
import secrets

from atlas_qual.errors import AtlasQualError


# No 0/O or 1/I: read off a projector and typed on a phone, they get confused.
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    """A random 6-character session code from an alphabet without 0/O/1/I.

    Examples:
        >>> code = new_join_code()
        >>> len(code) == 6 and set(code) <= set(JOIN_CODE_ALPHABET)
        True
    """
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(text: str) -> str:
    """A typed or URL code in canonical form (upper case, spaces and dashes removed); ``AtlasQualError`` if invalid.

    Examples:
        >>> normalize_join_code(" ab3-k9z ")
        'AB3K9Z'
    """
    code = re.sub(r"[\s\-]", "", str(text)).upper()
    if len(code) != JOIN_CODE_LENGTH or any(ch not in JOIN_CODE_ALPHABET for ch in code):
        raise AtlasQualError(
            "workshop_bad_join_code", code=text, length=JOIN_CODE_LENGTH, alphabet=JOIN_CODE_ALPHABET
        )
    return code


def new_facilitator_key() -> str:
    """A secret facilitator key (32 URL-safe characters); see ``atlas_qual.keys``."""
    from atlas_qual import keys

    return keys.new_key()


def hash_key(key: str, *, iterations: int | None = None) -> str:
    """The stored form of a facilitator key (``atlas_qual.keys.hash_key``: PBKDF2-SHA256, OWASP iteration count).

    Examples:
        >>> stored = hash_key("secret", iterations=1000)
        >>> stored.startswith("pbkdf2$"), verify_key("secret", stored), verify_key("Secret", stored)
        (True, True, False)
    """
    from atlas_qual import keys

    return keys.hash_key(key, rounds=iterations)


def verify_key(key: str | None, stored: str | None) -> bool:
    """True when ``key`` matches the ``stored`` hash; constant-time comparison; False for a malformed hash."""
    from atlas_qual import keys

    return keys.verify_key(key, stored)
