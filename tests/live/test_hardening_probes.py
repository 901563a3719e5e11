"""The fault review's probes, replayed over HTTP against the served app: signed-in error
pages, numbers out of range, a rep moved mid-review, the invite reset."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.live.http import api_token, post_form, signed_in

HUGE = "1180591620717411303424"  # 2**70
# Every route of the review that took an integer, with it replaced by HUGE.
HUGE_PROBES = [
    ("GET", "/api/v1/attempts/{n}"), ("GET", "/api/v1/attempts/{n}/audio"),
    ("GET", "/api/v1/certifications/{n}"), ("POST", "/api/v1/certifications/{n}/submit"),
    ("POST", "/api/v1/reviews/{n}"), ("POST", "/api/v1/drills/{n}/answers"),
    ("DELETE", "/api/v1/tokens/{n}"), ("GET", "/api/v1/teams/{n}/members"),
    ("POST", "/api/v1/field-reports/{n}/triage"), ("GET", "/api/v1/users?team_id={n}"),
    ("GET", "/api/v1/reviews?team={n}"), ("GET", "/api/v1/certifications?team={n}"),
    ("GET", "/api/v1/modules/northwind-shield-launch?version={n}"),
    ("GET", "/api/v1/modules/northwind-shield-launch/versions/{n}/export"),
    ("GET", "/api/v1/modules/northwind-shield-launch/versions/{n}/diff"),
    ("GET", "/certification/{n}"), ("GET", "/reviews/{n}"), ("GET", "/pitches/attempts/{n}"),
    ("GET", "/admin/users/{n}"), ("GET", "/drills/{n}/record"),
]


def _is_styled(page: str) -> bool:
    return '<p class="eyebrow">Error' in page and 'aria-label="Account menu"' in page


def test_signed_in_error_pages_over_http(demo: str) -> None:
    rep = signed_in(demo, "rep@example.com")
    for path, status in (("/modules/no-such-module", 404), ("/admin/users", 403),
                         ("/certification/999999", 404), ("/nothing/here", 404)):
        page = rep.get(path)
        assert page.status_code == status, (path, page.status_code, page.text[:200])
        assert _is_styled(page.text), path
    toast = rep.get("/modules/no-such-module", headers={"HX-Request": "true"})
    assert toast.status_code == 404 and toast.headers["HX-Retarget"] == "#toasts"
    api = httpx.get(demo + "/api/v1/users", headers=api_token(demo, "rep@example.com"))
    assert api.status_code == 403 and isinstance(api.json()["detail"], str)


def test_huge_integers_are_refused_not_500(demo: str) -> None:
    admin = signed_in(demo, "admin@example.com")
    headers = api_token(demo, "admin@example.com")
    statuses = []
    for method, template in HUGE_PROBES:
        path = template.format(n=HUGE)
        if path.startswith("/api/"):
            r = httpx.request(method, demo + path, headers=headers, json={}, timeout=30)
        else:
            r = admin.request(method, path)
        statuses.append(r.status_code)
        assert r.status_code < 500, f"{method} {path}: {r.status_code} {r.text[:200]}"
        assert r.status_code in (403, 404, 405, 422), f"{method} {path}: {r.status_code}"
    assert len(statuses) >= 17


def _ids(demo: str) -> dict[str, Any]:
    admin = api_token(demo, "admin@example.com")
    users = httpx.get(demo + "/api/v1/users", headers=admin, timeout=30).json()
    teams = httpx.get(demo + "/api/v1/teams", headers=admin, timeout=30).json()
    west = api_token(demo, "manager@example.com")
    reviews = httpx.get(demo + "/api/v1/reviews", headers=west, timeout=30).json()
    jordan = next(u for u in users if u["email"] == "jordan@example.com")
    return {"jordan": jordan, "east": next(t for t in teams if "East" in t["name"]),
            "review": next(r for r in reviews if r["user_id"] == jordan["id"]),
            "west_api": west}


RUBRIC = {"message_accuracy": 4, "clarity": 4, "confidence": 4, "objection_handling": 4}


def test_authority_follows_the_team_a_rep_is_moved_to(demo: str) -> None:
    ids = _ids(demo)
    jordan, review = ids["jordan"], ids["review"]
    admin = signed_in(demo, "admin@example.com")
    moved = post_form(admin, f"/admin/users/{jordan['id']}",
                      {"email": jordan["email"], "name": jordan["name"],
                       "team_id": str(ids["east"]["id"]), "roles": ["rep"]},
                      page=f"/admin/users/{jordan['id']}")
    assert moved.status_code == 303, moved.text[:300]

    west = signed_in(demo, "manager@example.com")
    assert west.get(f"/reviews/{review['id']}").status_code == 404
    refused = httpx.post(f"{demo}/api/v1/reviews/{review['id']}", headers=ids["west_api"],
                         json={"decision": "approved", "rubric": RUBRIC}, timeout=30)
    assert refused.status_code == 404, refused.text[:300]
    assert not any(r["id"] == review["id"] for r in httpx.get(
        demo + "/api/v1/reviews", headers=ids["west_api"], timeout=30).json())

    east_api = api_token(demo, "east.manager@example.com")
    queue = httpx.get(demo + "/api/v1/reviews", headers=east_api, timeout=30).json()
    assert any(r["id"] == review["id"] for r in queue)
    done = httpx.post(f"{demo}/api/v1/reviews/{review['id']}", headers=east_api,
                      json={"decision": "approved", "rubric": RUBRIC}, timeout=30)
    assert done.status_code == 200, done.text[:300]
    assert done.json()["status"] == "approved"


def test_an_invite_reset_revokes_sessions_and_tokens(demo: str) -> None:
    old_browser = signed_in(demo, "sam@example.com")
    old_token = api_token(demo, "sam@example.com")
    admin = signed_in(demo, "admin@example.com")
    users = httpx.get(demo + "/api/v1/users", headers=api_token(demo, "admin@example.com"),
                      timeout=30).json()
    sam = next(u for u in users if u["email"] == "sam@example.com")
    invited = post_form(admin, f"/admin/users/{sam['id']}/invite", {},
                        page=f"/admin/users/{sam['id']}")
    assert invited.status_code in (200, 201), invited.text[:300]
    link = re.search(r"/invite/([A-Za-z0-9_-]+)", invited.text)
    assert link, "the invite page shows the link"
    newcomer = httpx.Client(base_url=demo, timeout=30)
    set_pw = post_form(newcomer, f"/invite/{link.group(1)}",
                       {"password": "a-brand-new-pass-42", "confirm": "a-brand-new-pass-42"},
                       page=f"/invite/{link.group(1)}")
    assert set_pw.status_code == 303, set_pw.text[:300]
    assert old_browser.get("/").status_code == 303  # sent to sign in
    assert httpx.get(demo + "/api/v1/me", headers=old_token, timeout=30).status_code == 401
    assert signed_in(demo, "sam@example.com", "a-brand-new-pass-42").get("/").status_code == 200


def test_security_headers_on_pages_api_and_errors(demo: str) -> None:
    for path in ("/login", "/api/v1/me", "/nothing/here", "/static/app.css"):
        r = httpx.get(demo + path, timeout=30)
        csp = r.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, path
        assert "frame-ancestors 'none'" in csp, path
        assert r.headers.get("x-frame-options") == "DENY", path
        assert r.headers.get("x-content-type-options") == "nosniff", path
        assert r.headers.get("referrer-policy"), path
        assert "server" not in r.headers, path  # no banner
        assert "strict-transport-security" not in r.headers  # plain http here
    # The API's documents answer where people look for them.
    assert httpx.get(demo + "/openapi.json", timeout=30, follow_redirects=True).json()["openapi"]
