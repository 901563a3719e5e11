"""Small SQL helpers the reports need that SQLite and PostgreSQL spell differently."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class utc_day(FunctionElement[str]):  # lowercase, as SQL functions read
    """The UTC calendar day ('YYYY-MM-DD') of a timestamp column, computed by the database
    so a 40,000-row export does not build and convert 120,000 datetime objects."""

    type = String()
    name = "utc_day"
    inherit_cache = True


@compiles(utc_day)
def _utc_day_other(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    raise CompileError(f"utc_day() is written for SQLite and PostgreSQL, not "
                       f"{compiler.dialect.name}")


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps these columns as UTC ISO text ('2026-03-02 09:00:00.000000').
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 10)"


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    # timestamptz: take the day in UTC whatever the session's time zone.
    return f"to_char(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC', " \
           "'YYYY-MM-DD')"


class whole_days_between(FunctionElement[int]):  # lowercase, as SQL functions read
    """Whole days from a timestamp column to a later instant, rounded down, as Python's
    `timedelta.days` counts them (the forgetting curve counts whole days elapsed):
    `whole_days_between(earlier, later)`."""

    type = Integer()
    name = "whole_days_between"
    inherit_cache = True


@compiles(whole_days_between)
def _whole_days_other(element: whole_days_between, compiler: SQLCompiler, **kw: Any) -> str:
    raise CompileError(f"whole_days_between() is written for SQLite and PostgreSQL, not "
                       f"{compiler.dialect.name}")


@compiles(whole_days_between, "sqlite")
def _whole_days_sqlite(element: whole_days_between, compiler: SQLCompiler, **kw: Any) -> str:
    earlier, later = (compiler.process(c, **kw) for c in element.clauses)
    # UTC ISO text on both sides; julianday() reads it to well under a second. CAST
    # truncates, which is floor for the days that count (a review in the future, from a
    # skewed clock, gives 0 rather than -1: both within any horizon). floor() needs
    # SQLite's optional math functions.
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


@compiles(whole_days_between, "postgresql")
def _whole_days_postgresql(element: whole_days_between, compiler: SQLCompiler,
                           **kw: Any) -> str:
    earlier, later = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(floor(extract(epoch FROM ({later}) - ({earlier})) / 86400) AS INTEGER)"
