"""The demo organisation: teams, people and (when available) a launched module.

Idempotent: anything that already exists is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from app.clock import utcnow
from app.models import Role
from app.modules.service import launch_version
from app.passwords import hash_password
from app.settings import DEFAULT_BASE_URL
from app.users import create_team, create_user, get_team_by_name, get_user_by_email
from drills.models import Module
from drills.modules import import_playbook, launches_of, mark_learned, published_versions
from drills.playbook_format import parse_playbook

DEMO_PASSWORD = "onmessage-demo"
TEAMS = ("Enterprise West", "Mid-Market East")


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    roles: tuple[Role, ...]
    team: str | None = None
    manages: tuple[str, ...] = ()


PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("admin@example.com", "Ada Admin", (Role.ADMIN,)),
    DemoPerson("marketing@example.com", "Mia Marketing", (Role.MARKETING,)),
    DemoPerson("manager@example.com", "Max Manager", (Role.MANAGER,),
               manages=("Enterprise West",)),
    DemoPerson("east.manager@example.com", "Erin East", (Role.MANAGER,),
               manages=("Mid-Market East",)),
    DemoPerson("rep@example.com", "Riley Rep", (Role.REP,), team="Enterprise West"),
    DemoPerson("jordan@example.com", "Jordan Lee", (Role.REP,), team="Enterprise West"),
    DemoPerson("sam@example.com", "Sam Patel", (Role.REP,), team="Enterprise West"),
    DemoPerson("alex@example.com", "Alex Kim", (Role.REP,), team="Mid-Market East"),
    DemoPerson("casey@example.com", "Casey Novak", (Role.REP,), team="Mid-Market East"),
    DemoPerson("taylor@example.com", "Taylor Diaz", (Role.REP,), team="Mid-Market East"),
)


DEMO_DIR = Path(__file__).resolve().parent / "demo"
DEMO_FILES = ("playbook.yaml", "playbook-v2.yaml")


def seed_demo_module(*, session: Session, now: datetime,
                     base_url: str = DEFAULT_BASE_URL) -> list[str]:
    """Publish the demo module's versions and launch the newest to both demo teams.

    The demo rep has read version 1, so their "what's new" shows what version 2 changed.
    """
    created: list[str] = []
    for name in DEMO_FILES:
        data = (DEMO_DIR / name).read_bytes()
        pb = parse_playbook(data, filename=name)
        module = session.exec(select(Module).where(Module.slug == pb.module)).first()
        have = ({v.version for v in published_versions(session=session, module=module)}
                if module else set())
        if pb.version not in have:
            import_playbook(session=session, data=data, filename=name, by=None, now=now)
            created.append(f"module {pb.module} v{pb.version}")
    module = session.exec(select(Module).where(Module.slug == "northwind-shield-launch")).one()
    if not launches_of(session=session, module=module):
        team_ids = [t.id for t in (get_team_by_name(session=session, name=n) for n in TEAMS)
                    if t is not None and t.id is not None]
        launch_version(session=session, module=module, version=None, team_ids=team_ids,
                       due_at=now + timedelta(days=21), by=None, now=now, base_url=base_url)
        rep = get_user_by_email(session=session, email="rep@example.com")
        if rep is not None and rep.id is not None:
            mark_learned(session=session, user_id=rep.id, module=module, version=1, now=now)
        created.append("launch to the demo teams")
    return created


def seed_demo(*, session: Session, base_url: str = DEFAULT_BASE_URL) -> list[str]:
    """Create what is missing of the demo organisation; returns what was created."""
    created: list[str] = []
    for name in TEAMS:
        if get_team_by_name(session=session, name=name) is None:
            create_team(session=session, name=name)
            created.append(f"team {name}")
    password_hash: str | None = None
    for person in PEOPLE:
        if get_user_by_email(session=session, email=person.email):
            continue
        password_hash = password_hash or hash_password(DEMO_PASSWORD)
        team = get_team_by_name(session=session, name=person.team) if person.team else None
        managed = [t.id for t in (get_team_by_name(session=session, name=n) for n in person.manages)
                   if t is not None and t.id is not None]
        user = create_user(session=session, email=person.email, name=person.name,
                           roles=person.roles, team_id=team.id if team else None,
                           managed_team_ids=managed, base_url=base_url)
        user.password_hash = password_hash  # one hash shared: seeding stays fast
        session.add(user)
        created.append(f"user {person.email}")
    session.flush()
    created += seed_demo_module(session=session, now=utcnow(), base_url=base_url)
    return created


def sign_in_lines() -> list[str]:
    return [f"  {p.email:<28} {', '.join(r.value for r in p.roles)}" for p in PEOPLE]
