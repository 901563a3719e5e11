"""The live WebSocket: /api/v1/live?pitch=module-slug/pitch-id.

One connection is one take. The server checks who is asking and what they may practise,
holds a slot (capacity.py), then runs two loops: the receiver takes audio frames (checking
size, format and pace) and the pump runs Whisper passes back to back on what has arrived,
sending `partial`, `covered`, `phrase` and `pace` frames as the committed text grows. On
`stop` the pump's last pass is awaited, one final pass reads the tail, and the take is
stored and scored as an attempt; the `result` frame carries its id and score.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from app import audio_storage
from app.auth import user_for_api_token, user_for_session
from app.clock import utcnow
from app.csrf import SESSION_COOKIE
from app.db import Database
from app.live import protocol, roleplay_settings
from app.live.capacity import Slots
from app.live.checklist import Checklist
from app.live.protocol import LiveError
from app.live.recording import LiveTarget, TakeAudio, record_cut_off, record_take
from app.live.roleplay import CLOSING, Buyer
from app.live.streaming import RollingTranscriber, live_vocabulary
from app.pitch_pipeline import NO_SPEECH, attempt_json
from app.pitches.service import practice_version, resolve_pitch
from app.settings import Settings
from app.transcription import load_model
from app.users import Account, load_account
from drills.attempt_models import PitchAttempt
from drills.errors import Conflict, DomainError, NotFound
from drills.models import Module
from drills.modules import get_module
from drills.practice.answering import require_answerable
from drills.practice.cards import get_card
from drills.scoring import spec_from_playbook_dict
from drills.spoken_drills import spec_for_drill, spoken_drill
from drills.transcript import Transcript

log = logging.getLogger("onmessage.live")

PATH = "/api/v1/live"
STEP_S = 0.3  # a pass waits for at least this much new audio


def slots_of(ws: WebSocket) -> Slots:
    """The process's live slots (made on first use, sized by the settings)."""
    state = ws.app.state
    slots: Slots | None = getattr(state, "live_slots", None)
    if slots is None:
        slots = Slots(state.settings.live_sessions)
        state.live_slots = slots
    return slots


# --- who is asking, and for what -------------------------------------------------------------


def _origin_ok(ws: WebSocket, settings: Settings) -> bool:
    """A browser sends Origin; with cookie sign-in it must be this site's (another site's
    page must not open a take with the rep's cookie). Clients without Origin are not
    browsers and cannot be led by another site."""
    origin = ws.headers.get("origin")
    if not origin:
        return True
    host = urlsplit(origin).netloc
    return host in (ws.headers.get("host", ""), urlsplit(settings.base_url).netloc)


def _account(ws: WebSocket, db: Database) -> Account:
    header = ws.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    now = utcnow()
    with db.session() as session:
        if scheme.lower() == "bearer" and token.strip():
            user = user_for_api_token(session=session, token=token.strip(), now=now)
            if user is None:
                raise LiveError(protocol.NOT_SIGNED_IN, "This API token is invalid, expired "
                                "or revoked. Create a new one with POST /api/v1/tokens.")
        else:
            cookie = ws.cookies.get(SESSION_COOKIE)
            user = user_for_session(session=session, token=cookie, now=now) if cookie else None
            if user is None:
                raise LiveError(protocol.NOT_SIGNED_IN, "Sign in to continue.")
            if not _origin_ok(ws, db.settings):
                raise LiveError(protocol.FORBIDDEN, "A live take can only be opened from "
                                "this site's own pages.")
        return load_account(session=session, user=user)


@dataclass(frozen=True)
class RolePlay:
    """A role-play's settings for one take."""

    persistence: int = 1  # follow-ups per turn on a point the answer left out (1-3)
    objections: tuple[str, ...] | None = None  # which, in order (None: all)


def _target(ws: WebSocket, db: Database, account: Account
            ) -> tuple[LiveTarget, dict[str, Any], RolePlay | None]:
    params = ws.query_params
    if params.get("drill"):
        return (*_drill_target(db, account, params.get("drill") or "",
                               params.get("shown_state") or ""), None)
    roleplay: RolePlay | None = None
    if params.get("roleplay"):
        slug, pitch_id = params["roleplay"].strip(), (params.get("opener") or "").strip()
        roleplay = RolePlay()  # marketing's settings are read below
    else:
        slug, _, pitch_id = (params.get("pitch") or "").strip().partition("/")
        if not slug or not pitch_id:
            raise LiveError(protocol.BAD_INPUT, "Name the pitch: ?pitch=module-slug/pitch-id "
                            "(or ?roleplay=module-slug for a buyer role-play, or ?drill=ID"
                            "&shown_state=S for a spoken drill).")
    with db.session() as session:
        try:
            if roleplay is not None and not pitch_id:
                pitch_id = first_pitch(session, account, slug)
            found = resolve_pitch(session, account, slug, pitch_id)
        except NotFound as exc:
            raise LiveError(protocol.NOT_FOUND, exc.detail) from None
        content = dict(found.version.content)
        if roleplay is not None:
            saved = roleplay_settings.get(session=session, module_id=found.module.id or 0)
            roleplay = RolePlay(persistence=saved.persistence,
                                objections=tuple(saved.objections)
                                if saved.objections is not None else None)
    target = LiveTarget(user_id=account.id, module_id=found.module.id or 0, module_slug=slug,
                        version_id=found.version.id or 0, pitch_id=pitch_id,
                        spec=spec_from_playbook_dict(content, pitch_id))
    return target, content, roleplay


def _drill_target(db: Database, account: Account, raw_id: str,
                  shown_state: str) -> tuple[LiveTarget, dict[str, Any]]:
    """A spoken drill of the rep's, answerable now with the card state it was shown."""
    try:
        drill_id = int(raw_id)
    except ValueError:
        raise LiveError(protocol.BAD_INPUT, "?drill= takes a drill's id.") from None
    if not shown_state.strip():
        raise LiveError(protocol.BAD_INPUT, "Send the card's shown_state with a spoken drill "
                        "(?drill=ID&shown_state=S, as GET /api/v1/drills/due gives it).")
    with db.session() as session:
        try:
            get_card(session=session, user_id=account.id, drill_id=drill_id)
            drill = spoken_drill(session=session, drill_id=drill_id)
            require_answerable(session=session, user_id=account.id, drill_id=drill_id,
                               shown_state=shown_state, now=utcnow())
            module = session.get(Module, drill.module_id)
            if module is None:
                raise NotFound(f"There is no drill {drill_id} in your practice.")
            version = practice_version(session, account, module)
        except NotFound as exc:
            raise LiveError(protocol.NOT_FOUND, exc.detail) from None
        except Conflict as exc:
            raise LiveError(protocol.CONFLICT, exc.detail) from None
        content = dict(version.content)
        spec = spec_for_drill(drill, content)
    target = LiveTarget(user_id=account.id, module_id=module.id or 0, module_slug=module.slug,
                        version_id=version.id or 0, pitch_id=None, spec=spec,
                        drill_id=drill_id, shown_state=shown_state)
    return target, content


def first_pitch(session: Any, account: Account, slug: str) -> str:
    """The pitch a role-play opens with when none is named: the module's first."""
    version = practice_version(session, account, get_module(session=session, slug=slug))
    pitches = version.content.get("pitches") or []
    if not pitches:
        raise NotFound(f"Module '{slug}' has no pitch for the buyer to open with.")
    return str(pitches[0]["id"])


# --- the take --------------------------------------------------------------------------------


class Take:
    """One live take on an open, accepted socket."""

    def __init__(self, ws: WebSocket, db: Database, target: LiveTarget,
                 content: dict[str, Any], fmt: str, roleplay: RolePlay | None = None) -> None:
        self.ws, self.db, self.target = ws, db, target
        settings = db.settings
        self.max_seconds = float(settings.max_recording_s)
        self.audio = TakeAudio(fmt)
        self.stream = RollingTranscriber(
            load_model(settings.whisper_model),
            vocabulary=live_vocabulary(str(content.get("title") or ""), target.spec.points))
        spec = target.spec
        statements = {str(m["id"]): str(m["statement"]) for m in content.get("messages") or ()}
        self.checklist = Checklist(spec, replacements=statements)
        self._send_lock = asyncio.Lock()
        self._stopping = asyncio.Event()
        self.first_audio: float | None = None
        self.limit_reached = False
        self._last_pass = 0.0  # audio seconds at the start of the last pass
        self.gone = False  # the client closed the connection
        # one Whisper call at a time on this take's stream: the pump's passes, a turn's end
        self._stream_lock = asyncio.Lock()
        self.buyer = Buyer(content, target.pitch_id or "", persistence=roleplay.persistence,
                           objections=roleplay.objections) if roleplay is not None else None
        # A spoken drill is answered the moment every point it asks for has been heard
        self.heard_all = asyncio.Event()
        self.turn_start = 0.0  # audio seconds when the buyer's current line was sent

    async def send(self, frame: dict[str, Any]) -> None:
        """Send a frame; a client that has gone is noted, not an error (the receiver
        sees the disconnect and keeps the take so far)."""
        async with self._send_lock:
            if self.gone or self.ws.application_state != WebSocketState.CONNECTED:
                return
            try:
                await self.ws.send_text(json.dumps(frame))
            except (WebSocketDisconnect, OSError, RuntimeError):
                self.gone = True

    # The receiver: audio frames in, checked.
    def accept_audio(self, data: bytes) -> None:
        if len(data) > protocol.MAX_FRAME_BYTES:
            raise protocol.too_big(len(data))
        now = time.monotonic()
        if self.first_audio is None:
            self.first_audio = now
        self.audio.add(data)
        if self.audio.received_s > now - self.first_audio + protocol.BURST_S:
            raise protocol.too_fast_error()
        if self.audio.received_s >= self.max_seconds:
            self.limit_reached = True

    # The pump: passes back to back while audio comes in.
    async def pump(self) -> None:
        while not self._stopping.is_set():
            fresh = self.audio.drain()
            if len(fresh):
                self.stream.add(fresh)
            if self.stream.seconds - self._last_pass < STEP_S or not self.stream.needs_pass():
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), 0.05)
                continue
            self._last_pass = self.stream.seconds
            async with self._stream_lock:
                step = await run_in_threadpool(self.stream.step)
            if self._stopping.is_set() and not step.committed:
                return
            events = await run_in_threadpool(self.checklist.update, self.stream.committed) \
                if step.committed else []
            text = " ".join(w.text for w in [*self.stream.committed, *step.tentative])
            await self.send({"type": "partial", "text": text, "seconds": round(step.seconds, 2),
                             "committed_words": len(self.stream.committed)})
            for event in events:
                await self.send(event)
            if self.target.drill_id is not None and {
                    p.id for p in self.target.spec.points} <= self.checklist.covered:
                self.heard_all.set()
                return

    async def buyer_says(self) -> bool:
        """The buyer's next line (or its goodbye); False when the conversation is over."""
        assert self.buyer is not None
        turn = self.buyer.next_turn()
        self.turn_start = self.stream.seconds
        if turn is None:
            await self.send({"type": "buyer", "turn": len(self.buyer.turns) + 1,
                             "kind": "close", "text": CLOSING})
            return False
        await self.send(turn.frame())
        return True

    async def end_turn(self) -> bool:
        """The rep has answered: judge the answer (all its words, the tail included), then
        the buyer's next line. False when the buyer has no more to say."""
        assert self.buyer is not None
        async with self._stream_lock:
            fresh = self.audio.drain()
            if len(fresh):
                self.stream.add(fresh)
            words = await run_in_threadpool(self.stream.finish)
        answer = [w for w in words if (w.start or 0.0) >= self.turn_start - 0.3]
        await self.send(self.buyer.judge(answer))
        return await self.buyer_says()

    async def stop_pump(self, task: asyncio.Task[None]) -> None:
        self._stopping.set()
        await task  # the pass in flight finishes; its words stay committed

    async def finish(self, pump: asyncio.Task[None]) -> dict[str, Any]:
        """Stop: the pass in flight and the last pass over the tail, while the recording
        is stored; then the take is scored and saved as an attempt. The result frame
        carries how long each step took (seconds), for the benchmark."""
        t0 = time.monotonic()
        storing = asyncio.create_task(self._store())
        try:
            fresh = self.audio.drain()
            if len(fresh):
                self.stream.add(fresh)
            early = self.stream.close_while_confirming()
            if early is not None:  # the rep paused before Stop: no pass to wait for
                self._stopping.set()
                t1 = time.monotonic()
                words = early
            else:
                await self.stop_pump(pump)
                t1 = time.monotonic()
                fresh = self.audio.drain()
                if len(fresh):
                    self.stream.add(fresh)
                words = await run_in_threadpool(self.stream.finish)
            # The words only the last pass committed tick the checklist too, so a client
            # that follows the events alone misses nothing said just before Stop.
            for event in await run_in_threadpool(self.checklist.update, words):
                await self.send(event)
            if self.buyer is not None and self.buyer.open_turn:
                answer = [w for w in words if (w.start or 0.0) >= self.turn_start - 0.3]
                await self.send(self.buyer.judge(answer))
            t2 = time.monotonic()
            stored = await storing
        finally:
            if not storing.done():
                storing.cancel()
        t3 = time.monotonic()
        transcript = Transcript.from_words(words, duration_s=round(self.stream.seconds, 3))
        if not transcript.words:
            audio_storage.discard(data_dir=self.db.settings.data_dir, stored=stored)
            raise LiveError(protocol.UNUSABLE, NO_SPEECH)
        extra = {"roleplay": {"turns": self.buyer.turns,
                              "persistence": self.buyer.persistence}} \
            if self.buyer is not None else None
        try:
            attempt = await self.db.write(_in_session, self.db, record_take, self.target,
                                          stored, transcript, self.db.settings.base_url, extra)
        except BaseException:  # nothing half-written: no row, so no file either
            audio_storage.discard(data_dir=self.db.settings.data_dir, stored=stored)
            raise
        t4 = time.monotonic()
        body = attempt_json(attempt, module_slug=self.target.module_slug)
        return {"type": "result", "attempt_id": attempt.id, "score": attempt.score,
                "url": f"/attempts/{attempt.id}", "api_url": f"/api/v1/attempts/{attempt.id}",
                "stopped_at_limit": self.limit_reached, "result": body.get("result"),
                "timings": {"pass_in_flight": round(t1 - t0, 3),
                            "tail_pass": round(t2 - t1, 3),
                            "store_wait": round(t3 - t2, 3),
                            "score_and_save": round(t4 - t3, 3)}}

    async def _store(self) -> audio_storage.StoredAudio:
        data, content_type = self.audio.file()
        try:
            return await run_in_threadpool(
                audio_storage.store, data_dir=self.db.settings.data_dir,
                user_id=self.target.user_id, data=data, declared_type=content_type,
                max_seconds=self.max_seconds + 1)
        except audio_storage.RecordingRejected as exc:
            raise LiveError(protocol.UNUSABLE, exc.detail) from None

    async def keep_cut_off(self) -> int | None:
        """The connection closed mid-take: keep what was recorded, if it is usable."""
        if self.audio.size == 0:
            return None
        try:
            stored = await self._store()
        except LiveError:
            return None  # too short or silent: nothing worth keeping
        try:
            attempt = await self.db.write(_in_session, self.db, record_cut_off, self.target,
                                          stored, self.audio.received_s)
        except BaseException:
            audio_storage.discard(data_dir=self.db.settings.data_dir, stored=stored)
            raise
        return attempt.id


async def _receive(ws: WebSocket, timeout: float) -> dict[str, Any] | None:
    """The next message; None when the client went away."""
    message = await asyncio.wait_for(ws.receive(), timeout)
    if message["type"] == "websocket.disconnect":
        return None
    return dict(message)


async def _receive_or(ws: WebSocket, timeout: float,
                      done: asyncio.Event) -> dict[str, Any] | None:
    """The next message, or {"type": "heard_all"} as soon as `done` is set."""
    if done.is_set():
        return {"type": "heard_all"}
    receiving = asyncio.ensure_future(_receive(ws, timeout))
    waiting = asyncio.ensure_future(done.wait())
    finished, _ = await asyncio.wait({receiving, waiting}, return_when=asyncio.FIRST_COMPLETED)
    if receiving in finished:
        waiting.cancel()
        return receiving.result()
    receiving.cancel()
    return {"type": "heard_all"}


async def _run_take(ws: WebSocket, db: Database, target: LiveTarget,
                    content: dict[str, Any], roleplay: RolePlay | None) -> None:
    first = await _receive_start(ws)
    if first is None:
        return
    take = Take(ws, db, target, content, first, roleplay)
    await take.send({"type": "started", "format": first, "sample_rate": protocol.SAMPLE_RATE,
                     "max_seconds": take.max_seconds})
    if take.buyer is not None:
        await take.buyer_says()
    pump = asyncio.create_task(take.pump())
    try:
        while not take.limit_reached:
            try:
                message = await _receive_or(ws, protocol.IDLE_TIMEOUT_S, take.heard_all)
            except TimeoutError:
                await take.stop_pump(pump)
                kept = await take.keep_cut_off()
                raise LiveError(protocol.TIMEOUT, "No audio for 20 seconds; the take was "
                                "closed." + (f" What was recorded is kept as attempt {kept}."
                                             if kept else "")) from None
            if message == {"type": "heard_all"}:
                break  # a spoken drill's points are all heard: answer it now
            if message is None:  # the tab closed mid-take
                await take.stop_pump(pump)
                kept = await take.keep_cut_off()
                log.info("live take of user %s cut off; kept as attempt %s",
                         target.user_id, kept)
                return
            if message.get("bytes") is not None:
                take.accept_audio(message["bytes"])
            else:
                control = protocol.parse_control(message.get("text") or "",
                                                 roleplay=take.buyer is not None)
                if control == "stop" or (control == "turn_end" and not await take.end_turn()):
                    break
            if pump.done():
                pump.result()  # a pass failed: raise it here
        result = await take.finish(pump)
        await take.send(result)
        await ws.close(protocol.NORMAL)
    finally:
        if not pump.done():
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await pump


async def _receive_start(ws: WebSocket) -> str | None:
    try:
        message = await _receive(ws, protocol.START_TIMEOUT_S)
    except TimeoutError:
        raise protocol.start_late() from None
    if message is None:
        return None
    if message.get("text") is None:
        raise protocol.no_start()
    return protocol.parse_start(message["text"])


async def live_endpoint(ws: WebSocket) -> None:
    """The WebSocket endpoint (see the module docstring and the README's protocol)."""
    db: Database = ws.app.state.db
    await ws.accept()
    try:
        account = await run_in_threadpool(_account, ws, db)
        target, content, roleplay = await run_in_threadpool(_target, ws, db, account)
        with slots_of(ws).hold(account.id):
            await ws.send_text(json.dumps({**_ready(target, content),
                                           "roleplay": roleplay is not None}))
            await _run_take(ws, db, target, content, roleplay)
    except LiveError as exc:
        await _refuse(ws, exc, target_url=_fallback(ws))
    except DomainError as exc:
        await _refuse(ws, LiveError(protocol.BAD_INPUT, exc.detail), target_url=_fallback(ws))
    except WebSocketDisconnect:
        return
    except Exception:  # a bug or a Whisper failure: say so, and close as a server error
        log.exception("live take failed")
        await _refuse(ws, LiveError(1011, "Something went wrong on the server; this take was "
                                    "not saved. Record it with the recorder instead."),
                      target_url=_fallback(ws))


def _fallback(ws: WebSocket) -> str | None:
    drill = ws.query_params.get("drill") or ""
    if drill.isdigit():
        return f"/drills/{drill}/record"
    slug, _, pitch_id = (ws.query_params.get("pitch") or "").partition("/")
    return f"/pitches/{slug}/{pitch_id}/record" if slug and pitch_id else None


async def _refuse(ws: WebSocket, exc: LiveError, *, target_url: str | None) -> None:
    if ws.application_state != WebSocketState.CONNECTED:
        return
    frame = exc.frame()
    if target_url and exc.code in (protocol.TRY_LATER, protocol.UNUSABLE):
        frame.setdefault("fallback", target_url)
    with contextlib.suppress(Exception):
        await ws.send_text(json.dumps(frame))
        await ws.close(exc.code)


def _ready(target: LiveTarget, content: dict[str, Any]) -> dict[str, Any]:
    spec = target.spec
    return {"type": "ready",
            "pitch": f"{target.module_slug}/{target.pitch_id}" if target.pitch_id else None,
            "drill": target.drill_id,
            "messages": [{"id": p.id, "statement": p.statement} for p in spec.points],
            "forbidden": [p for p, _ in spec.forbidden],
            "retired": [p for p, _ in spec.retired],
            "formats": list(protocol.FORMATS), "sample_rate": protocol.SAMPLE_RATE}


def _in_session(db: Database, fn: Callable[..., PitchAttempt], *args: Any) -> PitchAttempt:
    """Run a write (it begins and commits) in a session of its own."""
    with db.session() as session:
        return fn(session, *args)


def install(app: Any) -> None:
    """Serve the live socket (a Starlette route: FastAPI's request dependencies, such as the
    CSRF check, are for HTTP; the socket checks sign-in and Origin itself)."""
    app.router.routes.append(WebSocketRoute(PATH, live_endpoint, name="live"))
    make_schema = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return dict(app.openapi_schema)
        schema: dict[str, Any] = make_schema()
        schema.setdefault("tags", []).append({"name": "live", "description":
                                              protocol.DESCRIPTION})
        schema["x-websockets"] = {PATH: {
            "summary": "Live practice: stream a pitch, get the checklist and the scored "
                       "attempt", "description": protocol.DESCRIPTION, "tags": ["live"],
            "parameters": [{"name": "pitch", "in": "query", "required": True,
                            "schema": {"type": "string"},
                            "description": "module-slug/pitch-id"}]}}
        return schema

    app.openapi = openapi
