"""JSON API for a module's buyer role-play settings (marketing sets them, readers see them)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.clock import utcnow
from app.deps import CurrentMarketing, CurrentUser, SessionDep
from app.errors import API_ERRORS
from app.live import roleplay_settings
from app.pitches.service import practice_version
from drills.errors import NotFound
from drills.models import ModuleVersion
from drills.modules import get_module, latest_published

router = APIRouter(prefix="/api/v1/modules", tags=["live"], responses=API_ERRORS)


class RolePlayIn(BaseModel):
    objections: list[str] | None = Field(None, description="Objection ids in the order the "
                                         "buyer raises them; null for all of the playbook's.")
    persistence: int = Field(1, ge=1, le=3, description="Follow-ups the buyer asks per "
                             "answer that leaves a point out.")


class ObjectionOut(BaseModel):
    id: str
    objection: str


class RolePlayOut(BaseModel):
    module: str
    objections: list[str] | None
    persistence: int
    available: list[ObjectionOut]


def _out(slug: str, version: ModuleVersion, objections: list[Any] | None,
         persistence: int) -> RolePlayOut:
    return RolePlayOut(module=slug, objections=objections, persistence=persistence,
                       available=[ObjectionOut(id=str(o["id"]), objection=str(o["objection"]))
                                  for o in version.content.get("objections") or ()])


@router.get("/{slug}/roleplay")
def get_roleplay(slug: str, account: CurrentUser, session: SessionDep) -> RolePlayOut:
    """Which objections the buyer raises in a live role-play, and how persistent it is."""
    module = get_module(session=session, slug=slug)
    version = practice_version(session, account, module)
    found = roleplay_settings.get(session=session, module_id=module.id or 0)
    return _out(slug, version, found.objections, found.persistence)


@router.put("/{slug}/roleplay")
def put_roleplay(slug: str, body: RolePlayIn, account: CurrentMarketing,
                 session: SessionDep) -> RolePlayOut:
    """Set the buyer's objections (checked against the latest published version) and
    persistence for the module's role-plays."""
    module = get_module(session=session, slug=slug)
    version = latest_published(session=session, module=module)
    if version is None:
        raise NotFound(f"Module '{slug}' has no published version yet.")
    saved = roleplay_settings.update(session=session, module_id=module.id or 0,
                                     content=version.content, objections=body.objections,
                                     persistence=body.persistence, by=account.id,
                                     now=utcnow())
    return _out(slug, version, saved.objections, saved.persistence)
