"""Open Badges 3.0 credentials: signed VC-JWT, JWKS, verification of genuine and tampered ones."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

from joserfc import jwt
from joserfc.jwk import ECKey
from sqlmodel import Session, select

from certification import credentials
from certification.models import Credential, SigningKey
from tests.certification.helpers import T0
from tests.certification.test_service import certified_by_manager


def _b64(data: dict) -> str:  # type: ignore[type-arg]
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def issued(session: Session) -> Credential:
    rep, *_ = certified_by_manager(session)
    return session.exec(select(Credential).where(Credential.user_id == rep.id)).one()


def test_credential_is_an_open_badge_signed_with_the_published_key(session: Session) -> None:
    cred = issued(session)
    keys = credentials.jwks(session=session, now=T0)
    assert len(keys["keys"]) == 1 and "d" not in keys["keys"][0]
    assert keys["keys"][0]["kid"] == cred.kid and keys["keys"][0]["alg"] == "ES256"
    token = jwt.decode(cred.token, ECKey.import_key(keys["keys"][0]), algorithms=["ES256"])
    vc = token.claims["vc"]
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert vc["credentialSubject"]["achievement"]["type"] == ["Achievement"]
    assert vc["validFrom"] and vc["validUntil"]
    assert token.claims["jti"] == vc["id"] == f"urn:uuid:{cred.jti}"
    assert token.claims["exp"] > token.claims["nbf"]
    # The address is hashed: a public verifier never sees it.
    assert "@example.com" not in json.dumps(vc)
    assert credentials.document_of(cred) == vc


def test_key_is_made_once(session: Session) -> None:
    first = credentials.signing_key(session=session, now=T0)
    second = credentials.signing_key(session=session, now=T0)
    assert first.kid == second.kid
    assert len(session.exec(select(SigningKey)).all()) == 1


def test_tampered_payload_is_invalid(session: Session) -> None:
    cred = issued(session)
    header, payload, sig = cred.token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["vc"]["validUntil"] = "2099-01-01T00:00:00Z"
    forged = ".".join([header, _b64(claims), sig])
    result = credentials.verify_token(session=session, token=forged, now=T0)
    assert result.status == "invalid" and result.credential is None
    flipped = cred.token[:-3] + ("A" if cred.token[-3] != "A" else "B") + cred.token[-2:]
    assert credentials.verify_token(session=session, token=flipped, now=T0).status == "invalid"


def test_forged_with_another_key_and_garbage_are_invalid(session: Session) -> None:
    cred = issued(session)
    other = ECKey.generate_key("P-256", auto_kid=True)
    doc = credentials.document_of(cred)
    forged = credentials.sign(credential=doc, key=other)
    assert credentials.verify_token(session=session, token=forged, now=T0).status == "invalid"
    for junk in ("", "abc", "a.b.c", "x" * 30_000):
        assert credentials.verify_token(session=session, token=junk, now=T0).status == "invalid"


def test_genuine_then_revoked_then_expired(session: Session) -> None:
    cred = issued(session)
    assert credentials.verify_token(session=session, token=cred.token, now=T0).status == "valid"
    late = cred.valid_until + timedelta(seconds=1)
    assert credentials.verify_token(session=session, token=cred.token, now=late).status == (
        "expired")
    credentials.revoke(session=session, credential=cred, reason="issued in error", now=T0)
    assert credentials.verify_token(session=session, token=cred.token, now=T0).status == (
        "revoked")
