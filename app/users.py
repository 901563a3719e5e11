"""Users, roles and teams: the service functions the routes, CLI and demo call."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Integer, String, bindparam, func, insert, literal, union_all
from sqlmodel import Session, col, delete, select

from accounts.policy import Policy
from app.auth import ROLES_AND_TEAMS_KEY, revoke_all_credentials
from app.clock import utcnow
from app.inbox.service import notify_joined_team, notify_new_members
from app.models import Role, Team, TeamManager, User, UserRole
from app.passwords import hash_password
from app.settings import DEFAULT_BASE_URL
from certification import events as certification_events
from drills.errors import (
    DETAIL_PROBLEMS,
    MAX_PROBLEMS,
    Conflict,
    InvalidInput,
    NotFound,
    capped_note,
)
from drills.visible_text import BLANK_LETTERS, INVISIBLE, shows_something

MAX_NAME = 120
MAX_EMAIL = 254
MAX_TEAM_NAME = 120


@dataclass(frozen=True)
class Account:
    """A user with their roles and teams, loaded once per request.

    Who is asking (id, name, email, team) is also kept as plain values, read when the
    account is loaded: pages and error pages read those, never the ORM row, which a
    rolled-back or closed session leaves expired and unreadable.
    """

    user: User
    roles: frozenset[Role]
    managed_team_ids: frozenset[int]
    id: int = field(init=False)
    name: str = field(init=False)
    email: str = field(init=False)
    team_id: int | None = field(init=False)
    # Who may do what (read, review, author): built here, once per request.
    policy: Policy = field(init=False)

    def __post_init__(self) -> None:
        assert self.user.id is not None
        for name, value in (("id", self.user.id), ("name", self.user.name),
                            ("email", self.user.email), ("team_id", self.user.team_id)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "policy", Policy(
            user_id=self.user.id, managed_team_ids=self.managed_team_ids,
            is_admin=Role.ADMIN in self.roles, team_id=self.user.team_id,
            is_author=bool(self.roles & {Role.MARKETING, Role.ADMIN})))

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


def normalise_email(raw: str) -> str:
    """Validate an address's syntax (no DNS) and return it lower-cased."""
    raw = (raw or "").strip()
    if not raw:
        raise InvalidInput("An email address is required.")
    if len(raw) > MAX_EMAIL:
        raise InvalidInput(f"An email address can be at most {MAX_EMAIL} characters.")
    try:
        info = validate_email(raw, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(f"'{raw}' is not a valid email address: {exc}") from None
    return info.normalized.lower()


# Bidirectional embedding, override and isolate controls: nobody types them in a name, and
# an unclosed override reverses the text after the name wherever it is shown inline (a
# team called "\u202eEast" turns the rest of its table row around).
_BIDI_CONTROLS = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
# Invisible characters are dropped (inside a name they make a second "Enterprise West"
# that looks like the first) and blank letters read as spaces.
_NAME_TABLE: dict[int, str | None] = {**dict.fromkeys([*_BIDI_CONTROLS, *INVISIBLE]),
                                       **dict.fromkeys(BLANK_LETTERS, " ")}


def clean_name(raw: str, *, what: str = "name", limit: int = MAX_NAME) -> str:
    """A person's or team's name on one line: spaces collapsed, bidi controls and invisible
    characters dropped, in composed form (NFC: "E" and a combining acute is "É", so the
    same name typed on two keyboards is one name)."""
    name = " ".join(unicodedata.normalize("NFC", raw or "").translate(_NAME_TABLE).split())
    if not shows_something(name):
        raise InvalidInput(f"A {what} is required.")
    if len(name) > limit:
        raise InvalidInput(f"A {what} can be at most {limit} characters (got {len(name)}).")
    return name


def parse_roles(raw: Iterable[str]) -> frozenset[Role]:
    roles: set[Role] = set()
    for item in raw:
        item = item.strip().lower()
        if not item:
            continue
        try:
            roles.add(Role(item))
        except ValueError:
            allowed = ", ".join(r.value for r in Role)
            raise InvalidInput(f"Unknown role '{item}'; use one of {allowed}.") from None
    if not roles:
        raise InvalidInput("Give the user at least one role.")
    return frozenset(roles)


# --- teams -------------------------------------------------------------------------


def get_team(*, session: Session, team_id: int) -> Team:
    """Return a team or raise NotFound."""
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound(f"Team {team_id} does not exist.")
    return team


def get_team_by_name(*, session: Session, name: str) -> Team | None:
    """Return the team with this name, ignoring case. The database folds both sides: SQLite's
    lower() folds only ASCII, so folding one side in Python missed a name with "À" in it,
    and the insert that followed broke the unique index (a 500 the API fuzzer found)."""
    return session.exec(select(Team).where(
        func.lower(Team.name) == func.lower(name.strip()))).first()


def list_teams(*, session: Session) -> Sequence[Team]:
    """All teams by name."""
    return session.exec(select(Team).order_by(Team.name)).all()


def create_team(*, session: Session, name: str) -> Team:
    """Create a team with a unique name."""
    name = clean_name(name, what="team name", limit=MAX_TEAM_NAME)
    if get_team_by_name(session=session, name=name):
        raise Conflict(f"A team called '{name}' already exists: choose another name.")
    team = Team(name=name)
    session.add(team)
    session.flush()
    return team


def rename_team(*, session: Session, team_id: int, name: str) -> Team:
    """Rename a team."""
    team = get_team(session=session, team_id=team_id)
    name = clean_name(name, what="team name", limit=MAX_TEAM_NAME)
    other = get_team_by_name(session=session, name=name)
    if other and other.id != team.id:
        raise Conflict(f"A team called '{name}' already exists: choose another name.")
    team.name = name
    session.add(team)
    session.flush()
    return team


def set_team_managers(*, session: Session, team_id: int, manager_ids: Iterable[int]) -> None:
    """Replace the managers of a team; each must hold the manager role."""
    get_team(session=session, team_id=team_id)
    ids = set(manager_ids)
    for uid in ids:
        if Role.MANAGER not in roles_of(session=session, user_id=uid):
            raise InvalidInput(f"User {uid} is not a manager; give them the manager role first.")
    session.exec(delete(TeamManager).where(col(TeamManager.team_id) == team_id))
    for uid in sorted(ids):
        session.add(TeamManager(team_id=team_id, user_id=uid))
    session.flush()


def managers_of(*, session: Session, team_id: int) -> Sequence[User]:
    """The managers of a team."""
    return session.exec(
        select(User)
        .join(TeamManager, col(TeamManager.user_id) == User.id)
        .where(TeamManager.team_id == team_id)
        .order_by(User.name)
    ).all()


def members_of(*, session: Session, team_id: int, active_only: bool = True) -> Sequence[User]:
    """The users whose team this is."""
    stmt = select(User).where(User.team_id == team_id)
    if active_only:
        stmt = stmt.where(col(User.is_active).is_(True))
    return session.exec(stmt.order_by(User.name)).all()


# --- users -------------------------------------------------------------------------


def roles_of(*, session: Session, user_id: int) -> frozenset[Role]:
    rows = session.exec(select(UserRole.role).where(UserRole.user_id == user_id)).all()
    return frozenset(Role(r) for r in rows)


# Read on every signed-in request: built once (see app/auth.py). One round trip: the
# roles (as text) and the managed team ids (as integers).
_ROLES_AND_TEAMS = union_all(
    select(UserRole.role, literal(None, Integer).label("team_id"))
    .where(UserRole.user_id == bindparam("user_id")),
    select(literal(None, String).label("role"), TeamManager.team_id)
    .where(TeamManager.user_id == bindparam("user_id")),
)


def load_account(*, session: Session, user: User) -> Account:
    """Bundle a user with the roles and teams that decide what they may see."""
    assert user.id is not None
    kept = session.info.pop(ROLES_AND_TEAMS_KEY, None)
    if kept is not None and kept[0] == user.id:  # read with the sign-in lookup
        _, roles, teams = kept
        return Account(user=user, roles=frozenset(Role(r) for r in (roles or "").split(",") if r),
                       managed_team_ids=frozenset(int(t) for t in (teams or "").split(",") if t))
    rows = session.execute(_ROLES_AND_TEAMS, {"user_id": user.id}).all()
    return Account(user=user, roles=frozenset(Role(r) for r, _ in rows if r is not None),
                   managed_team_ids=frozenset(t for r, t in rows if r is None))


# Ids per IN (...) list: far under SQLite's and PostgreSQL's limits on bound parameters.
_ID_BATCH = 500


def load_accounts(*, session: Session, users: Sequence[User]) -> list[Account]:
    """Several users' accounts, their roles and managed teams read for all of them at once
    (two queries per 500 people), not one query a person as `load_account` in a loop: a
    list of 10,000 people took seconds."""
    roles: dict[int, set[Role]] = {}
    teams: dict[int, set[int]] = {}
    ids = [u.id for u in users if u.id is not None]
    for start in range(0, len(ids), _ID_BATCH):
        batch = ids[start:start + _ID_BATCH]
        for user_id, role in session.exec(select(UserRole.user_id, UserRole.role)
                                          .where(col(UserRole.user_id).in_(batch))):
            roles.setdefault(user_id, set()).add(Role(role))
        for user_id, team_id in session.exec(select(TeamManager.user_id, TeamManager.team_id)
                                             .where(col(TeamManager.user_id).in_(batch))):
            teams.setdefault(user_id, set()).add(team_id)
    return [Account(user=u, roles=frozenset(roles.get(u.id or 0, ())),
                    managed_team_ids=frozenset(teams.get(u.id or 0, ()))) for u in users]


def teams_by_id(*, session: Session, team_ids: Iterable[int]) -> dict[int, Team]:
    """The teams of `team_ids` (those that exist), read _ID_BATCH at a time."""
    ids = sorted(set(team_ids))
    return {team.id or 0: team for start in range(0, len(ids), _ID_BATCH)
            for team in session.exec(select(Team).where(
                col(Team.id).in_(ids[start:start + _ID_BATCH])))}


def active_managers(*, session: Session) -> Sequence[User]:
    """Active users with the manager role, by name: who may be given a team to manage."""
    return session.exec(
        select(User).join(UserRole, col(UserRole.user_id) == User.id)
        .where(UserRole.role == Role.MANAGER.value, col(User.is_active).is_(True))
        .order_by(User.name)).all()


def get_user(*, session: Session, user_id: int) -> User:
    """Return a user or raise NotFound."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"User {user_id} does not exist.")
    return user


def get_user_by_email(*, session: Session, email: str) -> User | None:
    """Look a user up by address, ignoring case."""
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


def list_users(*, session: Session, team_id: int | None = None) -> Sequence[User]:
    """All users, or a team's, by name."""
    stmt = select(User)
    if team_id is not None:
        stmt = stmt.where(User.team_id == team_id)
    return session.exec(stmt.order_by(User.name)).all()


def _check_team_rules(
    *, session: Session, roles: frozenset[Role], team_id: int | None
) -> None:
    if team_id is not None:
        get_team(session=session, team_id=team_id)
    if Role.REP in roles and team_id is None:
        raise InvalidInput("A rep must belong to a team; choose one.")


def create_user(
    *,
    session: Session,
    email: str,
    name: str,
    roles: Iterable[Role | str],
    team_id: int | None = None,
    password: str | None = None,
    managed_team_ids: Iterable[int] = (),
    base_url: str = DEFAULT_BASE_URL,
) -> User:
    """Create a user; without a password they sign in through an invite. A rep gets the
    certifications of their team's launches at once (`base_url`: credentials' address)."""
    email = normalise_email(email)
    name = clean_name(name)
    role_set = parse_roles(str(r) for r in roles)
    _check_team_rules(session=session, roles=role_set, team_id=team_id)
    if get_user_by_email(session=session, email=email):
        raise Conflict(f"A user with the email {email} already exists (perhaps "
                       "deactivated): open that user instead, or use another email.")
    user = User(
        email=email,
        name=name,
        team_id=team_id,
        password_hash=hash_password(password) if password else None,
    )
    session.add(user)
    session.flush()
    assert user.id is not None
    _write_roles(session=session, user_id=user.id, roles=role_set)
    for tid in set(managed_team_ids):
        if Role.MANAGER not in role_set:
            raise InvalidInput("Only a manager can manage teams.")
        get_team(session=session, team_id=tid)
        session.add(TeamManager(team_id=tid, user_id=user.id))
    session.flush()
    if Role.REP in role_set:
        notify_joined_team(session=session, user=user, now=utcnow())
        certification_events.on_rep_joined(session=session, user_id=user.id, now=utcnow(),
                                           base_url=base_url)
    return user


def _write_roles(*, session: Session, user_id: int, roles: frozenset[Role]) -> None:
    session.exec(delete(UserRole).where(col(UserRole.user_id) == user_id))
    for role in sorted(roles):
        session.add(UserRole(user_id=user_id, role=role.value))


def update_user(
    *,
    session: Session,
    user_id: int,
    name: str,
    email: str,
    roles: Iterable[Role | str],
    team_id: int | None,
    managed_team_ids: Iterable[int] = (),
    base_url: str = DEFAULT_BASE_URL,
) -> User:
    """Change a user's details, roles, team and managed teams."""
    user = get_user(session=session, user_id=user_id)
    email = normalise_email(email)
    other = get_user_by_email(session=session, email=email)
    if other and other.id != user.id:
        raise Conflict(f"A user with the email {email} already exists (perhaps "
                       "deactivated): open that user instead, or use another email.")
    role_set = parse_roles(str(r) for r in roles)
    _check_team_rules(session=session, roles=role_set, team_id=team_id)
    managed = set(managed_team_ids)
    if managed and Role.MANAGER not in role_set:
        raise InvalidInput("Only a manager can manage teams.")
    for tid in managed:
        get_team(session=session, team_id=tid)
    previous_team = user.team_id
    was_rep = Role.REP in roles_of(session=session, user_id=user_id)
    joined = team_id is not None and team_id != previous_team
    user.name = clean_name(name)
    user.email = email
    user.team_id = team_id
    session.add(user)
    _write_roles(session=session, user_id=user_id, roles=role_set)
    session.exec(delete(TeamManager).where(col(TeamManager.user_id) == user_id))
    for tid in sorted(managed):
        session.add(TeamManager(team_id=tid, user_id=user_id))
    session.flush()
    if team_id != previous_team:
        # Authority follows the current team: certifications and waiting sign-offs move,
        # and the new team's launches are assigned.
        certification_events.on_rep_moved(session=session, user_id=user_id, team_id=team_id,
                                          now=utcnow(), base_url=base_url)
    elif Role.REP in role_set and not was_rep:
        certification_events.on_rep_joined(session=session, user_id=user_id, now=utcnow(),
                                           base_url=base_url)
    if joined and Role.REP in role_set:
        notify_joined_team(session=session, user=user, now=utcnow())
    return user


def set_active(*, session: Session, user_id: int, active: bool) -> User:
    """Deactivate (signs them out everywhere) or reactivate a user."""
    user = get_user(session=session, user_id=user_id)
    user.is_active = active
    session.add(user)
    if not active:
        revoke_all_credentials(session=session, user_id=user_id)
    session.flush()
    return user


# --- CSV import ---------------------------------------------------------------------
#
# In two steps, so that the costly one never holds the database: `parse_users_csv` reads
# and checks the rows with no database (a web request runs it in a worker thread, before
# it waits for its turn to write); `store_users` then checks the rows against the
# database and creates them in a few batched statements, all or nothing.

CSV_COLUMNS = ("email", "name", "team", "roles")
# Rows one import may hold (the `max_import_rows` setting); a bigger file is refused
# before any row is checked. An organisation imports its people in batches well under it.
MAX_IMPORT_ROWS = 10_000
# SQLite allows 32,766 bound values per statement (999 before 3.32): look-ups go in chunks.
_CHUNK = 500


@dataclass(frozen=True)
class CsvRow:
    line: int
    email: str
    name: str
    team: str
    roles: frozenset[Role]


@dataclass(frozen=True)
class ParsedCsv:
    """The rows of a CSV file that passed the checks needing no database, and the
    problems (line, message) of the others."""

    rows: list[CsvRow]
    errors: list[tuple[int, str]]


@dataclass(frozen=True)
class CsvImportResult:
    created: list[int]  # the new users' ids
    teams_created: list[str]


class CsvImportError(InvalidInput):
    """Bad rows of a CSV file, by line number (the first MAX_PROBLEMS, with the `total`);
    nothing was imported."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors[:MAX_PROBLEMS]
        self.total = len(errors)
        text = "; ".join(f"line {line}: {msg}" for line, msg in errors[:DETAIL_PROBLEMS])
        rest = self.total - min(self.total, DETAIL_PROBLEMS)
        more = f" (and {rest:,} more)" if rest > 0 else ""
        super().__init__(f"Nothing was imported. {text}{more}")

    @property
    def note(self) -> str | None:
        return capped_note(len(self.errors), self.total)


def import_users_csv(
    *, session: Session, data: bytes, create_missing_teams: bool = False,
    max_rows: int = MAX_IMPORT_ROWS,
) -> CsvImportResult:
    """Import `email,name,team,roles` rows all-or-nothing; roles separated by ';' or '|'."""
    parsed = parse_users_csv(data, max_rows=max_rows)
    return store_users(session=session, parsed=parsed, create_missing_teams=create_missing_teams)


def parse_users_csv(data: bytes, *, max_rows: int = MAX_IMPORT_ROWS) -> ParsedCsv:
    """Read and check a CSV file's rows, without the database. Raises CsvImportError for a
    file that cannot be read as a whole (encoding, header, over `max_rows` rows)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvImportError([(line, f"the file is not UTF-8 text (byte {exc.start}); "
                                     "save it as CSV UTF-8 and try again")]) from None
    over = _row_past_limit(text, max_rows)
    if over is not None:
        raise CsvImportError([over])
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise CsvImportError([(1, "the file is empty; the first line must be "
                                  "email,name,team,roles")]) from None
    except csv.Error as exc:
        raise CsvImportError([(1, f"unreadable CSV: {exc}")]) from None
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise CsvImportError([(1, f"missing column(s): {', '.join(missing)}; the first line "
                                  "must be email,name,team,roles")])
    return _parse_rows(reader, header)


def _row_past_limit(text: str, max_rows: int) -> tuple[int, str] | None:
    """The first line past the bounds, and why, or None: a quick count before any row is
    checked. Blank lines are skipped when reading, but they are bounded here too (up to as
    many again as the rows), so that a file of little else is not read line by line."""
    reader = csv.reader(io.StringIO(text))
    rows = 0
    try:
        for values in reader:
            if reader.line_num > 1 and any(v.strip() for v in values):
                rows += 1
                if rows > max_rows:
                    return reader.line_num, (
                        f"the file has more than {max_rows:,} users; the limit is "
                        f"{max_rows:,} per import: split it into smaller files")
            if reader.line_num > 2 * max_rows + 1:
                return reader.line_num, (
                    f"the file has more than {2 * max_rows:,} lines; a file of at most "
                    f"{max_rows:,} users has no more: remove the blank lines, or split it "
                    "into smaller files")
    except csv.Error:
        pass  # reported, with its line, when the rows are read
    return None


def _parse_rows(reader: Any, header: list[str]) -> ParsedCsv:
    index = {c: header.index(c) for c in CSV_COLUMNS}
    errors: list[tuple[int, str]] = []
    rows: list[CsvRow] = []
    seen: dict[str, int] = {}
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) < len(header):
                errors.append((line, f"expected {len(header)} columns, found {len(values)}"))
                continue
            try:
                row = _parse_csv_row(line, values, index)
            except InvalidInput as exc:
                errors.append((line, exc.detail))
                continue
            if row.email in seen:
                errors.append((line, f"{row.email} appears twice (also line {seen[row.email]})"))
                continue
            seen[row.email] = line
            rows.append(row)
    except csv.Error as exc:
        errors.append((reader.line_num, f"unreadable CSV: {exc}"))
    return ParsedCsv(rows=rows, errors=errors)


def _parse_csv_row(line: int, values: list[str], index: dict[str, int]) -> CsvRow:
    email = normalise_email(values[index["email"]])
    name = clean_name(values[index["name"]])
    team = " ".join(values[index["team"]].split())
    raw_roles = values[index["roles"]].replace("|", ";").replace(",", ";").split(";")
    roles = parse_roles(raw_roles)
    if Role.REP in roles and not team:
        raise InvalidInput("a rep needs a team")
    if len(team) > MAX_TEAM_NAME:
        raise InvalidInput(f"team name longer than {MAX_TEAM_NAME} characters")
    return CsvRow(line=line, email=email, name=name, team=team, roles=roles)


def store_users(*, session: Session, parsed: ParsedCsv, create_missing_teams: bool = False,
                base_url: str = DEFAULT_BASE_URL) -> CsvImportResult:
    """Check parsed rows against the database and create them, all or nothing; raises
    CsvImportError listing every bad row of the file."""
    teams = {t.name.lower(): t for t in list_teams(session=session)}
    taken = _existing_emails(session, [r.email for r in parsed.rows])
    errors = list(parsed.errors)
    rows: list[CsvRow] = []
    new_teams: set[str] = set()
    for row in parsed.rows:
        if row.email in taken:
            errors.append((row.line, f"a user with the email {row.email} already exists"))
        elif row.team and row.team.lower() not in teams and not create_missing_teams:
            errors.append((row.line, f"unknown team '{row.team}'; create it first"))
        else:
            rows.append(row)
            if row.team and row.team.lower() not in teams:
                new_teams.add(row.team)
    if errors:
        raise CsvImportError(sorted(errors, key=lambda e: e[0]))
    if not rows:
        raise CsvImportError([(2, "the file has a header but no users")])
    created_teams = _create_teams(session, new_teams)
    teams.update((t.name.lower(), t) for t in created_teams)
    created = _create_users(session, rows, teams, base_url)
    return CsvImportResult(created=created, teams_created=sorted(t.name for t in created_teams))


def _existing_emails(session: Session, emails: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(emails), _CHUNK):
        chunk = emails[i : i + _CHUNK]
        found.update(session.exec(select(User.email).where(col(User.email).in_(chunk))).all())
    return found


def _create_teams(session: Session, names: set[str]) -> list[Team]:
    # Two spellings of one new team ("west", "West") make one team, named as first sorted.
    by_key: dict[str, str] = {}
    for name in sorted(names):
        by_key.setdefault(name.lower(), name)
    return [create_team(session=session, name=name) for name in by_key.values()]


def _create_users(session: Session, rows: list[CsvRow], teams: dict[str, Team],
                  base_url: str) -> list[int]:
    """What `create_user` does for each row (the rows are already checked), as bulk
    INSERTs: thousands of users cost a fraction of a second, not statements and objects
    for each."""
    now = utcnow()
    team_ids = [teams[r.team.lower()].id if r.team else None for r in rows]
    users = [{"email": r.email, "name": r.name, "team_id": team_id, "is_active": True,
              "created_at": now} for r, team_id in zip(rows, team_ids, strict=True)]
    ids = cast(list[int], session.scalars(
        insert(User).returning(col(User.id), sort_by_parameter_order=True), users).all())
    session.execute(insert(UserRole), [{"user_id": uid, "role": role.value}
                                       for uid, r in zip(ids, rows, strict=True)
                                       for role in sorted(r.roles)])
    reps = [(uid, team_id) for uid, team_id, r in zip(ids, team_ids, rows, strict=True)
            if Role.REP in r.roles]
    notify_new_members(session=session, members=reps, now=now)
    # New reps have practised nothing: their certifications can only be assigned.
    certification_events.on_reps_created(
        session=session, reps=[(uid, tid) for uid, tid in reps if tid is not None], now=now,
        base_url=base_url)
    return ids
