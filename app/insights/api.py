"""JSON API for adoption insights: the same data as the insights page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.clock import utcnow
from app.deps import CurrentUser, SessionDep
from app.errors import API_ERRORS
from app.insights import service
from certification import insights

router = APIRouter(prefix="/api/v1/modules", tags=["insights"], responses=API_ERRORS)


@router.get("/{slug}/insights")
def module_insights(slug: str, account: CurrentUser, session: SessionDep,
                    version: int | None = None, team: int | None = None) -> dict[str, Any]:
    """Funnel, per-message ranking (weakest first), drift and phrasings of one version.

    Marketing and admins read every team; managers only the teams they manage. Without
    `version`, the newest launched version; `team` narrows to one team.
    """
    asked = service.resolve(session=session, account=account, slug=slug, version=version,
                            team=team)
    data = service.compute(session, asked, utcnow())
    if data is None:
        return {"module": slug, "version": None, "launched": False}
    return {**insights.to_json(data), "launched": True}
