"""THE ACCESS TABLE: who may call every route, and what they get.

`tests/app/test_access_matrix.py` calls every row once per role and fails when the app
has a route (method + path) that is not listed here, or a row for a route that is gone.

HOW TO ADD A ROUTE
------------------
Append one `route(...)` call to ROUTES (keep the area's block together):

    route("GET", "/modules/{module_id}",            # exactly the route's path template
          anon=LOGIN, rep=200, manager=200, marketing=200, admin=200,
          rep_other=404, manager_other=200,         # required when the path has an {id}
          setup=make_module)                         # adds "module_id" to the world

Expected values are HTTP statuses, or LOGIN for a page that sends a signed-out person
to the sign-in page (303 to /login...). Signed-out API calls get 401; a wrong role 403.

Roles (see ROLES): `anon` (signed out), `rep` (a rep of team A), `rep_other` (a rep of
team B), `manager` (manages team A), `manager_other` (manages team B), `marketing`,
`admin`. `rep_other`/`manager_other` default to `rep`/`manager`; give them explicitly
when the path names a team, a user or anything team-owned (the test insists).

The world every request runs against (a fresh, rolled-back database per request):

    team_id        team A (the rep's team, managed by `manager`)
    other_team_id  team B
    user_id        the `rep` user (so `rep` acting on `{user_id}` acts on itself)
    rep_email, <role>_id, <role>_email for every signed-in role
    token_id       an API token owned by `rep`
    token          a pending invite for a user who has not set a password yet

Requests: `form=`, `json=` and `files=` take a value or a function of the world; the
`setup=` function gets (session, world) and returns extra world keys (ids of objects a
route needs). `auth="bearer"` sends an API token instead of the session cookie. Every
unsafe request carries a valid CSRF token, so the table measures access, not CSRF.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.factories import PASSWORD

LOGIN = "login"  # 303 to /login (signed-out page request)
WS = "WS"  # a WebSocket route: 101 = accepted, else the close code of the refusal
ROLES = ("anon", "rep", "rep_other", "manager", "manager_other", "marketing", "admin")

Expect = int | str
Row = dict[str, Any]


def route(
    method: str,
    path: str,
    *,
    anon: Expect,
    rep: Expect,
    manager: Expect,
    marketing: Expect,
    admin: Expect,
    rep_other: Expect | None = None,
    manager_other: Expect | None = None,
    form: Any = None,
    json: Any = None,
    files: Any = None,
    auth: str = "cookie",
    setup: Callable[..., dict[str, Any]] | None = None,
    query: str | None = None,
) -> Row:
    """One row of the table; see the module docstring."""
    return {
        "method": method,
        "path": path,
        "expect": {"anon": anon, "rep": rep, "manager": manager, "marketing": marketing,
                   "admin": admin,
                   "rep_other": rep if rep_other is None else rep_other,
                   "manager_other": manager if manager_other is None else manager_other},
        "explicit_others": rep_other is not None and manager_other is not None,
        "form": form, "json": json, "files": files, "auth": auth, "setup": setup,
        "query": query,
    }


def everyone(status: Expect, anon: Expect | None = None) -> dict[str, Expect]:
    """The same answer for every signed-in role (and, unless given, signed out)."""
    return {"anon": status if anon is None else anon, "rep": status, "manager": status,
            "marketing": status, "admin": status}


def admin_only(status: Expect, *, api: bool = False) -> dict[str, Expect]:
    return {"anon": 401 if api else LOGIN, "rep": 403, "manager": 403, "marketing": 403,
            "admin": status}


def admin_only_by_id(status: Expect, *, api: bool = False) -> dict[str, Expect]:
    return {**admin_only(status, api=api), "rep_other": 403, "manager_other": 403}


def csv_file(world: dict[str, Any]) -> dict[str, Any]:
    data = f"email,name,team,roles\nimported@example.com,Imported Rep,{world['team_name']},rep\n"
    return {"file": ("people.csv", data.encode(), "text/csv")}


NEW_PASSWORD = "a-brand-new-password"

ROUTES: list[Row] = [
    # --- health and sign-in ----------------------------------------------------------
    route("GET", "/healthz", **everyone(200)),
    # The installable app: manifest, service worker and favicon (nothing personal in them).
    route("GET", "/manifest.webmanifest", **everyone(200)),
    route("GET", "/sw.js", **everyone(200)),
    route("GET", "/favicon.ico", **everyone(200)),
    # The usual places for an OpenAPI document redirect to /api/v1/openapi.json.
    route("GET", "/openapi.json", **everyone(308)),
    route("GET", "/api/openapi.json", **everyone(308)),
    route("GET", "/api/docs", **everyone(308)),
    route("GET", "/login", **everyone(303, anon=200)),
    route("POST", "/login", **everyone(303),
          form=lambda w: {"email": w["rep_email"], "password": PASSWORD, "next": "/"}),
    route("POST", "/logout", **everyone(303)),
    route("GET", "/invite/{token}", **everyone(200), rep_other=200, manager_other=200),
    route("POST", "/invite/{token}", **everyone(303), rep_other=303, manager_other=303,
          form={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    route("GET", "/account/password", **everyone(200, anon=LOGIN)),
    route("POST", "/account/password", **everyone(303, anon=LOGIN),
          form={"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    route("GET", "/", **everyone(200, anon=LOGIN)),
    # --- admin pages -----------------------------------------------------------------
    route("GET", "/admin/users", **admin_only(200)),
    route("GET", "/admin/users/new", **admin_only(200)),
    route("POST", "/admin/users/new", **admin_only(201),
          form=lambda w: {"email": "new.person@example.com", "name": "New Person",
                          "roles": "rep", "team_id": str(w["team_id"])}),
    route("GET", "/admin/users/{user_id}", **admin_only_by_id(200)),
    route("POST", "/admin/users/{user_id}", **admin_only_by_id(303),
          form=lambda w: {"email": w["rep_email"], "name": "Renamed Rep", "roles": "rep",
                          "team_id": str(w["team_id"])}),
    route("POST", "/admin/users/{user_id}/invite", **admin_only_by_id(200)),
    route("POST", "/admin/invites", **admin_only(200)),  # links for all not yet joined
    route("POST", "/admin/users/{user_id}/active", **admin_only_by_id(303),
          form={"active": "0"}),
    route("GET", "/admin/import", **admin_only(200)),
    route("POST", "/admin/import", **admin_only(303), files=csv_file),
    route("GET", "/admin/teams", **admin_only(200)),
    route("POST", "/admin/teams", **admin_only(303), form={"name": "Brand New Team"}),
    route("GET", "/admin/teams/{team_id}", **admin_only_by_id(200)),
    route("POST", "/admin/teams/{team_id}", **admin_only_by_id(303),
          form=lambda w: {"name": "Renamed Team", "managers": str(w["manager_id"])}),
    # --- API v1 ----------------------------------------------------------------------
    route("POST", "/api/v1/tokens", **everyone(201),
          json=lambda w: {"email": w["rep_email"], "password": PASSWORD}),
    route("GET", "/api/v1/tokens", **everyone(200, anon=401)),
    route("DELETE", "/api/v1/tokens/current", **everyone(204, anon=401), auth="bearer"),
    route("DELETE", "/api/v1/tokens/{token_id}", anon=401, rep=204, rep_other=404,
          manager=404, manager_other=404, marketing=404, admin=404),
    route("GET", "/api/v1/me", **everyone(200, anon=401)),
    route("GET", "/api/v1/users", **admin_only(200, api=True)),
    route("POST", "/api/v1/users", **admin_only(201, api=True),
          json=lambda w: {"email": "api.person@example.com", "name": "API Person",
                          "roles": ["rep"], "team_id": w["team_id"]}),
    route("POST", "/api/v1/users/import", **admin_only(201, api=True), files=csv_file),
    route("GET", "/api/v1/teams", **everyone(200, anon=401)),
    route("GET", "/api/v1/teams/{team_id}/members", anon=401, rep=403, rep_other=403,
          manager=200, manager_other=403, marketing=403, admin=200),
    route("POST", "/api/v1/teams", **admin_only(201, api=True), json={"name": "API Team"}),
]


# --- modules: a world where demo v1 and v2 are published and v1 is launched to team A --------

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_V1 = (REPO_ROOT / "app/demo/playbook.yaml").read_bytes()
DEMO_V2 = (REPO_ROOT / "app/demo/playbook-v2.yaml").read_bytes()
MINIMAL = (REPO_ROOT / "tests/drills/playbooks/minimal.yaml").read_bytes()


def launched_module(session: Any, world: dict[str, Any]) -> dict[str, Any]:
    from sqlmodel import select

    from app.clock import utcnow
    from app.inbox.service import notify_launches
    from app.models import InboxItem
    from drills.models import Module
    from drills.modules import import_playbook, launch

    now = utcnow()
    import_playbook(session=session, data=DEMO_V1, filename="v1.yaml", by=None, now=now)
    v2 = import_playbook(session=session, data=DEMO_V2, filename="v2.yaml", by=None, now=now)
    module = session.get(Module, v2.module_id)
    launches = launch(session=session, module=module, version=1, team_ids=[world["team_id"]],
                      due_at=None, by=None, now=now)
    notify_launches(session=session, launches=launches, now=now)
    item = session.exec(select(InboxItem).where(InboxItem.user_id == world["user_id"])).first()
    return {"slug": module.slug, "number": 1, "item_id": item.id}


def team_readers(status: Expect) -> dict[str, Expect]:
    """Readable by team A's rep and manager and by authors; team B gets 404."""
    return {"anon": LOGIN, "rep": status, "rep_other": 404, "manager": status,
            "manager_other": 404, "marketing": status, "admin": status}


def api_team_readers(status: Expect) -> dict[str, Expect]:
    return {**team_readers(status), "anon": 401}


def authors(status: Expect, *, api: bool = False) -> dict[str, Expect]:
    return {"anon": 401 if api else LOGIN, "rep": 403, "rep_other": 403, "manager": 403,
            "manager_other": 403, "marketing": status, "admin": status}


def playbook_file(data: bytes) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda w: {"file": ("playbook.yaml", data, "application/yaml")}


ROUTES += [
    route("GET", "/modules", **everyone(200, anon=LOGIN)),
    route("POST", "/modules", **authors(303), form={"slug": "new-module", "title": "New"}),
    route("GET", "/modules/import", **authors(200)),
    route("POST", "/modules/import", **authors(303), files=playbook_file(MINIMAL)),
    route("GET", "/modules/{slug}", **team_readers(200) | {"rep": 303, "manager": 303},
          setup=launched_module),
    route("GET", "/modules/{slug}/versions/{number}", **team_readers(200),
          setup=launched_module),
    route("GET", "/modules/{slug}/versions/{number}/diff", **team_readers(200),
          setup=launched_module),
    route("GET", "/modules/{slug}/whats-new",
          **team_readers(200) | {"marketing": 303, "admin": 303}, setup=launched_module),
    route("POST", "/modules/{slug}/learned", **team_readers(303), form={"version": "1"},
          setup=launched_module),
    route("GET", "/modules/{slug}/launch", **authors(200), setup=launched_module),
    route("POST", "/modules/{slug}/launches", **authors(303), setup=launched_module,
          form=lambda w: {"version": "2", "teams": str(w["team_id"])}),
    route("GET", "/modules/{slug}/export", **authors(200), setup=launched_module),
    route("GET", "/inbox", **everyone(200, anon=LOGIN)),
    route("POST", "/inbox/read", **everyone(303, anon=LOGIN)),
    route("POST", "/inbox/{item_id}/read", anon=LOGIN, rep=303, rep_other=404, manager=404,
          manager_other=404, marketing=404, admin=404, setup=launched_module),
    route("GET", "/api/v1/inbox", **everyone(200, anon=401)),
    route("POST", "/api/v1/inbox/read", **everyone(200, anon=401)),
    route("POST", "/api/v1/inbox/{item_id}/read", anon=401, rep=200, rep_other=404,
          manager=404, manager_other=404, marketing=404, admin=404, setup=launched_module),
    route("GET", "/api/v1/modules", **everyone(200, anon=401)),
    route("POST", "/api/v1/modules/import", **authors(201, api=True),
          files=playbook_file(MINIMAL)),
    route("GET", "/api/v1/modules/{slug}", **api_team_readers(200), setup=launched_module),
    route("GET", "/api/v1/modules/{slug}/launches", **api_team_readers(200),
          setup=launched_module),
    route("POST", "/api/v1/modules/{slug}/launches", **authors(201, api=True),
          setup=launched_module, json=lambda w: {"team_ids": [w["team_id"]], "version": 2}),
    route("GET", "/api/v1/modules/{slug}/versions/{number}/diff", **api_team_readers(200),
          setup=launched_module),
    route("GET", "/api/v1/modules/{slug}/versions/{number}/export",
          **authors(200, api=True), setup=launched_module),
]


# --- recorded pitches and attempts ---------------------------------------------------------


def tone_wav(seconds: float = 4.0, rate: int = 16000) -> bytes:
    """A short, audible WAV (a 220 Hz tone): valid audio for upload checks, no speech."""
    import io
    import math
    import struct
    import wave

    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 220 * i / rate)))
            for i in range(int(seconds * rate))))
    return buf.getvalue()


def pitch_attempt(session: Any, world: dict[str, Any]) -> dict[str, Any]:
    """The demo module launched to team A, and a failed attempt of team A's rep (with audio)."""
    import hashlib
    import tempfile
    from pathlib import Path

    from app.clock import utcnow
    from drills import attempts
    from drills.models import ModuleVersion

    found = launched_module(session, world)
    version = session.get(ModuleVersion, session.exec(  # v1 is what team A has
        __import__("sqlmodel").select(ModuleVersion.id).where(ModuleVersion.version == 1)
    ).first())
    data = tone_wav()
    # An absolute path outside data_dir: the table's setup has no settings to hand.
    path = Path(tempfile.mkdtemp(prefix="om-access-")) / "take.wav"
    path.write_bytes(data)
    audio = attempts.StoredAudio(path=str(path), sha256=hashlib.sha256(data).hexdigest(),
                                 size=len(data), content_type="audio/wav", duration_s=4.0)
    attempt, _ = attempts.create(session=session, user_id=world["user_id"], key="access-key-1",
                                 module_id=version.module_id, module_version_id=version.id,
                                 pitch_id="ciso-elevator", drill_id=None, audio=audio,
                                 now=utcnow())
    attempts.fail(session=session, attempt=attempt, reason="test", now=utcnow())
    return {**found, "pitch_id": "ciso-elevator", "attempt_id": attempt.id}


def attempt_readers(status: Expect, *, api: bool = False) -> dict[str, Expect]:
    """The rep, their team's manager and admins; everyone else 404 (not revealed)."""
    return {"anon": 401 if api else LOGIN, "rep": status, "rep_other": 404, "manager": status,
            "manager_other": 404, "marketing": 404, "admin": status}


def upload(world: dict[str, Any]) -> dict[str, Any]:
    return {"audio": ("take.wav", tone_wav(), "audio/wav")}


ROUTES += [
    route("GET", "/pitches", **everyone(200, anon=LOGIN)),
    route("GET", "/pitches/{slug}/{pitch_id}", **team_readers(200), setup=pitch_attempt),
    route("GET", "/pitches/{slug}/{pitch_id}/record", **team_readers(200), setup=pitch_attempt),
    route("GET", "/attempts/{attempt_id}", **attempt_readers(200), setup=pitch_attempt),
    route("GET", "/attempts/{attempt_id}/status", **attempt_readers(200), setup=pitch_attempt),
    route("GET", "/attempts/{attempt_id}/audio", **attempt_readers(200), setup=pitch_attempt),
    route("POST", "/attempts/{attempt_id}/retry",
          **attempt_readers(303) | {"manager": 403, "admin": 403}, setup=pitch_attempt),
    route("POST", "/api/v1/attempts", **api_team_readers(201), setup=pitch_attempt,
          files=upload,
          form=lambda w: {"idempotency_key": "upload-key-0001", "module": w["slug"],
                          "pitch": w["pitch_id"]}),
    route("GET", "/api/v1/attempts/{attempt_id}", **attempt_readers(200, api=True),
          setup=pitch_attempt),
    route("GET", "/api/v1/attempts/{attempt_id}/audio", **attempt_readers(200, api=True),
          setup=pitch_attempt),
    # Live practice (app/live): the page, and the socket (who may open a take on the pitch)
    route("GET", "/pitches/{slug}/{pitch_id}/live", **team_readers(200), setup=pitch_attempt),
    route("GET", "/roleplay/{slug}", **team_readers(200), setup=pitch_attempt),
    route("GET", "/modules/{slug}/roleplay", **authors(200), setup=launched_module),
    route("POST", "/modules/{slug}/roleplay", **authors(303), setup=launched_module,
          form={"objection": "too-expensive", "persistence": "2"}),
    route("GET", "/api/v1/modules/{slug}/roleplay", **api_team_readers(200),
          setup=launched_module),
    route("PUT", "/api/v1/modules/{slug}/roleplay", **authors(200, api=True),
          setup=launched_module, json={"objections": ["too-expensive"], "persistence": 2}),
    route(WS, "/api/v1/live", query="pitch={slug}/{pitch_id}",
          **{**team_readers(101), "anon": 4401, "rep_other": 4404, "manager_other": 4404},
          setup=pitch_attempt),
]


# --- drills (spaced repetition) ------------------------------------------------------------


def drill_card(session: Any, world: dict[str, Any]) -> dict[str, Any]:
    """The demo module launched to team A and the rep's first due (recall) card."""
    from app.clock import utcnow
    from app.models import User
    from app.users import load_account
    from drills.modules import active_launches
    from drills.practice.alignment import sync_rep
    from drills.practice.queue import due_queue

    out = launched_module(session, world)
    rep = session.get(User, world["rep_id"])
    account = load_account(session=session, user=rep)
    now = utcnow()
    sync_rep(session=session, user_id=account.id, now=now,
             launches=active_launches(session=session, team_ids=[world["team_id"]]))
    first = due_queue(session=session, user_id=account.id, now=now, limit=1)[0]
    return {**out, "drill_id": first.drill.id, "shown_state": first.shown_state}


def reps_only(status: Expect, *, api: bool = False) -> dict[str, Expect]:
    return {"anon": 401 if api else LOGIN, "rep": status, "manager": 403, "marketing": 403,
            "admin": 403}


ROUTES += [
    route("GET", "/drills", **reps_only(200)),
    route("GET", "/drills/progress", **reps_only(200)),
    route("GET", "/drills/pack", **reps_only(200)),  # the cards a phone keeps for offline
    route("GET", "/drills/team", anon=LOGIN, rep=403, manager=200, marketing=403, admin=200),
    route("GET", "/drills/modules/{slug}", **authors(200), setup=launched_module),
    route("GET", "/admin/drills", **admin_only(200)),
    route("POST", "/admin/drills", **admin_only(303),
          form={"desired_retention": "0.85", "new_per_day": "10", "session_cards": "12"}),
    route("GET", "/api/v1/drills/due", **reps_only(200, api=True)),
    route("POST", "/api/v1/drills/{drill_id}/answers", **reps_only(200, api=True),
          rep_other=404, manager_other=403, setup=drill_card,
          json=lambda w: {"rating": 3, "shown_state": w["shown_state"]}),
    route("GET", "/api/v1/drills/progress", **reps_only(200, api=True)),
    route("GET", "/api/v1/drills/settings", **everyone(200, anon=401)),
    route("PUT", "/api/v1/drills/settings", **admin_only(200, api=True),
          json={"desired_retention": 0.88, "new_per_day": 10, "session_cards": 15}),
]


def drafted_module(session: Any, world: dict[str, Any]) -> dict[str, Any]:
    """The launched module with a draft of its next version open."""
    from app.clock import utcnow
    from drills.modules import get_module, start_draft

    out = launched_module(session, world)
    start_draft(session=session, module=get_module(session=session, slug=out["slug"]),
                now=utcnow())
    return out


ROUTES += [
    route("GET", "/modules/{slug}/draft", **authors(200), setup=launched_module),
    route("POST", "/modules/{slug}/draft", **authors(303), setup=launched_module),
    route("POST", "/modules/{slug}/draft/edit", **authors(200), setup=drafted_module,
          form={"op": "set", "path": "title", "value": "Renamed in the editor"}),
    route("GET", "/modules/{slug}/draft/preview", **authors(200), setup=drafted_module),
    route("POST", "/modules/{slug}/draft/publish", **authors(303), setup=drafted_module),
    route("POST", "/modules/{slug}/draft/discard", **authors(303), setup=drafted_module),
]


# --- certification, reviews and credentials -------------------------------------------------


def certification_ready(session: Any, world: dict[str, Any]) -> dict[str, Any]:
    """Team A's rep met drills and pitches on a sign-off module (nothing submitted yet), and
    holds a credential on a second module that needs no sign-off."""
    from sqlmodel import select

    from app.clock import utcnow
    from app.models import Team, User
    from certification.models import Certification, Credential
    from drills.modules import get_module
    from tests.certification.helpers import (
        do_launch,
        master,
        playbook,
        publish,
        refresh,
        scored,
    )

    now = utcnow()
    rep = session.get(User, world["user_id"])
    team = session.get(Team, world["team_id"])
    out: dict[str, Any] = {}
    for slug, signoff in (("cert-signed", True), ("cert-auto", False)):
        publish(session, playbook(1, slug=slug, signoff=signoff), now)
        module = get_module(session=session, slug=slug)
        do_launch(session, module, 1, team, now)
        master(session, rep, module, now)
        scored(session, rep, module, 1, "elevator", 90, now)
        out[slug] = scored(session, rep, module, 1, "proof", 90, now)
    refresh(session, rep, now)
    signed = get_module(session=session, slug="cert-signed")
    cert = session.exec(select(Certification).where(Certification.module_id == signed.id)).one()
    cred = session.exec(select(Credential).where(Credential.user_id == rep.id)).one()
    return {"cert_id": cert.id, "attempt_id": out["cert-signed"].id, "jti": cred.jti,
            "token": cred.token}


def certification_pending(session: Any, world: dict[str, Any]) -> dict[str, Any]:
    """As above, with the rep's pitch submitted for sign-off."""
    from app.clock import utcnow
    from certification import service

    out = certification_ready(session, world)
    review = service.submit(session=session, user_id=world["user_id"],
                            attempt_id=out["attempt_id"], now=utcnow(),
                            base_url="http://testserver")
    return {**out, "review_id": review.id}


def cert_readers(status: Expect, *, api: bool = False) -> dict[str, Expect]:
    """The rep, their team's managers and admins; everyone else 404 (not revealed)."""
    return {"anon": 401 if api else LOGIN, "rep": status, "rep_other": 404, "manager": status,
            "manager_other": 404, "marketing": 404, "admin": status}


def rep_owner_only(status: Expect, *, api: bool = False) -> dict[str, Expect]:
    """Only the rep acts; their readers are refused (403), others do not see it (404)."""
    return {**cert_readers(403, api=api), "rep": status}


def reviewers(status: Expect, *, api: bool = False) -> dict[str, Expect]:
    """The rep's team managers and admins; other managers 404; other roles 403."""
    return {"anon": 401 if api else LOGIN, "rep": 403, "rep_other": 403, "manager": status,
            "manager_other": 404, "marketing": 403, "admin": status}


def managers(status: Expect, *, api: bool = False) -> dict[str, Expect]:
    return {"anon": 401 if api else LOGIN, "rep": 403, "manager": status, "marketing": 403,
            "admin": status}


APPROVE = {"decision": "approved", "rubric_message_accuracy": "5", "rubric_clarity": "4",
           "rubric_confidence": "4", "rubric_objection_handling": "4"}
APPROVE_JSON = {"decision": "approved", "rubric": {"message_accuracy": 5, "clarity": 4,
                                                   "confidence": 4, "objection_handling": 4}}
PUBLIC = {"rep_other": 200, "manager_other": 200}

ROUTES += [
    route("GET", "/certification", anon=LOGIN, rep=200, manager=303, marketing=403,
          admin=303),
    route("GET", "/certification/team", **managers(200)),
    route("GET", "/certification/team.csv", **managers(200)),
    route("GET", "/certification/overview", **admin_only(200)),
    route("GET", "/certification/{cert_id}", **cert_readers(200), setup=certification_ready),
    route("POST", "/certification/{cert_id}/submit", **rep_owner_only(303),
          setup=certification_ready, form=lambda w: {"attempt_id": str(w["attempt_id"])}),
    route("GET", "/reviews", **managers(200)),
    route("GET", "/reviews/{review_id}", **cert_readers(200), setup=certification_pending),
    route("POST", "/reviews/{review_id}/withdraw", **rep_owner_only(303),
          setup=certification_pending),
    route("POST", "/reviews/{review_id}/comments", **reviewers(303),
          setup=certification_pending, form={"body": "Good opening", "at_s": "1.5"}),
    route("POST", "/reviews/{review_id}/decision", **reviewers(303),
          setup=certification_pending, form=APPROVE),
    route("GET", "/.well-known/jwks.json", **everyone(200)),
    route("GET", "/credentials/{jti}", **everyone(200), **PUBLIC, setup=certification_ready),
    route("GET", "/credentials/{jti}/certificate", **everyone(200), **PUBLIC,
          setup=certification_ready),
    route("GET", "/credentials/{jti}/download", **cert_readers(200),
          setup=certification_ready),
    route("POST", "/api/v1/credentials/verify", **everyone(200), setup=certification_ready,
          json=lambda w: {"token": w["token"]}),
    route("GET", "/api/v1/credentials/{jti}/verification", **everyone(200), **PUBLIC,
          setup=certification_ready),
    route("GET", "/api/v1/credentials/{jti}", **cert_readers(200, api=True),
          setup=certification_ready),
    route("GET", "/api/v1/certifications", anon=401, rep=200, manager=403, marketing=403,
          admin=403),
    route("GET", "/api/v1/certifications/overview", **admin_only(200, api=True)),
    route("GET", "/api/v1/certifications/{cert_id}", **cert_readers(200, api=True),
          setup=certification_ready),
    route("POST", "/api/v1/certifications/{cert_id}/submit", **rep_owner_only(201, api=True),
          setup=certification_ready, json=lambda w: {"attempt_id": w["attempt_id"]}),
    route("GET", "/api/v1/reviews", **managers(200, api=True)),
    route("POST", "/api/v1/reviews/{review_id}", **reviewers(200, api=True),
          setup=certification_pending, json=APPROVE_JSON),
]



# --- spoken drills --------------------------------------------------------------------------


def spoken_card(session: Any, world: dict[str, Any]) -> dict[str, Any]:
    """The demo module launched to team A and the rep's spoken card for an objection."""
    from app.clock import utcnow
    from app.models import User
    from app.users import load_account
    from drills.modules import active_launches
    from drills.practice.alignment import sync_rep
    from drills.practice.queue import due_queue
    from drills.practice.settings import update_settings

    out = launched_module(session, world)
    rep = session.get(User, world["rep_id"])
    account = load_account(session=session, user=rep)
    now = utcnow()
    # Spoken cards are introduced last: allow every new card today so one is due.
    update_settings(session=session, desired_retention=0.9, new_per_day=100, session_cards=15,
                    by=None, now=now)
    sync_rep(session=session, user_id=account.id, now=now,
             launches=active_launches(session=session, team_ids=[world["team_id"]]))
    spoken = next(d for d in due_queue(session=session, user_id=account.id, now=now, limit=100)
                  if d.drill.kind == "spoken")
    return {**out, "drill_id": spoken.drill.id, "shown_state": spoken.shown_state}


ROUTES += [
    # Only the rep who owns the card; another rep's card is not found.
    route("GET", "/drills/{drill_id}/record", **reps_only(200), rep_other=404,
          manager_other=403, setup=spoken_card),
]


# --- credential revocation (admins only) ----------------------------------------------------

ROUTES += [
    # Revoking withdraws public proof: admins only, not even the rep's own managers.
    route("POST", "/credentials/{jti}/revoke", **admin_only_by_id(303),
          setup=certification_ready, form={"reason": "Issued in error"}),
    route("POST", "/api/v1/credentials/{jti}/revoke", **admin_only_by_id(200, api=True),
          setup=certification_ready, json={"reason": "Issued in error"}),
]


# --- field reports (the field feedback loop) --------------------------------------------------


def field_report(session: Any, world: dict[str, Any]) -> dict[str, Any]:
    """The demo module launched to team A, and one report filed by team A's rep."""
    from app.clock import utcnow
    from drills import field_reports
    from drills.modules import get_module

    out = launched_module(session, world)
    report = field_reports.create(
        session=session, user_id=world["rep_id"], team_id=world["team_id"],
        module=get_module(session=session, slug=out["slug"]), version=1,
        message_id="rollback", kind="pushback", note="", source="message", now=utcnow())
    return {**out, "report_id": report.id}


FIELD_REPORT_FORM = {"module": "northwind-shield-launch", "message_id": "rollback",
                     "kind": "landed"}

ROUTES += [
    # Reps report on versions launched to their team: team B's rep gets a 404.
    route("POST", "/field-reports", **reps_only(303), rep_other=404, manager_other=403,
          setup=launched_module, form=FIELD_REPORT_FORM),
    route("GET", "/field-reports/mine", **reps_only(200)),
    # The inbox: marketing and admins all, managers their teams' (read-only), reps never.
    route("GET", "/field-reports", anon=LOGIN, rep=403, manager=200, marketing=200, admin=200),
    # Triage is marketing's: managers (even the reporter's own) and reps may not.
    route("POST", "/field-reports/{report_id}/triage", anon=LOGIN, rep=403, manager=403,
          marketing=303, admin=303, rep_other=403, manager_other=403, setup=field_report,
          form={"status": "acknowledged", "reply": "Thanks"}),
    route("POST", "/api/v1/field-reports", **reps_only(201, api=True), rep_other=404,
          manager_other=403, setup=launched_module,
          json={**FIELD_REPORT_FORM, "module": "northwind-shield-launch"}),
    route("GET", "/api/v1/field-reports", **everyone(200, anon=401)),
    route("POST", "/api/v1/field-reports/{report_id}/triage", anon=401, rep=403, manager=403,
          marketing=200, admin=200, rep_other=403, manager_other=403, setup=field_report,
          json={"status": "acknowledged", "reply": "Thanks"}),
]


# --- adoption insights per module version ---------------------------------------------------


def insight_readers(status: Expect, *, api: bool = False) -> dict[str, Expect]:
    """Authors read every team; team A's manager theirs; team B's manager (the module never
    went there) gets 404; reps are refused."""
    return {"anon": 401 if api else LOGIN, "rep": 403, "rep_other": 403, "manager": status,
            "manager_other": 404, "marketing": status, "admin": status}


ROUTES += [
    route("GET", "/modules/{slug}/insights", **insight_readers(200), setup=launched_module),
    *[route("GET", f"/modules/{{slug}}/insights/{table}.csv", **insight_readers(200),
            setup=launched_module)
      for table in ("funnel", "messages", "drift", "phrasings")],
    route("GET", "/api/v1/modules/{slug}/insights", **insight_readers(200, api=True),
          setup=launched_module),
    # a rep phrasing a manager accepted, promoted to evidence of the next version's draft
    route("POST", "/modules/{slug}/evidence", **authors(303), setup=launched_module,
          form={"message": "stops-ransomware", "phrase": "nothing gets encrypted"}),
]


# --- enterprise identity: SCIM ----------------------------------------------------------
# SCIM authenticates the directory with a SCIM token, never a person: a session cookie or
# a person's API token gets 401 on every route, whatever the role
# (tests/identity/test_scim.py covers the token, and NUL characters in SCIM bodies).


def scim_ids(_session: Any, _world: dict[str, Any]) -> dict[str, Any]:
    return {"rid": "1", "name": "User", "urn": "urn:ietf:params:scim:schemas:core:2.0:User"}


def nobody(status: Expect) -> dict[str, Expect]:
    return {**everyone(status), "rep_other": status, "manager_other": status}


ROUTES += [
    route("GET", "/scim/v2/ServiceProviderConfig", **everyone(401)),
    route("GET", "/scim/v2/ResourceTypes", **everyone(401)),
    route("GET", "/scim/v2/ResourceTypes/{name}", **nobody(401), setup=scim_ids),
    route("GET", "/scim/v2/Schemas", **everyone(401)),
    route("GET", "/scim/v2/Schemas/{urn}", **nobody(401), setup=scim_ids),
    *[route(method, f"/scim/v2/{kind}", **everyone(401))
      for kind in ("Users", "Groups") for method in ("GET", "POST")],
    *[route(method, f"/scim/v2/{kind}/{{rid}}", **nobody(401), setup=scim_ids)
      for kind in ("Users", "Groups") for method in ("GET", "PUT", "PATCH", "DELETE")],
]


# --- enterprise identity: single sign-on and the admin page ----------------------------


def sso_provider(session: Any, world: dict[str, Any]) -> dict[str, Any]:
    """An OIDC provider whose issuer is unreachable (port 9 discards): start and test
    answer with the reason, the callback refuses without its flow cookie."""
    from app.clock import utcnow
    from app.identity.mappings import create_mapping
    from app.identity.models import IdentityProvider
    from app.identity.scim_tokens import create

    provider = IdentityProvider(slug="corp", kind="oidc", name="Corp", config={
        "issuer": "http://127.0.0.1:9/openid", "client_id": "x", "client_secret": "y",
        "scopes": "openid", "groups_claim": "groups"})
    session.add(provider)
    _, token = create(session=session, name="Okta", now=utcnow())
    mapping = create_mapping(session=session, group_name="Reps", role="rep",
                             team_id=world["team_id"])
    session.flush()
    return {"slug": "corp", "provider_id": provider.id, "token_id": token.id,
            "mapping_id": mapping.id}


def by_id(status: Expect) -> dict[str, Expect]:
    return admin_only_by_id(status)


ROUTES += [
    # Signing in through a provider is for everyone, signed in or not; an unreachable
    # provider leaves the person on the sign-in page (401) with the reason.
    route("GET", "/sso/{slug}/start", **nobody(401), setup=sso_provider),
    route("GET", "/sso/{slug}/callback", **nobody(401), setup=sso_provider),
    # A SAML endpoint of an OIDC provider: there is none. (NUL characters and the CSRF
    # exemption of the ACS: tests/identity/test_saml.py.)
    route("POST", "/sso/{slug}/acs", **nobody(404), setup=sso_provider),
    route("GET", "/sso/{slug}/metadata", **nobody(404), setup=sso_provider),
    route("GET", "/admin/identity", **admin_only(200)),
    route("POST", "/admin/identity/providers", **admin_only(303), form={
        "kind": "oidc", "name": "Okta", "slug": "okta", "issuer": "https://corp.okta.com",
        "client_id": "c", "client_secret": "s"}),
    route("POST", "/admin/identity/providers/{provider_id}/test", **by_id(200),
          setup=sso_provider),
    route("POST", "/admin/identity/providers/{provider_id}/enabled", **by_id(303),
          setup=sso_provider, form={"enabled": "0"}),
    route("POST", "/admin/identity/scim-tokens", **admin_only(201), form={"name": "Okta"}),
    route("POST", "/admin/identity/scim-tokens/{token_id}/revoke", **by_id(303),
          setup=sso_provider),
    route("POST", "/admin/identity/mappings", **admin_only(303),
          form=lambda w: {"group_name": "Managers", "role": "manager",
                          "team_id": str(w["team_id"]), "manages": "on"}),
    route("POST", "/admin/identity/mappings/{mapping_id}/delete", **by_id(303),
          setup=sso_provider),
]
