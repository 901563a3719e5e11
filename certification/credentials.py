"""Open Badges 3.0 credentials, signed as VC-JWT with the deployment's key (joserfc).

The key is an EC P-256 key made once, on first use, and kept in the database so every
process signs with it; its public half is published as a JWKS. A credential's JWT carries
the OpenBadgeCredential in the `vc` claim plus the registered claims the OB 3.0 JWT proof
format maps (`iss`, `sub`, `jti`, `nbf`, `exp`). Verification checks the signature first:
a token that does not verify is "invalid" whatever its claims say.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from certification.models import Certification, Credential, SigningKey
from certification.state import HOLDS, NEEDS_UPDATE
from drills.errors import NotFound

ALG = "ES256"
ACTIVE = "active"
SUPERSEDED = "superseded"
REVOKED = "revoked"
MAX_TOKEN = 20_000  # a credential JWT is a few kB; refuse anything far larger unread

OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _iso(value: datetime) -> str:
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- the key ---------------------------------------------------------------------------


def signing_key(*, session: Session, now: datetime) -> ECKey:
    """The current signing key, generated and stored on first use."""
    row = session.exec(select(SigningKey).where(col(SigningKey.retired_at).is_(None))
                       .order_by(col(SigningKey.id))).first()
    if row is None:
        key = ECKey.generate_key("P-256", auto_kid=True)
        row = SigningKey(id=1, kid=str(key.kid), private_jwk=key.as_dict(private=True),
                         created_at=now)
        try:
            # Fixed id 1: two processes racing to make the first key collide here, and the
            # loser reads the winner's key instead of publishing a second one.
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:
            found = session.get(SigningKey, 1)
            assert found is not None
            row = found
    return ECKey.import_key(dict(row.private_jwk))


def public_keys(*, session: Session, now: datetime) -> KeySet:
    """Every key credentials may have been signed with (public halves). Reads only: the
    first key is made when the first credential is signed; before that the set is empty
    (there is nothing to verify), so publishing it is no write on a GET."""
    rows = session.exec(select(SigningKey).order_by(col(SigningKey.id))).all()
    return KeySet([ECKey.import_key(ECKey.import_key(dict(r.private_jwk)).as_dict(private=False))
                   for r in rows])


def jwks(*, session: Session, now: datetime) -> dict[str, Any]:
    """The public JWKS to publish at /.well-known/jwks.json."""
    keys: dict[str, Any] = dict(public_keys(session=session, now=now).as_dict(private=False))
    for key in keys["keys"]:
        key.setdefault("alg", ALG)
        key.setdefault("use", "sig")
    return keys


# --- issuing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """Who and what a credential is about, as plain values."""

    name: str
    email: str
    module_slug: str
    module_title: str
    version: int
    criteria: str


def _identity_hash(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def build_credential(*, subject: Subject, jti: str, base_url: str, valid_from: datetime,
                     valid_until: datetime, salt: str) -> dict[str, Any]:
    """The OpenBadgeCredential document (unsigned)."""
    base = base_url.rstrip("/")
    achievement_id = f"{base}/modules/{subject.module_slug}/versions/{subject.version}#certified"
    return {
        "@context": OB_CONTEXT,
        "id": f"urn:uuid:{jti}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": base + "/", "type": ["Profile"], "name": "OnMessage",
                   "url": base + "/"},
        "validFrom": _iso(valid_from),
        "validUntil": _iso(valid_until),
        "name": f"Certified: {subject.module_title} (v{subject.version})",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            # The address is hashed so a public verification page never reveals it; the
            # holder proves it is theirs by giving the address and this salt.
            "identifier": [
                {"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
                 "identityHash": _identity_hash(subject.email, salt), "salt": salt},
                {"type": "IdentityObject", "identityType": "name", "hashed": False,
                 "identityHash": subject.name},
            ],
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": f"{subject.module_title} messaging certification",
                "description": f"Can deliver the {subject.module_title} messaging "
                               f"(version {subject.version}) on message.",
                "criteria": {"narrative": subject.criteria},
            },
        },
        "credentialStatus": {"id": f"{base}/api/v1/credentials/{jti}/verification",
                             "type": "OnMessageCredentialStatus"},
    }


def sign(*, credential: dict[str, Any], key: ECKey) -> str:
    """The credential as a compact VC-JWT."""
    claims = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["identifier"][0]["identityHash"],
        "nbf": int(datetime.fromisoformat(credential["validFrom"]).timestamp()),
        "exp": int(datetime.fromisoformat(credential["validUntil"]).timestamp()),
        "vc": credential,
    }
    header = {"alg": ALG, "kid": str(key.kid), "typ": "JWT"}
    return jwt.encode(header, claims, key)


def issue(*, session: Session, certification: Certification, subject: Subject,
          base_url: str, now: datetime) -> Credential:
    """Sign and store a credential for a certification; it supersedes any earlier one."""
    assert certification.id is not None and certification.valid_until is not None
    for old in session.exec(select(Credential).where(
            Credential.certification_id == certification.id, Credential.status == ACTIVE)):
        old.status = SUPERSEDED
        session.add(old)
    key = signing_key(session=session, now=now)
    jti = str(uuid.uuid4())
    valid_until = _utc(certification.valid_until)
    document = build_credential(subject=subject, jti=jti, base_url=base_url, valid_from=now,
                                valid_until=valid_until, salt=secrets.token_hex(8))
    row = Credential(jti=jti, certification_id=certification.id,
                     user_id=certification.user_id, module_id=certification.module_id,
                     version=subject.version, status=ACTIVE, issued_at=now, valid_from=now,
                     valid_until=valid_until, kid=str(key.kid),
                     token=sign(credential=document, key=key))
    session.add(row)
    session.flush()
    return row


def revoke(*, session: Session, credential: Credential, reason: str,
           now: datetime) -> Credential:
    """Revoke a credential (idempotent: the first reason and time are kept)."""
    if credential.status != REVOKED:
        credential.status = REVOKED
        credential.revoked_at = now
        credential.revoked_reason = reason[:300]
        session.add(credential)
        session.flush()
    return credential


def active_ids(*, session: Session, certification_ids: Iterable[int]) -> dict[int, str]:
    """The active credential's id (jti) of each of these certifications that has one."""
    ids = list(set(certification_ids))
    if not ids:
        return {}
    rows = session.exec(select(Credential).where(
        col(Credential.certification_id).in_(ids), Credential.status == ACTIVE)).all()
    return {c.certification_id: c.jti for c in rows}


def verification_url(*, base_url: str, jti: str) -> str:
    """Where anyone can check a credential (its page; JSON at /api/v1/credentials/…)."""
    return f"{base_url.rstrip('/')}/credentials/{jti}"


def get(*, session: Session, jti: str) -> Credential:
    """A credential by its public id, or NotFound."""
    row = session.exec(select(Credential).where(Credential.jti == jti)).first() if len(
        jti) <= 64 else None
    if row is None:
        raise NotFound("There is no credential with this id.")
    return row


def document_of(credential: Credential) -> dict[str, Any]:
    """The OpenBadgeCredential inside a stored credential's JWT (not a verification)."""
    body = credential.token.split(".")[1]
    data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    vc: dict[str, Any] = data["vc"]
    return vc


# --- verifying -------------------------------------------------------------------------

VALID = "valid"
EXPIRED = "expired"
INVALID = "invalid"
NEEDS_UPDATE_STATUS = "needs_update"
STATUS_TEXT = {
    VALID: "Valid: this certification is current.",
    EXPIRED: "Expired: the certification's validity has ended.",
    NEEDS_UPDATE_STATUS: "Needs update: the messaging changed since it was earned; the "
                         "holder has until the renewal deadline to show the new messages.",
    REVOKED: "Revoked by the issuer.",
    SUPERSEDED: "Superseded by a newer credential for the same certification.",
    INVALID: "Invalid: the signature does not verify. This is not a genuine credential.",
}


@dataclass(frozen=True)
class Verification:
    status: str
    detail: str
    credential: Credential | None
    document: dict[str, Any] | None


def status_of(*, session: Session, credential: Credential, now: datetime) -> str:
    """valid, expired, needs_update, revoked or superseded (the signature is ours)."""
    if credential.status == REVOKED:
        return REVOKED
    if now >= _utc(credential.valid_until):
        return EXPIRED
    if credential.status == SUPERSEDED:
        return SUPERSEDED
    cert = session.get(Certification, credential.certification_id)
    if cert is None or cert.state not in HOLDS:
        return EXPIRED
    return NEEDS_UPDATE_STATUS if cert.state == NEEDS_UPDATE else VALID


def verify_token(*, session: Session, token: str, now: datetime) -> Verification:
    """Check a presented VC-JWT: signature with our keys, then the credential's status."""
    token = (token or "").strip()
    if not token or len(token) > MAX_TOKEN:
        return Verification(INVALID, "This is not a credential token.", None, None)
    try:
        decoded = jwt.decode(token, public_keys(session=session, now=now), algorithms=[ALG])
    except (JoseError, ValueError, KeyError, TypeError):
        return Verification(INVALID, STATUS_TEXT[INVALID], None, None)
    claims = decoded.claims
    jti = str(claims.get("jti", "")).removeprefix("urn:uuid:")
    row = session.exec(select(Credential).where(Credential.jti == jti)).first()
    if row is None or row.token != token:
        # Signed by us but not a credential we hold: never trust an unknown id.
        return Verification(INVALID, "This credential was not issued by this deployment.",
                            None, None)
    status = status_of(session=session, credential=row, now=now)
    return Verification(status, STATUS_TEXT[status], row, dict(claims.get("vc") or {}))


def verify_stored(*, session: Session, credential: Credential, now: datetime) -> Verification:
    """Verify a stored credential by re-checking its own signature (catches tampered rows)."""
    return verify_token(session=session, token=credential.token, now=now)
