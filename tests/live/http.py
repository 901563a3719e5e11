"""HTTP helpers for the live suite: people sign in through the real form."""

from __future__ import annotations

import re

import httpx

DEMO_PASSWORD = "onmessage-demo"
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(client: httpx.Client, path: str) -> str:
    page = client.get(path)
    found = _CSRF_FIELD.search(page.text)
    assert found, f"no CSRF field on {path} ({page.status_code})"
    return found.group(1)


def signed_in(base: str, email: str, password: str = DEMO_PASSWORD) -> httpx.Client:
    """A client signed in through /login, as a browser would be."""
    client = httpx.Client(base_url=base, timeout=30)
    token = csrf_of(client, "/login")
    r = client.post("/login", data={"email": email, "password": password,
                                    "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == "/", r.text[:300]
    return client


def post_form(client: httpx.Client, path: str, data: dict[str, object],
              page: str | None = None, **kwargs: object) -> httpx.Response:
    """POST a form with the CSRF token a page of the site gave this client."""
    token = csrf_of(client, page or "/")
    return client.post(path, data={**data, "csrf_token": token},
                       headers={"X-CSRF-Token": token}, **kwargs)  # type: ignore[arg-type]


def api_token(base: str, email: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    r = httpx.post(base + "/api/v1/tokens", json={"email": email, "password": password},
                   timeout=30)
    assert r.status_code == 201, r.text[:300]
    return {"Authorization": f"Bearer {r.json()['token']}"}
