"""Password hashing (argon2 through pwdlib) and the rules a new password must meet."""

from __future__ import annotations

from pwdlib import PasswordHash

from drills.errors import InvalidInput

_hasher = PasswordHash.recommended()
# Hash of a random string, verified against when the account does not exist so that a
# failed sign-in takes the same time whether or not the email is known.
_DUMMY_HASH = _hasher.hash("onmessage-timing-equaliser")

MIN_LENGTH = 10
MAX_LENGTH = 200


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if not password_hash:
        _hasher.verify(password, _DUMMY_HASH)
        return False
    return _hasher.verify(password, password_hash)


def check_new_password(password: str, confirm: str | None = None) -> None:
    """Raise InvalidInput with a message a person can act on."""
    if confirm is not None and password != confirm:
        raise InvalidInput("The two passwords do not match.")
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"Choose a password of at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"A password can be at most {MAX_LENGTH} characters.")
    if password.strip() != password or not password.strip():
        raise InvalidInput("A password cannot start or end with spaces.")
