"""A rep's cards aligned with what is launched to them, before a read that shows drills:
the dependencies the drill pages, the drill API and the home page take."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session

from app.clock import utcnow
from app.db import READ_ONLY, Database, begin_write
from app.deps import CurrentRep, DbDep, OptionalAccount, SessionDep
from app.models import Role
from app.users import Account
from drills.modules import active_launches
from drills.practice.alignment import rep_in_sync, sync_rep


def account_in_sync(session: Session, account: Account) -> bool:
    """Whether the rep's cards match what is launched to them (one query, reads only)."""
    return rep_in_sync(session=session, user_id=account.id,
                       team_ids=account.policy.readable_team_ids)


def sync_account(session: Session, account: Account, now: datetime) -> None:
    """Align the rep's cards with the versions launched to their team."""
    # On almost every request nothing changed: one query says so without loading launches.
    if account_in_sync(session, account):
        return
    sync_rep(session=session, user_id=account.id,
             launches=active_launches(session=session, team_ids=account.policy.readable_team_ids),
             now=now)


async def cards_synced(account: Account, session: Session, db: Database) -> None:
    """Before a page or API read that shows a rep's drills: align their cards with what is
    launched to them, in a short write of its own. A GET's session only reads; doing the
    write inside it meant upgrading a read to a write, which SQLite refuses when another
    writer came first (the reason a middleware used to replay such GETs)."""
    if not account.has(Role.REP) or await db.run(account_in_sync, session, account):
        return
    # End this request's read first (SQLite cannot upgrade it to a write); the sync is
    # then its own short write transaction, and what the request reads next includes it.
    await db.run(session.rollback)
    await db.write(_sync_in_own_write, session, account)


def _sync_in_own_write(session: Session, account: Account) -> None:
    # The read-only guard stands for the request's reads; this is the one write, taken
    # explicitly in the writer's turn, and committed before the reading goes on.
    guard = session.info.pop(READ_ONLY, None)
    try:
        begin_write(session)
        sync_account(session, account, utcnow())  # checks again: another request may have
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        if guard is not None:
            session.info[READ_ONLY] = guard


async def _synced_rep(account: CurrentRep, session: SessionDep, db: DbDep) -> Account:
    await cards_synced(account, session, db)
    return account


async def _synced_optional(account: OptionalAccount, session: SessionDep,
                           db: DbDep) -> Account | None:
    if account is not None:
        await cards_synced(account, session, db)
    return account


# A rep whose cards match their team's launches, for the reads that show drills.
SyncedRep = Annotated[Account, Depends(_synced_rep)]
# The same for a page open to everyone signed in (and signed out): reps are synced.
SyncedOptional = Annotated[Account | None, Depends(_synced_optional)]
