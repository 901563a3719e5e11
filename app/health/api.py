"""Readiness: database, job queue and transcription model."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.deps import SessionDep, SettingsDep
from app.health.service import database_status, job_queue_status, model_status

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Readiness of the database, job queue and Whisper model")
def healthz(request: Request, session: SessionDep, settings: SettingsDep) -> JSONResponse:
    checks: dict[str, Any] = {"database": database_status(session)}
    checks["job_queue"] = job_queue_status(settings, getattr(request.app.state, "jobs", None))
    checks["transcription_model"] = model_status(settings)
    ok = all(c["ok"] for c in checks.values())
    return JSONResponse({"ok": ok, **checks}, status_code=200 if ok else 503)
