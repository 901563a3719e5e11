"""Real identity providers for the identity tests, started here and stopped at the end:

``oidc_provider``  django-oidc-provider (a real OpenID Connect provider) in its own
                   virtualenv `.venv-oidc` (`make oidc-provider` builds it; CI runs that),
                   serving on a free port. Skipped, with the reason, when it is missing.
``saml_idp``       a pysaml2 identity provider (pysaml2's IdP server, in a separate
                   process) with its own signing key; needs Debian's xmlsec1.
"""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.live_server import REPO, free_port

PROVIDERS = Path(__file__).parent / "providers"
OIDC_PYTHON = REPO / ".venv-oidc" / "bin" / "python"


@dataclass
class OidcProvider:
    issuer: str
    data: Path
    port: int
    client_id: str
    client_secret: str
    password: str

    def run(self, code: str) -> str:
        """Run Django code in the provider (add_user, rotate_key, add_redirect_uri)."""
        done = subprocess.run([str(OIDC_PYTHON), str(PROVIDERS / "oidc_site.py"), "run",
                               "--data", str(self.data), "--port", str(self.port), code],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


def _wait(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise AssertionError("the provider exited:\n" + log.read_text())
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise AssertionError("the provider did not start:\n" + log.read_text()) \
                    from None
            time.sleep(0.3)


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    if not (REPO / ".venv-oidc" / ".installed").exists():
        pytest.skip(".venv-oidc is missing: `make oidc-provider` installs django-oidc-provider "
                    "there (a real OpenID Connect provider for these tests)")
    import importlib.util
    import sys

    sys.path.insert(0, str(PROVIDERS))
    try:
        spec = importlib.util.spec_from_file_location("oidc_site", PROVIDERS / "oidc_site.py")
        assert spec and spec.loader
        site = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(site)
    finally:
        sys.path.remove(str(PROVIDERS))
    data = tmp_path_factory.mktemp("oidc-provider")
    port = free_port()
    log = data / "provider.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(OIDC_PYTHON), str(PROVIDERS / "oidc_site.py"), "serve", "--data", str(data),
             "--port", str(port), "--redirect-uri", "http://testserver/sso/corp/callback"],
            stdout=out, stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{port}/openid"
    try:
        _wait(f"{issuer}/.well-known/openid-configuration", process, log)
        yield OidcProvider(issuer=issuer, data=data, port=port, client_id=site.CLIENT_ID,
                           client_secret=site.CLIENT_SECRET, password=site.PASSWORD)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class SamlIdp:
    base: str
    data: Path

    def add_user(self, username: str, email: str, groups: list[str], name: str = "") -> None:
        import json

        body = json.dumps({"username": username, "password": SAML_PASSWORD, "email": email,
                           "groups": groups, "name": name}).encode()
        urllib.request.urlopen(urllib.request.Request(f"{self.base}/users", data=body),
                               timeout=30).read()

    def trust(self, sp_metadata: str) -> None:
        """Add an SP, as the IdP's admin would, from its metadata."""
        urllib.request.urlopen(urllib.request.Request(f"{self.base}/sp",
                                                      data=sp_metadata.encode()),
                               timeout=30).read()

    def metadata(self) -> str:
        with urllib.request.urlopen(f"{self.base}/metadata", timeout=30) as response:
            return str(response.read().decode())

    def craft(self, username: str, acs: str, audience: str, variant: str = "valid",
              in_response_to: str | None = None) -> str:
        import json

        body = json.dumps({"username": username, "acs": acs, "audience": audience,
                           "variant": variant, "in_response_to": in_response_to}).encode()
        with urllib.request.urlopen(urllib.request.Request(f"{self.base}/craft", data=body),
                                    timeout=30) as response:
            return str(json.loads(response.read())["SAMLResponse"])


SAML_PASSWORD = "idp-pass-123"


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SamlIdp]:
    import shutil
    import sys

    if shutil.which("xmlsec1") is None:
        pytest.skip("xmlsec1 is missing (apt-get install xmlsec1): SAML signs and checks "
                    "signatures with it")
    try:
        import saml2  # noqa: F401
    except ImportError:
        pytest.skip("pysaml2 is missing (pip install -e '.[dev]')")
    data = tmp_path_factory.mktemp("saml-idp")
    port = free_port()
    log = data / "idp.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, str(PROVIDERS / "saml_idp.py"), "--port",
                                    str(port), "--data", str(data)],
                                   stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/metadata", process, log)
        yield SamlIdp(base=base, data=data)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
