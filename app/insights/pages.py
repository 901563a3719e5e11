"""Adoption insights pages: per module and version, for marketing, admins and managers
(their teams only), with every table as CSV."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.clock import utcnow
from app.deps import CurrentMarketing, CurrentUser, SessionDep
from app.insights import service
from app.web import redirect, render
from certification import insights, reporting
from certification.learning import accepted_phrasings
from drills.errors import NotFound
from drills.evidence_promotion import promote_phrasing
from drills.modules import get_module

router = APIRouter(include_in_schema=False)


def _funnel_axes(funnel: insights.Funnel) -> str:
    """The funnel chart's axes in words (its first and last week), for a narrow screen."""
    return reporting.dated_axes_note(next((p for p in funnel.series.values() if p), []))


@router.get("/modules/{slug}/insights")
def insights_page(request: Request, slug: str, account: CurrentUser, session: SessionDep,
                  version: int | None = None, team: int | None = None) -> Response:
    """Funnel, messages ranked weakest first, drift and phrasings for one version."""
    now = utcnow()
    asked = service.resolve(session=session, account=account, slug=slug, version=version,
                            team=team)
    data = service.compute(session, asked, now)
    query = f"?version={asked.version.version}" if asked.version else ""
    if asked.team is not None:
        query += f"&team={asked.team}"
    return render(request, "insights/module.html", {
        "asked": asked, "data": data, "query": query, "now": now,
        "STAGES": insights.STAGES, "STAGE_LABELS": insights.STAGE_LABELS,
        "NO_FIELD_REPORTS": insights.NO_FIELD_REPORTS,
        "funnel_svg": insights.funnel_chart(data.funnel) if data else "",
        "drift_svg": insights.drift_chart(data.drift) if data else "",
        "funnel_axes": _funnel_axes(data.funnel) if data else "",
        "drift_axes": reporting.axes_note(f"week {data.drift.weeks[0].week}",
                                          f"week {data.drift.weeks[-1].week}")
        if data and data.drift.weeks else "",
        # rep phrasings managers accepted, for marketing to promote to evidence
        "accepted": accepted_phrasings(session=session, module_version_id=asked.version.id or 0)
        if asked.version is not None and account.policy.may_author else {},
        "author": account.policy.may_author})


@router.post("/modules/{slug}/evidence")
def promote_evidence(request: Request, slug: str, account: CurrentMarketing,
                     session: SessionDep, message: Annotated[str, Form(max_length=64)],
                     phrase: Annotated[str, Form(max_length=2000)],
                     back: Annotated[str, Form(max_length=200)] = "") -> Response:
    """One click: a phrasing a manager accepted becomes evidence in the next version."""
    module = get_module(session=session, slug=slug)
    draft, added = promote_phrasing(session=session, module=module, message_id=message,
                                    phrase=phrase, now=utcnow())
    note = (f"Added “{' '.join(phrase.split())}” to '{message}' in the draft of version "
            f"{draft.version}." if added else
            f"The draft of version {draft.version} already has that phrasing.")
    # back to the insights view it came from (a path of this module only)
    target = back if back.startswith(f"/modules/{slug}/insights") else (
        f"/modules/{slug}/insights")
    return redirect(request, target, notice=note)


def _csv_route(table: str) -> Callable[..., Response]:
    def download(slug: str, account: CurrentUser, session: SessionDep,
                 version: int | None = None, team: int | None = None) -> Response:
        now = utcnow()
        asked = service.resolve(session=session, account=account, slug=slug, version=version,
                                team=team)
        data = service.compute(session, asked, now)
        if data is None:
            raise NotFound(f"'{slug}' has not been launched yet: there is nothing to export.")
        scope = f"v{data.scope.version.version}" + (f"-team-{team}" if team else "")
        return Response(insights.table_csv(data, table), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="insights-'
                                 f'{slug}-{scope}-{table}-{now:%Y%m%d}.csv"'})

    download.__doc__ = f"The {table} table of a version's insights, as CSV."
    download.__name__ = f"insights_{table}_csv"
    return download


for _table in insights.TABLES:
    router.add_api_route(f"/modules/{{slug}}/insights/{_table}.csv", _csv_route(_table),
                         methods=["GET"])
