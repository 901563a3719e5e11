"""A real OpenID Connect provider for the tests: django-oidc-provider, run in its own
virtualenv (.venv-oidc, made by `make oidc-provider`) as a separate process.

    python oidc_site.py serve --port P --data DIR     set up (first time) and serve
    python oidc_site.py run --data DIR --port P "CODE" run Django ORM code (add a user,
                                                        rotate the signing key)

One Django settings module, built here, so the whole provider is this one file.
"""

from __future__ import annotations

import sys
from pathlib import Path

CLIENT_ID = "onmessage-test"
CLIENT_SECRET = "onmessage-test-secret-0123456789"
PASSWORD = "provider-pass-123"


def configure(data: Path, port: int, redirect_uri: str = "") -> None:
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="oidc-test-provider-secret-key-0123456789abcdef",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes",
                        "django.contrib.sessions", "oidc_provider"],
        MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware",
                    "django.middleware.csrf.CsrfViewMiddleware",
                    "django.contrib.auth.middleware.AuthenticationMiddleware"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3",
                               "NAME": str(data / "provider.db")}},
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates",
                    "DIRS": [str(Path(__file__).parent / "oidc_templates")],
                    "APP_DIRS": True,
                    "OPTIONS": {"context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth"]}}],
        LOGIN_URL="/accounts/login/",
        SITE_URL=f"http://127.0.0.1:{port}",
        OIDC_IDTOKEN_INCLUDE_CLAIMS=True,
        OIDC_USERINFO=f"{__name__}.userinfo",
        OIDC_EXTRA_SCOPE_CLAIMS=f"{__name__}.GroupClaims",
        USE_TZ=True,
    )
    django.setup()


def userinfo(claims: dict, user) -> dict:  # type: ignore[no-untyped-def, type-arg]
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["name"] = f"{user.first_name} {user.last_name}".strip() or user.username
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    return claims


def _group_claims():  # type: ignore[no-untyped-def]
    from oidc_provider.lib.claims import ScopeClaims

    class GroupClaims(ScopeClaims):
        info_groups = ("Groups", "The groups you belong to.")

        def scope_groups(self):  # type: ignore[no-untyped-def]
            return {"groups": sorted(g.name for g in self.user.groups.all())}

    return GroupClaims


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    if name == "GroupClaims":
        return _group_claims()
    if name == "urlpatterns":
        from django.contrib.auth import views as auth_views
        from django.urls import include, path

        return [path("accounts/login/", auth_views.LoginView.as_view()),
                path("openid/", include("oidc_provider.urls", namespace="oidc_provider"))]
    raise AttributeError(name)


def setup(redirect_uri: str) -> None:
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey

    call_command("migrate", verbosity=0)
    if not RSAKey.objects.exists():
        call_command("creatersakey")
    client, _ = Client.objects.get_or_create(
        client_id=CLIENT_ID,
        defaults={"name": "OnMessage", "client_type": "confidential",
                  "client_secret": CLIENT_SECRET, "jwt_alg": "RS256", "require_consent": False,
                  "reuse_consent": True})
    client._redirect_uris = redirect_uri
    client.scope = ["openid", "email", "profile", "groups"]
    client.save()
    client.response_types.set([ResponseType.objects.get(value="code")])


def add_user(username: str, email: str, groups: list[str], first: str = "",
             last: str = "") -> None:
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username=username)
    user.email, user.first_name, user.last_name = email, first, last
    user.set_password(PASSWORD)
    user.save()
    user.groups.set([Group.objects.get_or_create(name=g)[0] for g in groups])


def add_redirect_uri(uri: str) -> None:
    from oidc_provider.models import Client

    client = Client.objects.get(client_id=CLIENT_ID)
    uris = [u for u in client._redirect_uris.split() if u]
    if uri not in uris:
        client._redirect_uris = "\n".join([*uris, uri])
        client.save()


def rotate_key() -> str:
    """A new signing key replaces the old one; returns its kid."""
    from django.core.management import call_command
    from oidc_provider.models import RSAKey

    RSAKey.objects.all().delete()
    call_command("creatersakey")
    return str(RSAKey.objects.get().kid)


def main(argv: list[str]) -> None:
    command, args = argv[0], dict(zip(argv[1::2], argv[2::2], strict=False))
    data, port = Path(args["--data"]), int(args["--port"])
    configure(data, port)
    if command == "serve":
        setup(args.get("--redirect-uri", ""))
        from django.core.management import call_command

        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, verbosity=0)
    elif command == "run":
        exec(argv[-1], {"add_user": add_user, "rotate_key": rotate_key,
                        "add_redirect_uri": add_redirect_uri})


if __name__ == "__main__":
    main(sys.argv[1:])
