"""Imports from files, playbooks and user CSV, kept off the event loop and out of the
single writer's turn while they are read.

A file is parsed and checked in a worker thread first, with no database and no lock
held: a big or broken file costs that thread, not the other requests. Only a file that
passed is written, in the request's turn among writers and also in a thread (an import
of thousands of users is more than a short write). Endpoints that call these are marked
`writes_in_own_turn`, so their session starts as a reader.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.clock import utcnow
from app.db import Database, begin_write
from app.users import CsvImportResult, ParsedCsv, parse_users_csv, store_users
from drills.models import Module
from drills.modules import store_playbook
from drills.playbook_format import Playbook, parse_playbook


@dataclass(frozen=True)
class ImportedVersion:
    """What an imported playbook became."""

    slug: str
    title: str
    version: int
    status: str


async def import_playbook_file(db: Database, session: Session, *, data: bytes, filename: str,
                               by: int | None, as_draft: bool) -> ImportedVersion:
    """Parse a playbook file off the loop, then store it; raises InvalidPlaybook etc."""
    playbook = await run_in_threadpool(parse_playbook, data, filename=filename)
    return await db.write_in_thread(_store_playbook, session, playbook, filename, by, as_draft)


async def import_users_file(db: Database, session: Session, *, data: bytes,
                            create_teams: bool, max_rows: int) -> CsvImportResult:
    """Parse a user CSV file off the loop, then check it against the database and store
    it, all or nothing; raises CsvImportError."""
    parsed = await run_in_threadpool(parse_users_csv, data, max_rows=max_rows)
    return await db.write_in_thread(_store_users, session, parsed, create_teams,
                                    db.settings.base_url)


@contextlib.contextmanager
def _writing(session: Session) -> Iterator[None]:
    """End the request's read transaction, write as a writer, commit (or roll back)."""
    session.commit()
    begin_write(session)
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise


def _store_playbook(session: Session, playbook: Playbook, filename: str, by: int | None,
                    as_draft: bool) -> ImportedVersion:
    with _writing(session):
        version = store_playbook(session=session, playbook=playbook, filename=filename, by=by,
                                 now=utcnow(), as_draft=as_draft)
        module = session.get(Module, version.module_id)
        assert module is not None
        done = ImportedVersion(slug=module.slug, title=module.title, version=version.version,
                               status=version.status)
    return done


def _store_users(session: Session, parsed: ParsedCsv, create_teams: bool,
                 base_url: str) -> CsvImportResult:
    with _writing(session):
        result = store_users(session=session, parsed=parsed, create_missing_teams=create_teams,
                             base_url=base_url)
    return result
