"""/admin/identity: sign-in providers (add, test, enable), SCIM tokens (create, shown
once; revoke), group mappings, and the provisioning log. Admins only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.clock import utcnow
from app.db import Database
from app.deps import CurrentAdmin, DbDep, SessionDep, SettingsDep, writes_in_own_turn
from app.identity import events, mappings, oidc, providers, saml, scim_tokens
from app.models import Role
from app.settings import Settings
from app.users import get_team, list_teams
from app.web import redirect, render
from drills.errors import DomainError, InvalidInput

router = APIRouter(prefix="/admin/identity", include_in_schema=False)

Text = Annotated[str, Form(max_length=2000)]
LongText = Annotated[str, Form(max_length=200_000)]
PAGE = "/admin/identity"


def _provider_rows(session: Session, settings: Settings) -> list[dict[str, Any]]:
    base = settings.base_url.rstrip("/")
    rows = []
    for p in providers.list_providers(session=session):
        urls = ({"Redirect URI": f"{base}/sso/{p.slug}/callback"} if p.kind == "oidc" else
                {"SP metadata (entity ID)": saml.entity_id(base, p.slug),
                 "ACS URL": saml.acs_url(base, p.slug)})
        rows.append({"p": p, "config": providers.public_config(p), "urls": urls})
    return rows


def _mapping_rows(session: Session) -> list[dict[str, Any]]:
    teams = {t.id: t.name for t in list_teams(session=session)}
    return [{"m": m, "team": teams.get(m.team_id) if m.team_id else None}
            for m in mappings.list_mappings(session=session)]


def page(request: Request, session: Session, settings: Settings, *,
         error: str | None = None, new_token: str | None = None, tested: str | None = None,
         form: dict[str, str] | None = None, status_code: int = 200) -> Response:
    return render(request, "admin/identity.html", {
        "providers": _provider_rows(session, settings),
        "tokens": scim_tokens.list_all(session=session),
        "mappings": _mapping_rows(session),
        "teams": list_teams(session=session), "roles": list(Role),
        "log": events.list_recent(session=session, limit=100),
        "scim_base": f"{settings.base_url.rstrip('/')}/scim/v2",
        "password_sign_in": settings.password_sign_in,
        "break_glass": sorted(settings.break_glass_emails),
        "error": error, "new_token": new_token, "tested": tested, "form": form or {},
    }, status_code=status_code)


def _refuse(request: Request, session: Session, settings: Settings, exc: DomainError,
            form: dict[str, str] | None = None) -> Response:
    session.rollback()
    status = 409 if "already exists" in exc.detail else 422
    return page(request, session, settings, error=exc.detail, form=form, status_code=status)


@router.get("")
def identity_page(request: Request, admin: CurrentAdmin, session: SessionDep,
                  settings: SettingsDep) -> Response:
    return page(request, session, settings)


@router.post("/providers")
def add_provider(
    request: Request, admin: CurrentAdmin, session: SessionDep, settings: SettingsDep,
    kind: Text = "", name: Text = "", slug: Text = "", jit: Text = "",
    issuer: Text = "", client_id: Text = "", client_secret: Text = "", scopes: Text = "",
    groups_claim: Text = "", idp_metadata: LongText = "", groups_attribute: Text = "",
    email_attribute: Text = "",
) -> Response:
    form = {"kind": kind, "name": name, "slug": slug, "issuer": issuer,
            "client_id": client_id, "scopes": scopes, "groups_claim": groups_claim,
            "groups_attribute": groups_attribute, "email_attribute": email_attribute}
    try:
        provider = providers.create(session=session, kind=kind, name=name, slug=slug,
                                    jit=jit == "on", form={
                                        **form, "client_secret": client_secret,
                                        "idp_metadata": idp_metadata})
        if provider.kind == "saml":
            saml.test_metadata(provider.config, settings.base_url, provider.slug)
    except saml.SamlError as exc:
        return _refuse(request, session, settings, InvalidInput(str(exc)), form)
    except DomainError as exc:
        return _refuse(request, session, settings, exc, form)
    events.record(session=session, source=f"admin:{admin.email}", action="provider_added",
                  subject=provider.name, detail=f"{provider.kind.upper()} provider "
                  f"'{provider.slug}' added")
    return redirect(request, PAGE, notice=f"{provider.name} added. Test the connection, then "
                    "give the addresses shown to your identity provider.")


def _load_provider(db: Database, provider_id: int) -> tuple[str, str, dict[str, Any]]:
    with db.session() as session:
        p = providers.get(session=session, provider_id=provider_id)
        return p.kind, p.slug, dict(p.config)


def _note_test(db: Database, provider_id: int, error: str | None) -> None:
    with db.session(write=True) as session:
        providers.note_test(session=session, provider_id=provider_id, error=error, now=utcnow())
        session.commit()


def _result_page(request: Request, db: Database, settings: Settings, *,
                 error: str | None, tested: str | None) -> Response:
    with db.session() as session:
        return page(request, session, settings, error=error, tested=tested,
                    status_code=200)  # the test ran: its outcome is the answer


@router.post("/providers/{provider_id}/test")
@writes_in_own_turn  # reads first, then one short write: no write turn held meanwhile
async def test_provider(request: Request, provider_id: int, admin: CurrentAdmin,
                        db: DbDep, settings: SettingsDep) -> Response:
    """Reach the provider now (no database lock is held meanwhile) and say what happened."""
    kind, slug, config = await db.run(_load_provider, db, provider_id)
    try:
        if kind == "oidc":
            tested = await run_in_threadpool(oidc.test_connection, config,
                                             timeout=settings.sso_timeout_s)
        else:
            tested = await run_in_threadpool(saml.test_metadata, config, settings.base_url,
                                             slug)
        error = None
    except (oidc.OidcError, saml.SamlError) as exc:
        tested, error = None, f"The test failed: {exc}"
    await db.write(_note_test, db, provider_id, error)
    return await db.run(_result_page, request, db, settings, error=error, tested=tested)


@router.post("/providers/{provider_id}/enabled")
def enable_provider(request: Request, provider_id: int, admin: CurrentAdmin,
                    session: SessionDep, enabled: Text = "") -> Response:
    provider = providers.set_enabled(session=session, provider_id=provider_id,
                                     enabled=enabled == "1")
    state = "shown on the sign-in page" if provider.enabled else "turned off"
    return redirect(request, PAGE, notice=f"{provider.name} is {state}.")


@router.post("/scim-tokens")
def create_scim_token(request: Request, admin: CurrentAdmin, session: SessionDep,
                      settings: SettingsDep, name: Text = "") -> Response:
    try:
        raw, _ = scim_tokens.create(session=session, name=name, now=utcnow(),
                                    by=f"admin:{admin.email}")
    except DomainError as exc:
        return _refuse(request, session, settings, exc)
    return page(request, session, settings, new_token=raw, status_code=201)


@router.post("/scim-tokens/{token_id}/revoke")
def revoke_scim_token(request: Request, token_id: int, admin: CurrentAdmin,
                      session: SessionDep) -> Response:
    row = scim_tokens.revoke(session=session, token_id=token_id, now=utcnow(),
                             by=f"admin:{admin.email}")
    return redirect(request, PAGE, notice=f"SCIM token '{row.name}' revoked.")


def _team_id(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise InvalidInput(f"'{raw[:20]}' is not a team.")
    return int(raw)


@router.post("/mappings")
def add_mapping(request: Request, admin: CurrentAdmin, session: SessionDep,
                settings: SettingsDep, group_name: Text = "", role: Text = "",
                team_id: Text = "", manages: Text = "") -> Response:
    form = {"group_name": group_name, "role": role, "team_id": team_id, "manages": manages}
    try:
        tid = _team_id(team_id)
        if tid is not None:
            get_team(session=session, team_id=tid)
        mapping = mappings.create_mapping(session=session, group_name=group_name,
                                          role=role or None, team_id=tid,
                                          manages=manages == "on")
    except DomainError as exc:
        return _refuse(request, session, settings, exc, form)
    events.record(session=session, source=f"admin:{admin.email}", action="mapping_added",
                  subject=mapping.group_name, detail="applies at the next sign-in or SCIM push")
    return redirect(request, PAGE, notice=f"Mapping for '{mapping.group_name}' added; it "
                    "applies at each person's next sign-in or directory push.")


@router.post("/mappings/{mapping_id}/delete")
def delete_mapping(request: Request, mapping_id: int, admin: CurrentAdmin,
                   session: SessionDep) -> Response:
    mappings.delete_mapping(session=session, mapping_id=mapping_id)
    events.record(session=session, source=f"admin:{admin.email}", action="mapping_removed",
                  subject=str(mapping_id), detail="applies at the next sign-in or SCIM push")
    return redirect(request, PAGE, notice="Mapping removed.")
