"""Facilitator keys: new keys, PBKDF2-SHA256 hashes at OWASP's iteration count, verification, the delay schedule.

Stored form: ``"pbkdf2$<iterations>$<salt hex>$<sha256 hex>"``. Hashes written before this module used 2,000
iterations; they still verify, and ``needs_rehash`` tells the store to replace them on the next right key.

PBKDF2 rather than scrypt: OWASP's scrypt parameters (N=2**17, r=8) take 128 MiB per check, so a handful of wrong
keys sent at once could exhaust a laptop server; PBKDF2 costs CPU time only. A check takes a few hundred ms, so the
store verifies a key once per process (``remember``/``remembered``) and never inside the writer's lock.

Tests set ``ATLAS_QUAL_FAST_KDF=1`` (tests/conftest.py) for a cheap iteration count; nothing else should.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

SCHEME = "pbkdf2"
ITERATIONS = 600_000  # OWASP Password Storage Cheat Sheet (2023) for PBKDF2-HMAC-SHA256
FAST_ITERATIONS = 1_000  # ATLAS_QUAL_FAST_KDF=1: the test suite only
MAX_ITERATIONS = 10_000_000  # a stored count above this is not ours: refuse rather than spend minutes on it
# after this many wrong keys in a row the next try waits; the wait doubles with each further wrong key, up to the cap
FREE_FAILURES = 2
MAX_DELAY_S = 60

_PROCESS_SECRET = secrets.token_bytes(32)
_REMEMBERED: set[bytes] = set()


def iterations() -> int:
    """The iteration count new hashes get (``FAST_ITERATIONS`` when ``ATLAS_QUAL_FAST_KDF=1``)."""
    return FAST_ITERATIONS if os.environ.get("ATLAS_QUAL_FAST_KDF") == "1" else ITERATIONS


def new_key() -> str:
    """A secret facilitator key: 24 random bytes as 32 URL-safe characters, never starting with "-" (one key in 64
    did, and ``atlas-qual workshop ... --key -x...`` then read the key as an option and refused to run)."""
    while True:
        key = secrets.token_urlsafe(24)
        if not key.startswith("-"):
            return key


def hash_key(key: str, *, rounds: int | None = None) -> str:
    """The stored form of ``key``, with a random salt.

    Examples:
        >>> stored = hash_key("secret", rounds=1000)
        >>> stored.startswith("pbkdf2$1000$"), verify_key("secret", stored), verify_key("Secret", stored)
        (True, True, False)
    """
    n = rounds or iterations()
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", key.encode("utf-8"), salt, n)
    return f"{SCHEME}${n}${salt.hex()}${digest.hex()}"


def _parse(stored: str | None) -> tuple[int, bytes, bytes] | None:
    parts = (stored or "").split("$")
    if len(parts) != 4 or parts[0] != SCHEME:
        return None
    try:
        n, salt, expected = int(parts[1]), bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    except ValueError:
        return None
    if not 0 < n <= MAX_ITERATIONS or not expected:
        return None
    return n, salt, expected


def verify_key(key: str | None, stored: str | None) -> bool:
    """True when ``key`` matches ``stored`` (any iteration count, old hashes too); the digests are compared in
    constant time; False for an empty key or a malformed hash."""
    parsed = _parse(stored)
    if not key or parsed is None:
        return False
    n, salt, expected = parsed
    digest = hashlib.pbkdf2_hmac("sha256", key.encode("utf-8"), salt, n)
    return hmac.compare_digest(digest, expected)


def needs_rehash(stored: str | None) -> bool:
    """True for a well-formed hash with fewer iterations than new hashes get (the 2,000-iteration hashes of old)."""
    parsed = _parse(stored)
    return parsed is not None and parsed[0] < iterations()


def delay_after(failures: int) -> int:
    """Seconds the next try must wait after ``failures`` wrong keys in a row: none for the first typos, then
    2, 4, 8... up to ``MAX_DELAY_S``.

    Examples:
        >>> [delay_after(n) for n in (0, 1, 2, 3, 4, 5, 9)]
        [0, 0, 0, 2, 4, 8, 60]
    """
    if failures <= FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES), MAX_DELAY_S)


def _token(key: str, stored: str) -> bytes:
    return hmac.new(_PROCESS_SECRET, f"{stored}\0{key}".encode("utf-8"), hashlib.sha256).digest()


def remember(key: str, stored: str) -> None:
    """Note that ``key`` matched ``stored`` in this process (kept as a keyed digest, never the key itself), so the
    facilitator's next actions skip the slow hash and an open facilitator page keeps working while someone else
    is made to wait after wrong keys."""
    if len(_REMEMBERED) > 1000:
        _REMEMBERED.clear()
    _REMEMBERED.add(_token(key, stored))


def remembered(key: str | None, stored: str | None) -> bool:
    """True when ``key`` already matched ``stored`` in this process."""
    return bool(key) and bool(stored) and _token(key, stored) in _REMEMBERED




def admin_password() -> str | None:
    """The admin password set at ``atlas-qual serve``: ``$ATLAS_QUAL_ADMIN_PASSWORD``, else the first line of the file
    named by ``$ATLAS_QUAL_ADMIN_PASSWORD_FILE`` (``serve --admin-password-file``); None when neither is set. The
    facilitator page lists sessions and creates new ones only for whoever types it."""
    value = os.environ.get("ATLAS_QUAL_ADMIN_PASSWORD", "").strip()
    if value:
        return value
    path = os.environ.get("ATLAS_QUAL_ADMIN_PASSWORD_FILE", "").strip()
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            first = fh.readline().strip()
    except OSError:
        return None
    return first or None


def check_admin_password(given: str | None) -> bool:
    """True when an admin password is set and ``given`` is it (constant-time compare)."""
    expected = admin_password()
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def admin_password_file(path: str) -> str:
    """``serve --admin-password-file FILE``: the file's absolute path, after checking it holds a password (so the
    server never starts with a list and "create" nobody can open). ``AtlasQualError`` names the file otherwise."""
    from pathlib import Path

    from atlas_qual.errors import AtlasQualError

    target = Path(path).expanduser().resolve()
    try:
        first = target.read_text(encoding="utf-8").splitlines()[:1]
    except (OSError, UnicodeDecodeError):
        raise AtlasQualError("wsapp_admin_file_unreadable", file=str(path)) from None
    if not first or not first[0].strip():
        raise AtlasQualError("wsapp_admin_file_unreadable", file=str(path))
    return str(target)


__all__ = ["ITERATIONS", "FAST_ITERATIONS", "MAX_DELAY_S", "iterations", "new_key", "hash_key", "verify_key",
           "needs_rehash", "delay_after", "remember", "remembered", "admin_password", "check_admin_password",
           "admin_password_file"]
