"""SAML 2.0 service provider on pysaml2 (which signs and verifies through Debian's
xmlsec1): SP-initiated (HTTP-Redirect AuthnRequest) and IdP-initiated sign-in, signed
assertions required, audience, recipient, time window checked by pysaml2, and replays
refused by remembering each accepted assertion id until it expires."""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import ParseError

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app.identity.models import SamlAssertionSeen
from app.identity.sso import Identity

# pysaml2 (and the XML-schema library under it) takes over a second to import: loaded on
# first use, so the server, the CLI and every worker start without it unless SAML is used.
if TYPE_CHECKING:
    from saml2.client import Saml2Client
    from saml2.config import SPConfig

log = logging.getLogger(__name__)

CLOCK_SKEW_S = 60
XMLSEC = "/usr/bin/xmlsec1"


class SamlError(Exception):
    """A refused SAML answer, with the reason in words."""


def xmlsec_binary() -> str:
    found = shutil.which("xmlsec1") or (XMLSEC if os.path.exists(XMLSEC) else None)
    if not found:
        raise SamlError("SAML needs the xmlsec1 program (Debian package xmlsec1), which is "
                        "not installed on this server.")
    return found


def entity_id(base_url: str, slug: str) -> str:
    """The SP's entity id, also the address of its metadata (a stable URL)."""
    return f"{base_url.rstrip('/')}/sso/{slug}/metadata"


def acs_url(base_url: str, slug: str) -> str:
    return f"{base_url.rstrip('/')}/sso/{slug}/acs"


def _config(base_url: str, slug: str, idp_metadata: str | None) -> SPConfig:
    from saml2 import BINDING_HTTP_POST
    from saml2.config import SPConfig
    from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NAMEID_FORMAT_UNSPECIFIED

    conf: dict[str, Any] = {
        "entityid": entity_id(base_url, slug),
        "xmlsec_binary": xmlsec_binary(),
        "service": {"sp": {
            "name": "OnMessage",
            "endpoints": {"assertion_consumer_service": [(acs_url(base_url, slug),
                                                          BINDING_HTTP_POST)]},
            "allow_unsolicited": True,  # IdP-initiated; our own checks follow
            "authn_requests_signed": False,
            "want_assertions_signed": True,
            "want_response_signed": False,
            "name_id_format": [NAMEID_FORMAT_EMAILADDRESS, NAMEID_FORMAT_UNSPECIFIED],
        }},
        "accepted_time_diff": CLOCK_SKEW_S,
        "allow_unknown_attributes": True,
    }
    if idp_metadata:
        conf["metadata"] = {"inline": [idp_metadata]}
    config = SPConfig()
    try:
        config.load(conf)
    except Exception as exc:  # pysaml2 raises several kinds for bad metadata
        raise SamlError(f"The identity provider's metadata could not be read: {exc}.") from None
    return config


def client(base_url: str, slug: str, idp_metadata: str) -> Saml2Client:
    from saml2.client import Saml2Client

    return Saml2Client(config=_config(base_url, slug, idp_metadata))


def sp_metadata(base_url: str, slug: str) -> str:
    """The SP's metadata XML (entity id, ACS, that assertions must be signed)."""
    from saml2.metadata import create_metadata_string

    xml = create_metadata_string(None, config=_config(base_url, slug, None), valid=None)
    return xml.decode() if isinstance(xml, bytes) else str(xml)


def idp_entity_id(saml_client: Saml2Client) -> str:
    idps = list(saml_client.metadata.identity_providers())
    if len(idps) != 1:
        raise SamlError(f"The metadata must describe one identity provider (found {len(idps)}).")
    return str(idps[0])


def new_request_id() -> str:
    return "id-" + secrets.token_hex(16)  # an NCName, as SAML ids must be


def start(config: dict[str, Any], base_url: str, slug: str, request_id: str,
          relay_state: str) -> str:
    """The IdP address (HTTP-Redirect binding) carrying an AuthnRequest with this id."""
    from saml2 import BINDING_HTTP_REDIRECT

    saml_client = client(base_url, slug, config["idp_metadata"])
    _, info = saml_client.prepare_for_authenticate(
        entityid=idp_entity_id(saml_client), relay_state=relay_state,
        binding=BINDING_HTTP_REDIRECT, message_id=request_id)
    return str(dict(info["headers"])["Location"])


@dataclass(frozen=True)
class Assertion:
    identity: Identity
    assertion_id: str
    expires_at: datetime
    in_response_to: str | None


# The first status code of the Status element's XML that pysaml2 puts in its message: the
# top-level one (Responder, Requester), which comes before any StatusMessage text.
_TOP_STATUS = re.compile(r'StatusCode Value="urn:oasis:names:tc:SAML:2\.0:status:(\w+)"')


def _turned_down(exc: Exception) -> str:
    """An answer with a Status and no assertion: the IdP turned the sign-in down. Said by
    its status code only: the StatusMessage is the IdP's (or, unsigned, anyone's) words,
    and pysaml2's message is the Status element's XML."""
    name = type(exc).__name__
    code = name.removeprefix("Status") if name != "StatusError" else ""
    if not code:
        found = _TOP_STATUS.search(str(exc))
        code = found.group(1) if found else "no reason given"
    return (f"The identity provider turned the sign-in down ({code}). Try again, or ask "
            "your admin whether your account may use this app.")


def _message(exc: Exception) -> str:
    from saml2.response import StatusError

    if isinstance(exc, StatusError):
        return _turned_down(exc)
    name = type(exc).__name__
    text = str(exc)
    if name in ("SignatureError", "IncorrectlySigned") or "signature" in text.lower() \
            or "signed" in text.lower():
        return ("The assertion is not signed by the identity provider's key (signed "
                "assertions are required).")
    if name == "ResponseLifetimeExceed" or "lifetime" in text.lower() \
            or "condition not ok" in text.lower():
        return ("The assertion is outside its time window: expired, or not valid yet "
                "(check the clocks).")
    if name == "ToEarly":
        return "The assertion is not valid yet (check the clocks)."
    if "audience" in text.lower() or name == "AudienceRestrictionError":
        return "The assertion is meant for another service (wrong audience)."
    if "destination" in text.lower() or "recipient" in text.lower():
        return "The assertion was sent to another address (wrong recipient)."
    if name == "UnsolicitedResponse" or "unsolicited" in text.lower():
        return "The answer does not belong to a sign-in started here."
    if name == "ParseError" or "unknown response type" in text.lower():
        return "The SAMLResponse is not a readable SAML response."
    return f"The SAML answer was refused ({name}: {text[:200]})."


def _first(values: Any) -> str | None:
    if isinstance(values, list):
        return str(values[0]) if values else None
    return str(values) if values else None


def read_response(config: dict[str, Any], base_url: str, slug: str, saml_response: str,
                  outstanding: dict[str, str]) -> Assertion:
    """Check a POSTed SAMLResponse (signature, audience, recipient, times, the request it
    answers) and read who signed in; raises SamlError with the reason."""
    from saml2 import BINDING_HTTP_POST, SAMLError

    saml_client = client(base_url, slug, config["idp_metadata"])
    try:
        response = saml_client.parse_authn_request_response(saml_response, BINDING_HTTP_POST,
                                                    outstanding=outstanding)
    except Exception as exc:
        # pysaml2 refuses with many classes (some a bare Exception): each becomes words
        # for the person and the admin log; anything not SAML's own is also logged here.
        if not isinstance(exc, SAMLError | ParseError):
            log.warning("SAML response refused by an unexpected error", exc_info=True)
        raise SamlError(_message(exc)) from None
    if response is None or response.assertion is None:
        raise SamlError("The SAML answer holds no usable assertion for this service (wrong "
                        "audience or recipient, or not signed).")
    assertion = response.assertion
    if assertion.signature is None and not response.response.signature:
        raise SamlError("The assertion is not signed (signed assertions are required).")
    in_response_to = response.in_response_to or None
    if in_response_to and in_response_to not in outstanding:
        raise SamlError("The answer is for a sign-in this browser did not start.")
    name_id = response.name_id.text if response.name_id is not None else None
    if not name_id:
        raise SamlError("The assertion names nobody (no NameID).")
    return Assertion(identity=_identity(config, response.get_identity() or {}, name_id),
                     assertion_id=str(assertion.id), expires_at=_not_on_or_after(assertion),
                     in_response_to=in_response_to)


def _identity(config: dict[str, Any], ava: dict[str, Any], name_id: str) -> Identity:
    """Who signed in, from the assertion's attributes (the provider's configured names
    first, then the usual ones)."""
    email_attr = config.get("email_attribute") or ""
    email = _first(ava.get(email_attr)) if email_attr else None
    email = email or _first(ava.get("email")) or _first(ava.get("mail")) \
        or (name_id if "@" in name_id else None)
    raw_groups = ava.get(config.get("groups_attribute") or "groups") or []
    groups = tuple(str(g)[:200] for g in (raw_groups if isinstance(raw_groups, list)
                                         else [raw_groups]) if g)[:500]
    name = _first(ava.get("displayName")) or " ".join(
        p for p in (_first(ava.get("givenName")), _first(ava.get("sn"))) if p) or None
    return Identity(subject=name_id, email=email, name=name, groups=groups)


def _not_on_or_after(assertion: Any) -> datetime:
    from saml2.time_util import str_to_time

    stamps = []
    if assertion.conditions is not None and assertion.conditions.not_on_or_after:
        stamps.append(assertion.conditions.not_on_or_after)
    for confirmation in getattr(assertion.subject, "subject_confirmation", []) or []:
        data = confirmation.subject_confirmation_data
        if data is not None and data.not_on_or_after:
            stamps.append(data.not_on_or_after)
    from calendar import timegm
    from datetime import UTC

    if not stamps:
        return datetime.now(UTC) + timedelta(hours=1)
    latest = max(timegm(str_to_time(s)) for s in stamps)
    return datetime.fromtimestamp(latest, UTC) + timedelta(seconds=CLOCK_SKEW_S)


def remember(*, session: Session, assertion_id: str, expires_at: datetime,
             now: datetime) -> None:
    """Refuse an assertion seen before (a replay); keep this one until it expires."""
    session.exec(delete(SamlAssertionSeen)
                 .where(col(SamlAssertionSeen.expires_at) < now))
    if session.get(SamlAssertionSeen, assertion_id[:200]) is not None:
        raise SamlError("This assertion was already used (a replay): refused. Sign in again.")
    session.add(SamlAssertionSeen(assertion_id=assertion_id[:200], expires_at=expires_at))
    try:
        session.flush()
    except IntegrityError:  # the same assertion posted twice at once
        raise SamlError("This assertion was already used (a replay): refused.") from None


def test_metadata(config: dict[str, Any], base_url: str, slug: str) -> str:
    saml_client = client(base_url, slug, config["idp_metadata"])
    idp = idp_entity_id(saml_client)
    certs = saml_client.metadata.certs(idp, "idpsso", "signing")
    if not certs:
        raise SamlError(f"The metadata of {idp} has no signing certificate: assertions could "
                        "not be checked.")
    return f"Metadata read: identity provider {idp}, {len(certs)} signing certificate(s)."
