"""Database engine and the request-scoped session that owns the transaction."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import ORMExecuteState, sessionmaker
from sqlmodel import Session, create_engine
from starlette.concurrency import run_in_threadpool

import app.metadata  # noqa: F401  (every table must be mapped before the first flush)
from app.settings import Settings
from app.write_lock import WriterLock
from drills.errors import InvalidInput

# Execution option marking a session that will write (see `_sqlite_begin`).
WRITE_OPTION = "onmessage_write"
# Set while a short write runs on the event loop (see `Database.write`): its BEGIN
# IMMEDIATE must not wait in SQLite's busy handler, which would stall the whole loop.
_BEGIN_WITHOUT_WAITING: ContextVar[bool] = ContextVar("begin_without_waiting", default=False)

P = ParamSpec("P")
T = TypeVar("T")


class NumberOutOfRange(InvalidInput):
    """A request carried an integer no database column can hold (an id, a count)."""


# The range of an INTEGER column, the type of every integer column here: 64 bits on SQLite,
# 32 on PostgreSQL (where the driver casts each bound value to the column's type).
INT_RANGE = {"sqlite": (-(2**63), 2**63 - 1), "postgresql": (-(2**31), 2**31 - 1)}


def _values(parameters: Any) -> Iterator[Any]:
    """Every bound value, whatever shape the driver call has: a dict or a sequence for one
    row, a list of them for many (insertmany sends one flat sequence)."""
    if isinstance(parameters, dict):
        yield from parameters.values()
    elif isinstance(parameters, list | tuple):
        for item in parameters:
            if isinstance(item, dict | list | tuple):
                yield from _values(item)
            else:
                yield item


def _range_guard(low: int, high: int) -> Callable[..., None]:
    def refuse_out_of_range_numbers(_conn: Any, _cursor: Any, _statement: str,
                                    parameters: Any, _context: Any, _many: bool) -> None:
        # Any integer from a path, query, form or JSON body ends up here if it reaches the
        # database: one check covers every route, present and future. The drivers would
        # otherwise raise OverflowError (SQLite) or "integer out of range" (PostgreSQL):
        # a 500 either way.
        for v in _values(parameters):
            if type(v) is int and not low <= v <= high:
                raise NumberOutOfRange("A number in this request is too large to be an id "
                                       "or a count here; check the address or the values "
                                       "sent.")
    return refuse_out_of_range_numbers


# --- reads that must not write ------------------------------------------------------------

# `session.info` key: this session serves a read (GET/HEAD). "raise" in development and
# tests, "log" in production (a page must never fail for it, but it is a bug to report).
READ_ONLY = "onmessage_read_only"

log = logging.getLogger(__name__)


def is_lock_error(exc: BaseException) -> bool:
    """SQLite refused to begin or upgrade a transaction because another writer holds the
    database (only a writer that did not wait for its turn sees this)."""
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


class WriteOnRead(RuntimeError):
    """A read (GET) tried to write: state moves on events (POSTs, jobs), never on reads."""


def _written_tables(session: Session) -> set[str]:
    out = set()
    for obj in (*session.new, *session.deleted):
        out.add(getattr(type(obj), "__tablename__", type(obj).__name__))
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            out.add(getattr(type(obj), "__tablename__", type(obj).__name__))
    return out


def _refuse(session: Any, tables: set[str]) -> None:
    # (A rep's drill cards, which reads once aligned with new launches, are now synced in
    # a write of their own before the read: app/drills/sync.cards_synced.)
    if not tables:
        return
    message = f"A read tried to write {', '.join(sorted(tables))}"
    if session.info.get(READ_ONLY) == "raise":
        raise WriteOnRead(message)
    log.error("%s (let through in production)", message)


@event.listens_for(Session, "before_flush")
def _refuse_flush_on_read(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(READ_ONLY):
        _refuse(session, _written_tables(session))


@event.listens_for(Session, "do_orm_execute")
def _refuse_statement_on_read(state: ORMExecuteState) -> None:
    if not state.session.info.get(READ_ONLY):
        return
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        _refuse(state.session, {str(getattr(table, "name", table))})


def make_engine(url: str, *, pool_size: int = 30) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and foreign keys."""
    engine = _make_engine(url, pool_size=pool_size)
    low, high = INT_RANGE.get(engine.dialect.name, INT_RANGE["postgresql"])
    event.listen(engine, "before_cursor_execute", _range_guard(low, high))
    return engine


def _make_engine(url: str, *, pool_size: int) -> Engine:
    if url.startswith("sqlite"):
        # Requests may run SQLite work on the event loop (see `Database.run`): a pool that
        # made the loop wait for a connection held by a suspended request would never wake,
        # so it grows instead (connections beyond 20 are closed when returned).
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=20, max_overflow=-1,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Autocommit off for pysqlite's own BEGIN handling; we issue BEGIN ourselves
            # below so that SAVEPOINTs and write locks behave.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # A transaction that will write takes the write lock up front: SQLite cannot
            # upgrade a read transaction to a write one while another writer is active, and
            # fails at once instead of waiting (busy_timeout does not apply to upgrades).
            immediate = conn.get_execution_options().get(WRITE_OPTION, False)
            if immediate and _BEGIN_WITHOUT_WAITING.get():
                # Holding the lock file, only a writer that does not take it (a command,
                # a job) can be in the way: fail at once, the caller then waits in a thread.
                conn.exec_driver_sql("PRAGMA busy_timeout=0")
                try:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                finally:
                    conn.exec_driver_sql("PRAGMA busy_timeout=30000")
                return
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    # A request holds its connection from its first statement to its commit, across its
    # trips between the event loop and the thread pool: under load as many are in use as
    # requests in flight. Those above `pool_size` were closed on return and opened again
    # for the next request, each a new PostgreSQL backend (a fork, its catalogue read
    # afresh, psycopg's prepared statements lost): 50 clients on 2 workers opened 8 a
    # second, and PostgreSQL spent 4.1 ms CPU per drill answer instead of 2.9. The pool now
    # keeps its 30 open and opens no more (it kept 10 and opened up to 20 more, so the most
    # a process holds is the same): a request beyond them waits for one in its thread.
    return create_engine(url, pool_size=pool_size, max_overflow=0, pool_pre_ping=True)


def begin_write(session: Session) -> None:
    """Start the session's next transaction as a writer (SQLite: BEGIN IMMEDIATE), for a
    request that read first and now holds its write turn (see `Database.write_turn`).

    Only SQLite needs it (the option is read by `_sqlite_begin`): any other database
    upgrades a transaction as it writes, so a caller may go on writing in the transaction
    that did its reads, without a commit and a fresh connection between them."""
    bind = session.get_bind()
    # (tests bind a Connection: no new BEGIN)
    if isinstance(bind, Engine) and bind.dialect.name == "sqlite":
        session.connection(execution_options={WRITE_OPTION: True})


class Database:
    """Holds the engine for one app instance (tests build their own)."""

    def __init__(self, settings: Settings, engine: Engine | None = None) -> None:
        self.settings = settings
        if engine is None and settings.resolved_database_url.startswith("sqlite"):
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.engine = engine or make_engine(settings.resolved_database_url,
                                            pool_size=settings.db_pool_size)
        # SQLite has one writer at a time. Writing requests of this process queue here, in
        # the event loop, rather than in worker threads blocked on the database lock: blocked
        # threads would starve the requests that hold the lock and need a thread to finish.
        self.write_gate = asyncio.Lock()
        # ... and across the server's worker processes, on a lock file (see write_lock.py).
        database = self.engine.url.database if self.is_sqlite else None
        self.writer_lock = WriterLock.beside(database)
        # Short writes (see `write`) run on the event loop when no writer holds the lock
        # file, else one at a time on this process's writer thread; each way has its own
        # handle on the file.
        self._writer: ThreadPoolExecutor | None = None
        self._writer_thread_lock = WriterLock.beside(database)
        self._loop_write_lock = WriterLock.beside(database)
        # Background writers (jobs in threads, the CLI) wait their turn in their thread.
        self._background_gate = threading.Lock()
        self._background_lock = WriterLock.beside(database)
        # This database's own session class: listeners on it (the job queue's "after
        # commit") see this database's sessions only, never another app's in the process.
        self.sessions: sessionmaker[Session] = sessionmaker(class_=Session,
                                                            expire_on_commit=False)

    def close_writer(self) -> None:
        """Finish queued writes and stop the writer thread (at shutdown)."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextlib.asynccontextmanager
    async def write_turn(self) -> AsyncIterator[None]:
        """Wait for this request's turn to write (SQLite: one writer at a time)."""
        if not self.is_sqlite:
            yield
            return
        async with self.write_gate, self.writer_lock.held():
            yield

    @contextlib.contextmanager
    def background_write_turn(self) -> Iterator[None]:
        """Wait, in this thread, for a turn to write among every writer of the database
        (SQLite): for jobs and commands, which run outside the request path."""
        if not self.is_sqlite:
            yield
            return
        with self._background_gate, self._background_lock.held_blocking():
            yield

    async def write(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a short write (begin, write, commit) in its turn among this database's
        writers, and return its result.

        With SQLite, when no writer holds the cross-process lock right now the write runs
        at once on the event loop (an embedded write takes about a millisecond, less than
        handing it to a thread and waking up again). Otherwise it queues on this process's
        writer thread, which takes the lock for each write: the lock passes from one write
        to the next without waiting for a busy event loop to get round to the next
        request, so it is held only while writing. `fn` must begin its transaction as a
        writer (`begin_write`, or a `session(write=True)`) and commit or roll back before it
        returns; if it could not begin without waiting, it is run again on the thread.
        """
        if not self.is_sqlite:
            return await run_in_threadpool(fn, *args, **kwargs)
        if self._loop_write_lock.try_acquire():
            token = _BEGIN_WITHOUT_WAITING.set(True)
            try:
                return fn(*args, **kwargs)
            except OperationalError as exc:
                if not is_lock_error(exc):
                    raise
                # Another kind of writer holds SQLite's lock: nothing was written (the
                # transaction could not begin); wait for it off the loop instead.
            finally:
                _BEGIN_WITHOUT_WAITING.reset(token)
                self._loop_write_lock.release()
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writer")

        def locked() -> T:
            with self._writer_thread_lock.held_blocking():
                return fn(*args, **kwargs)

        return await asyncio.wrap_future(self._writer.submit(locked))

    async def write_in_thread(self, fn: Callable[P, T], /, *args: P.args,
                              **kwargs: P.kwargs) -> T:
        """Run a long write (an import of thousands of rows) in a worker thread, in its
        turn among this database's writers: unlike `write`, never on the event loop. `fn`
        begins its transaction as a writer and commits or rolls back, as for `write`."""
        async with self.write_turn():
            return await run_in_threadpool(fn, *args, **kwargs)

    async def run(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a request's database work: SQLite on the event loop, others in the pool.

        An embedded SQLite query takes tens of microseconds, less than the hop to a worker
        thread and back; writers are already queued by `write_gate`, so this never waits
        on another request of this process. A network database may block on locks held by
        other requests, which must not stall the loop, so that work goes to a thread.
        """
        if self.is_sqlite:
            return fn(*args, **kwargs)
        return await run_in_threadpool(fn, *args, **kwargs)

    def session(self, *, write: bool = False) -> Session:
        """A session; with `write=True` its transaction (begun lazily, at the first
        statement) takes SQLite's write lock at once instead of failing to upgrade later."""
        bind = self.engine.execution_options(**{WRITE_OPTION: True}) if write else self.engine
        return self.sessions(bind=bind)
