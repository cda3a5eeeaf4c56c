"""References and secret keys for reports, and how a key is stored: only as a salted hash, checked in constant time.

A key is 20 characters drawn at random from 31 that cannot be mistaken for each other (about 99 bits), so a
fast hash is enough: slow password hashing protects guessable passwords, and this key is not guessable. Guessing
through the status-check page is throttled as well (incidents.services.reporting).
"""

import hashlib
import hmac
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
REFERENCE_PREFIX = "INC"
KEY_GROUPS, GROUP_SIZE = 5, 4
_NOT_KEY = re.compile(r"[^0-9A-Z]")
_DUMMY = "sha256$" + "0" * 32 + "$" + "0" * 64


def _random(n: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


def new_reference() -> str:
    """A reference like INC-7K4P-9QXM: random, so it says nothing about when or in which order it was made."""
    return f"{REFERENCE_PREFIX}-{_random(4)}-{_random(4)}"


def normalise_reference(text: str) -> str:
    """What someone typed as a reference, in the stored form: case, spaces and dashes do not matter."""
    letters = _NOT_KEY.sub("", (text or "").upper())
    if letters.startswith(REFERENCE_PREFIX):
        letters = letters[len(REFERENCE_PREFIX) :]
    if len(letters) != 8:
        return ""
    return f"{REFERENCE_PREFIX}-{letters[:4]}-{letters[4:]}"


def new_key() -> str:
    """A secret key shown once to an anonymous reporter, in groups of four for copying: ABCD-EFGH-..."""
    return "-".join(_random(GROUP_SIZE) for _ in range(KEY_GROUPS))


def normalise_key(text: str) -> str:
    return _NOT_KEY.sub("", (text or "").upper())


def _digest(salt: str, key: str) -> str:
    return hashlib.sha256(f"{salt}:{normalise_key(key)}".encode()).hexdigest()


def hash_key(key: str) -> str:
    """The only form a key is stored in: "sha256$salt$digest", a new random salt for every report."""
    salt = secrets.token_hex(16)
    return f"sha256${salt}${_digest(salt, key)}"


def key_matches(key: str, stored: str) -> bool:
    """True if `key` is the one `stored` was made from; the same work is done when there is nothing stored."""
    algorithm, salt, digest = (stored or _DUMMY).split("$")
    matches = hmac.compare_digest(_digest(salt, key), digest)
    return bool(stored) and algorithm == "sha256" and matches
