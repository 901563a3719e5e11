"""How a certification moves: the rule a version asks for, each transition recorded as
an event, certifying (with its credential and notice), lapsing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from accounts.inbox import notify
from certification import credentials, notices
from certification import state as st
from certification.models import Certification, CertificationEvent, CertificationRule
from certification.people import people
from certification.rules import SIGNOFF_NONE, Rule, rule_from_json, rule_from_playbook
from drills.models import Module, ModuleVersion
from drills.modules import playbook_of
from drills.scheduling import as_utc

# --- rules ---------------------------------------------------------------------------------


def rule_for(*, session: Session, version: ModuleVersion, now: datetime) -> Rule:
    """The rule of a published version, snapshot on first use."""
    row = session.exec(select(CertificationRule).where(
        CertificationRule.module_version_id == version.id)).first()
    if row is None:
        rule = rule_from_playbook(playbook_of(version))
        data = rule.to_json()
        assert version.id is not None
        row = CertificationRule(module_version_id=version.id, module_id=version.module_id,
                                version=version.version, drill_retention=rule.drill_retention,
                                pitch_score=rule.pitch_score,
                                manager_signoff=rule.manager_signoff,
                                valid_days=rule.valid_days, pitches=data["pitches"],
                                messages=data["messages"], rubric=data["rubric"],
                                created_at=now)
        session.add(row)
        session.flush()
        return rule
    return rule_of_row(row)


def rule_of_row(row: CertificationRule) -> Rule:
    """The rule a stored snapshot holds."""
    return rule_from_json({"drill_retention": row.drill_retention,
                           "pitch_score": row.pitch_score,
                           "manager_signoff": row.manager_signoff,
                           "valid_days": row.valid_days, "pitches": row.pitches,
                           "messages": row.messages, "rubric": row.rubric})


def rules_of(session: Session, version_ids: Iterable[int], now: datetime, *,
           store: bool = True) -> dict[int, Rule]:
    """Rules by version id; with `store=False` (a read) a missing snapshot is derived from
    the playbook without writing it (events take the snapshot when a version launches)."""
    ids = list(set(version_ids))
    out: dict[int, Rule] = {}
    if not ids:
        return out
    for row in session.exec(select(CertificationRule).where(
            col(CertificationRule.module_version_id).in_(ids))):
        out[row.module_version_id] = rule_of_row(row)
    for vid in set(ids) - set(out):
        version = session.get(ModuleVersion, vid)
        assert version is not None
        out[vid] = (rule_for(session=session, version=version, now=now) if store
                    else rule_from_playbook(playbook_of(version)))
    return out


# --- transitions ---------------------------------------------------------------------------


def locked(session: Session, model: type[Any], row_id: int) -> Any:
    """A row read afresh and locked for this transaction (PostgreSQL: FOR UPDATE; SQLite
    already runs one writer at a time). A decision, a submission, a practice event and the
    sweep each lock the certification (and review) they move, so two of them racing on
    one row run one after the other, the second seeing what the first did."""
    return session.get(model, row_id, with_for_update=True, populate_existing=True)


def move(*, session: Session, cert: Certification, to: str, by: int | None, reason: str,
         now: datetime) -> Certification:
    """Change a certification's state (checked) and record who, when and why."""
    st.check(cert.state, to)
    assert cert.id is not None
    session.add(CertificationEvent(certification_id=cert.id, module_id=cert.module_id,
                                   from_state=cert.state, to_state=to, at=now, by_id=by,
                                   reason=reason[:2000]))
    cert.state = to
    cert.updated_at = now
    session.add(cert)
    return cert


def note(session: Session, cert: Certification, reason: str, by: int | None,
          now: datetime) -> None:
    """A history entry that is not a transition (a version that changed nothing of it)."""
    assert cert.id is not None
    session.add(CertificationEvent(certification_id=cert.id, module_id=cert.module_id,
                                   from_state=cert.state, to_state=cert.state, at=now,
                                   by_id=by, reason=reason[:2000]))


def certify(session: Session, cert: Certification, rule: Rule, by: int | None, reason: str,
             now: datetime, base_url: str) -> None:
    move(session=session, cert=cert, to=st.CERTIFIED, by=by, reason=reason, now=now)
    cert.certified_at = now
    cert.certified_version = cert.version
    cert.valid_until = now + timedelta(days=rule.valid_days)
    cert.renewal_messages = None
    session.add(cert)
    session.flush()
    person = people(session=session, user_ids=[cert.user_id])[cert.user_id]
    module = session.get(Module, cert.module_id)
    assert module is not None
    criteria = (f"Recalled the module's drills at {round(rule.drill_retention * 100)}% "
                f"predicted retention, scored {rule.pitch_score}+ on every pitch"
                + (" and was signed off by a manager." if rule.manager_signoff else "."))
    credential = credentials.issue(
        session=session, certification=cert, base_url=base_url, now=now,
        subject=credentials.Subject(name=person.name, email=person.email,
                                    module_slug=module.slug, module_title=module.title,
                                    version=cert.version, criteria=criteria))
    notify(session=session, now=now, notices=[notices.certified(
        user_id=cert.user_id, certification_id=cert.id or 0, jti=credential.jti,
        module_title=module.title, version=cert.version)])


def lapse(*, session: Session, cert: Certification, now: datetime) -> None:
    """Validity or the renewal deadline passed: the rep must certify on the module again."""
    expired = cert.valid_until is not None and now >= as_utc(cert.valid_until)
    reason = ("The certification's validity ended." if expired and cert.state in st.HOLDS
              else "The deadline passed before the requirements were met.")
    move(session=session, cert=cert, to=st.LAPSED, by=None, reason=reason, now=now)
    cert.renewal_messages = None
    cert.counts_from_version = cert.version
    cert.signoff = SIGNOFF_NONE
    cert.due_at = None
    session.add(cert)
