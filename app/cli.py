"""The `onmessage` command line."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from app.settings import get_settings

cli = typer.Typer(help="OnMessage: message-adoption trainer.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
users_cli = typer.Typer(help="Manage users.", no_args_is_help=True)
cli.add_typer(users_cli, name="users")
playbook_cli = typer.Typer(help="Validate, import and export playbook files.",
                           no_args_is_help=True)
cli.add_typer(playbook_cli, name="playbook")


def _database():  # type: ignore[no-untyped-def]
    from app.db import Database

    return Database(get_settings())


@cli.command()
def migrate() -> None:
    """Apply database migrations up to the latest."""
    from app.migrations import upgrade

    settings = get_settings()
    if settings.resolved_database_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(url=settings.resolved_database_url)
    typer.echo("Database is up to date.")


@cli.command()
def demo() -> None:
    """Seed the demo organisation (idempotent; refused in production)."""
    from app.demo import DEMO_PASSWORD, seed_demo, sign_in_lines

    settings = get_settings()
    if settings.environment == "production":
        typer.echo("Refusing to seed demo accounts in production.", err=True)
        raise typer.Exit(2)
    db = _database()
    with db.session() as session:
        created = seed_demo(session=session, base_url=settings.base_url)
        session.commit()
    typer.echo(f"Demo organisation ready ({len(created)} things created).")
    typer.echo(f"Sign in with any of these, password '{DEMO_PASSWORD}':")
    for line in sign_in_lines():
        typer.echo(line)


_ANY_ADDRESS = ("0.0.0.0", "::", "")


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


@cli.command()
def serve(
    host: Annotated[str, typer.Option(envvar="HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    reload: Annotated[bool, typer.Option(help="Reload on code changes.")] = False,
) -> None:
    """Serve the web app and API."""
    import uvicorn

    from app.access_log import log_config

    settings = get_settings()  # fail fast on bad settings, before uvicorn starts
    if "base_url" not in settings.model_fields_set and host not in _ANY_ADDRESS:
        # Unset, the public address defaults to port 8000: invite links, the SSO and SCIM
        # addresses and credential URLs would point elsewhere when served on another port.
        os.environ["ONMESSAGE_BASE_URL"] = f"http://{_url_host(host)}:{port}"
        get_settings.cache_clear()  # the app (one worker: this process) reads it afresh
    elif "base_url" not in settings.model_fields_set:
        typer.echo(f"Serving on every address: set ONMESSAGE_BASE_URL to the address people "
                   f"use (links and SSO addresses say {settings.base_url} until then).")
    typer.echo(f"OnMessage on http://{host}:{port}  (OpenAPI at /api/v1/openapi.json)")
    # No `Server: uvicorn` banner; invite tokens never reach the access log.
    uvicorn.run("app.main:create_app", factory=True, host=host, port=port, workers=workers,
                reload=reload, proxy_headers=True, log_level="info", server_header=False,
                log_config=log_config())


@users_cli.command("import")
def users_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    create_teams: Annotated[bool, typer.Option(help="Create teams that do not exist.")] = False,
) -> None:
    """Import users from a CSV file (email,name,team,roles), all or nothing."""
    from app.users import CsvImportError, import_users_csv

    db = _database()
    with db.session() as session:
        try:
            result = import_users_csv(session=session, data=file.read_bytes(),
                                      create_missing_teams=create_teams,
                                      max_rows=get_settings().max_import_rows)
        except CsvImportError as exc:
            note = f"; {exc.note}" if exc.note else ""
            typer.echo(f"{file}: nothing was imported{note}.", err=True)
            for line, msg in exc.errors:
                typer.echo(f"  line {line}: {msg}", err=True)
            raise typer.Exit(1) from None
        session.commit()
    typer.echo(f"Imported {len(result.created)} users"
               + (f" and teams {', '.join(result.teams_created)}" if result.teams_created else ""))


@users_cli.command("create")
def users_create(
    email: Annotated[str, typer.Option(prompt=True)],
    name: Annotated[str, typer.Option(prompt=True)],
    role: Annotated[list[str], typer.Option(help="rep, manager, marketing or admin; repeat.")],
    team: Annotated[str | None, typer.Option(help="Team name (required for reps).")] = None,
    invite: Annotated[bool, typer.Option(help="Print an invite link.")] = True,
) -> None:
    """Create a user and print their invite link."""
    from app.auth import create_invite
    from app.clock import utcnow
    from app.users import create_user, get_team_by_name
    from drills.errors import DomainError

    settings = get_settings()
    db = _database()
    with db.session() as session:
        try:
            team_row = get_team_by_name(session=session, name=team) if team else None
            if team and team_row is None:
                raise typer.BadParameter(f"no team called '{team}'")
            user = create_user(session=session, email=email, name=name, roles=role,
                               team_id=team_row.id if team_row else None)
            token = create_invite(session=session, user=user, hours=settings.invite_hours,
                                  now=utcnow()) if invite else None
        except DomainError as exc:
            typer.echo(f"Error: {exc.detail}", err=True)
            raise typer.Exit(1) from None
        session.commit()
    typer.echo(f"Created {user.email}.")
    if token:
        typer.echo(f"Invite link: {settings.base_url.rstrip('/')}/invite/{token}")


def _read_playbook_file(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        typer.echo(f"{file}: cannot read it ({exc.strerror}).", err=True)
        raise typer.Exit(2) from None


def _report_invalid(exc: Exception) -> None:
    from drills.errors import InvalidPlaybook

    if isinstance(exc, InvalidPlaybook):
        typer.echo(f"{exc.filename}: {exc.note or f'{exc.total} problem(s)'}", err=True)
        for problem in exc.problems:
            where = f"{problem.path}: " if problem.path else ""
            typer.echo(f"  {exc.filename}: {where}{problem.message}", err=True)
    else:
        typer.echo(f"Error: {getattr(exc, 'detail', exc)}", err=True)


@playbook_cli.command("validate")
def playbook_validate(file: Annotated[Path, typer.Argument(dir_okay=False)]) -> None:
    """Check a playbook file against the format; list every problem."""
    from drills.errors import InvalidPlaybook
    from drills.playbook_format import parse_playbook

    try:
        pb = parse_playbook(_read_playbook_file(file), filename=str(file))
    except InvalidPlaybook as exc:
        _report_invalid(exc)
        raise typer.Exit(1) from None
    typer.echo(f"{file}: valid. Module {pb.module} v{pb.version}: {len(pb.messages)} messages, "
               f"{len(pb.objections)} objections, {len(pb.pitches)} pitches.")


@playbook_cli.command("import")
def playbook_import(
    file: Annotated[Path, typer.Argument(dir_okay=False)],
    draft: Annotated[bool, typer.Option(help="Keep it as a draft instead of publishing.")] = False,
) -> None:
    """Create a module, or a new version of one, from a playbook file."""
    from app.clock import utcnow
    from drills.errors import DomainError
    from drills.modules import import_playbook

    data = _read_playbook_file(file)
    db = _database()
    with db.session() as session:
        try:
            version = import_playbook(session=session, data=data, filename=str(file), by=None,
                                      now=utcnow(), as_draft=draft)
        except DomainError as exc:
            _report_invalid(exc)
            raise typer.Exit(1) from None
        session.commit()
        status = "saved as the draft of" if version.status == "draft" else "published as"
        typer.echo(f"{file}: {status} version {version.version}.")


@playbook_cli.command("export")
def playbook_export(
    module: Annotated[str, typer.Argument(help="The module's slug.")],
    version: Annotated[int | None, typer.Option(help="Default: the latest published.")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
) -> None:
    """Print (or write) a published version as a playbook file."""
    from drills.errors import DomainError, NotFound
    from drills.modules import get_module, get_version, latest_published, playbook_of
    from drills.playbook_format import dump_playbook

    db = _database()
    with db.session() as session:
        try:
            mod = get_module(session=session, slug=module)
            row = (get_version(session=session, module=mod, version=version)
                   if version is not None else latest_published(session=session, module=mod))
            if row is None:
                raise NotFound(f"Module '{module}' has no published version yet.")
        except DomainError as exc:
            _report_invalid(exc)
            raise typer.Exit(1) from None
        text = dump_playbook(playbook_of(row))
    if output:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {output}.")
    else:
        sys.stdout.write(text)


def _report(result: dict[str, object]) -> str:
    """The readable form of a score (what marketing reads when trying a playbook)."""
    from drills.scoring import stored_result

    r = stored_result(result)

    def at(x: float | None) -> str:
        return f" @{x:.1f}s" if x is not None else ""

    lines = [f"{r.module} v{r.version}" + (f" · pitch {r.pitch}" if r.pitch else
                                          " · all messages"),
             f"Score: {r.score}/100", f"  {r.formula}", "", "Messages:"]
    for m in r.messages:
        mark = "✓" if m.covered else "✗"
        why = "" if m.covered else f" ({m.missed_reason or 'not said'})"
        lines.append(f"  {mark} {m.id}{why}  confidence {m.confidence:.2f}")
        if m.evidence:
            lines.append(f"      \"{m.evidence}\"{at(m.start)}")
    for hits, label in ((r.forbidden, "Forbidden phrases said"),
                        (r.retired, "Retired phrases said")):
        if hits:
            lines += ["", f"{label}:"]
            lines += [f"  ! {h.phrase}: \"{h.said}\"{at(h.start)}" for h in hits]
    d = r.delivery
    target = d.duration_target
    band = f" (band {d.wpm_band[0]}-{d.wpm_band[1]})" if d.wpm_band else ""
    lines += ["", "Delivery:",
              f"  duration  {d.duration_s if d.duration_s is not None else '-'} s"
              + (f" (target {target[0]:g}-{target[1]:g} s)" if target else ""),
              f"  words     {d.words}",
              f"  pace      {d.wpm if d.wpm is not None else '-'} wpm{band}",
              f"  fillers   {d.fillers} ({d.fillers_per_100_words} per 100 words)",
              f"  longest pause {'-' if d.longest_pause_s is None else d.longest_pause_s} s",
              "", "Transcript:", f"  {r.transcript}"]
    return "\n".join(lines)


@cli.command()
def score(
    playbook: Annotated[Path, typer.Argument(dir_okay=False, help="The playbook YAML file.")],
    input_file: Annotated[Path, typer.Argument(
        metavar="INPUT", dir_okay=False,
        help="A transcript (.txt) or a recording (any audio format the service accepts).")],
    pitch: Annotated[str | None, typer.Option(
        "--pitch", help="Score against this pitch; default: every message of the module.")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Score one attempt against a playbook: a transcript or a recording."""
    import json

    from app.transcription import AudioError, transcribe
    from drills.errors import DomainError, InvalidPlaybook
    from drills.playbook_format import parse_playbook, playbook_to_dict
    from drills.scoring import score_transcript, spec_from_playbook
    from drills.transcript import Transcript

    try:
        pb = parse_playbook(_read_playbook_file(playbook), filename=str(playbook))
    except InvalidPlaybook as exc:
        _report_invalid(exc)
        raise typer.Exit(1) from None
    content = playbook_to_dict(pb)
    if pitch is not None and pb.pitch(pitch) is None:
        known = ", ".join(p.id for p in pb.pitches) or "none"
        typer.echo(f"{playbook}: no pitch '{pitch}' in module {pb.module} "
                   f"(its pitches: {known}).", err=True)
        raise typer.Exit(1)
    try:
        spec = spec_from_playbook(pb, pitch)
    except DomainError as exc:
        _report_invalid(exc)
        raise typer.Exit(1) from None
    if input_file.suffix.lower() == ".txt":
        try:
            text = input_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            typer.echo(f"{input_file}: cannot read it as UTF-8 text ({exc}).", err=True)
            raise typer.Exit(2) from None
        transcript = Transcript.from_text(text)
    else:
        from app.pitch_pipeline import vocabulary

        try:
            transcript = transcribe(input_file, vocabulary=vocabulary(content, pitch),
                                    model=get_settings().whisper_model)
        except AudioError as exc:
            typer.echo(f"{input_file}: cannot use it as a recording: "
                       f"{str(exc).split(': ', 1)[-1]}.", err=True)
            raise typer.Exit(2) from None
    result = score_transcript(spec, transcript).to_json_dict()
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    else:
        typer.echo(_report(result))


@cli.command()
def worker(
    burst: Annotated[bool, typer.Option(help="Exit when the queue is empty.")] = False,
) -> None:
    """Run transcription jobs from the Redis queue (needs ONMESSAGE_REDIS_URL)."""
    import logging

    from app.jobs import run_worker

    settings = get_settings()
    if not settings.redis_url:
        typer.echo("Set ONMESSAGE_REDIS_URL to run a worker; without it, jobs run inside "
                   "`onmessage serve`.", err=True)
        raise typer.Exit(2)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    from app.transcription import load_model

    load_model(settings.whisper_model)  # once per worker process, before the first job
    typer.echo(f"Worker serving {settings.redis_url} (model loaded).")
    run_worker(settings, burst=burst)


certification_cli = typer.Typer(help="Certification upkeep.", no_args_is_help=True)
cli.add_typer(certification_cli, name="certification")


@certification_cli.command("sweep")
def certification_sweep(
    dry_run: Annotated[bool, typer.Option(
        help="Show what would lapse and be sent; change nothing.")] = False,
) -> None:
    """Lapse certifications whose time ran out and send due reminders (for cron).

    The in-process worker of `onmessage serve` runs this every 15 minutes by itself; with
    Redis workers, run it from cron (e.g. every 15 minutes). Running it twice, or on two
    machines at once, sends nothing twice.
    """
    from app.clock import utcnow
    from certification import sweep

    db = _database()
    with db.session(write=True) as session:
        if dry_run:
            result = sweep.sweep(session=session, now=utcnow())
            session.rollback()
        else:
            result = sweep.run(session=session, now=utcnow(), base_url=get_settings().base_url)
            session.commit()
    if dry_run:
        typer.echo(f"Would lapse {len(result.lapsed)} certification(s) and consider "
                   f"{len(result.notices)} notice(s) (those sent before are skipped).")
        for notice in result.notices:
            typer.echo(f"  user {notice.user_id}: {notice.title}  [{notice.dedupe_key}]")
        return
    typer.echo(f"Lapsed {len(result.lapsed)} certification(s); sent {result.sent} new "
               f"notice(s).")


export_cli = typer.Typer(help="Export records.", no_args_is_help=True)
cli.add_typer(export_cli, name="export")


def _parse_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date (use YYYY-MM-DD or an ISO "
                                 "date-time)") from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


@export_cli.command("xapi")
def export_xapi(
    since: Annotated[str | None, typer.Option(
        help="Only statements at or after this date (YYYY-MM-DD, UTC) or ISO date-time.")]
    = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")]
    = None,
) -> None:
    """Write every learning record as xAPI statements, one JSON object per line."""
    import json

    from app import xapi
    from app.clock import utcnow

    start = _parse_since(since)
    db = _database()
    with db.session(write=True) as session:
        # Record events the periodic job has not reached yet, so the export is complete.
        xapi.collect(session=session, base_url=db.settings.base_url, now=utcnow())
        session.commit()
    n = 0
    with db.session() as session:
        out = output.open("w", encoding="utf-8") if output else sys.stdout
        try:
            for statement in xapi.export(session=session, since=start):
                out.write(json.dumps(statement, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
        finally:
            if output:
                out.close()
    if output:
        typer.echo(f"Wrote {n} statement(s) to {output}.")


xapi_cli = typer.Typer(help="Learning records (xAPI) and the LRS.", no_args_is_help=True)
cli.add_typer(xapi_cli, name="xapi")


@xapi_cli.command("send")
def xapi_send() -> None:
    """Record new learning events and send what is due to the LRS (for cron with Redis
    workers; `onmessage serve` does this every minute by itself)."""
    from app import xapi
    from app.clock import utcnow

    db = _database()
    added, result = xapi.flush(db=db, now=utcnow)
    typer.echo(f"Recorded {added} new statement(s).")
    if not db.settings.lrs_url:
        typer.echo("No LRS configured (ONMESSAGE_LRS_URL): statements are kept for "
                   "`onmessage export xapi`.")
        return
    typer.echo(f"Sent {result.sent}, failed {result.failed}, waiting {result.waiting}.")
    for error in sorted(set(result.errors)):
        typer.echo(f"  {error}", err=True)


digest_cli = typer.Typer(help="The weekly digest for marketing and managers.",
                         no_args_is_help=True)
cli.add_typer(digest_cli, name="digest")


@digest_cli.command("send")
def digest_send(
    dry_run: Annotated[bool, typer.Option(
        help="Print this week's digests; record and send nothing.")] = False,
) -> None:
    """Send this week's digest (in-app, and by email when SMTP is set); once per week."""
    from app import digest
    from app.clock import utcnow

    db = _database()
    now = utcnow()
    if dry_run:
        with db.session() as session:
            digests = digest.build_all(session=session, now=now, base_url=db.settings.base_url)
        for d in digests:
            typer.echo(f"== {d.email}: {d.title}  [{d.dedupe_key}]")
            typer.echo(d.body)
            typer.echo("")
        typer.echo(f"Would consider {len(digests)} digest(s) (those sent this week are "
                   "skipped).")
        return
    result = digest.send_weekly(db=db, now=now)
    typer.echo(f"Sent {result.created} new digest(s) in-app, {result.emailed} by email.")
    for error in result.email_errors:
        typer.echo(f"  {error}", err=True)


scim_cli = typer.Typer(help="SCIM provisioning (Okta, Entra ID).", no_args_is_help=True)
scim_token_cli = typer.Typer(help="SCIM bearer tokens.", no_args_is_help=True)
scim_cli.add_typer(scim_token_cli, name="token")
cli.add_typer(scim_cli, name="scim")


@scim_token_cli.command("create")
def scim_token_create(
    name: Annotated[str, typer.Option(help="Who uses it, e.g. 'Okta production'.")],
) -> None:
    """Create a SCIM token; it is printed once and only its hash is kept."""
    from app.clock import utcnow
    from app.identity import scim_tokens
    from drills.errors import DomainError

    db = _database()
    with db.background_write_turn(), db.session(write=True) as session:
        try:
            raw, row = scim_tokens.create(session=session, name=name, now=utcnow(), by="cli")
        except DomainError as exc:
            typer.echo(exc.detail, err=True)
            raise typer.Exit(2) from None
        session.commit()
    base = db.settings.base_url.rstrip("/")
    typer.echo(f"SCIM token '{row.name}' (id {row.id}); copy it now, it is not shown again:")
    typer.echo(raw)
    typer.echo(f"SCIM base URL: {base}/scim/v2")


@scim_token_cli.command("list")
def scim_token_list() -> None:
    """List SCIM tokens (names and dates, never the tokens)."""
    from app.identity import scim_tokens

    db = _database()
    with db.session() as session:
        for row in scim_tokens.list_all(session=session):
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
            typer.echo(f"{row.id}\t{row.name}\tcreated {row.created_at:%Y-%m-%d}\t{state}")


@scim_token_cli.command("revoke")
def scim_token_revoke(token_id: Annotated[int, typer.Argument(help="The token's id.")]) -> None:
    """Revoke a SCIM token: the directory's next request with it is refused."""
    from app.clock import utcnow
    from app.identity import scim_tokens
    from drills.errors import DomainError

    db = _database()
    with db.background_write_turn(), db.session(write=True) as session:
        try:
            row = scim_tokens.revoke(session=session, token_id=token_id, now=utcnow(),
                                     by="cli")
        except DomainError as exc:
            typer.echo(exc.detail, err=True)
            raise typer.Exit(2) from None
        session.commit()
    typer.echo(f"Revoked SCIM token '{row.name}'.")


def main() -> None:
    from pydantic import ValidationError

    try:
        cli()
    except KeyboardInterrupt:
        sys.exit(130)
    except ValidationError as exc:
        # Bad settings: say which variable and why, without a traceback.
        for err in exc.errors():
            field = ".".join(str(x) for x in err.get("loc", ())) or "settings"
            name = f"ONMESSAGE_{field.upper()}" if field != "settings" else "settings"
            typer.echo(f"Configuration error ({name}): {err.get('msg')}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
