"""A real SAML 2.0 identity provider for the tests: pysaml2's IdP (saml2.server.Server),
signing with its own key through xmlsec1, served by wsgiref in a separate process.

    python saml_idp.py --port P --data DIR

    GET  /metadata                 the IdP's metadata (its signing certificate)
    GET  /sso/redirect?SAMLRequest  SP-initiated: a sign-in form, then an auto-posting form
                                    with the signed response to the SP's ACS
    GET  /idp-init?acs=&sp=&relay=  IdP-initiated: the same form, then an unsolicited response
    POST /sp                        (test control) trust an SP: its metadata XML
    POST /users                     (test control) add a user: JSON {username, password,
                                    email, name, groups}
    POST /craft                     (test control) a response for a user, as JSON
                                    {SAMLResponse}: variant valid | unsigned | expired |
                                    wrong_audience | wrong_recipient | other_key
"""

from __future__ import annotations

import base64
import datetime
import html
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_BASIC, NAMEID_FORMAT_EMAILADDRESS
from saml2.server import Server

XMLSEC = "/usr/bin/xmlsec1"


def make_key(data: Path, name: str) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key_path, cert_path = data / f"{name}.key", data / f"{name}.crt"
    if not key_path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Test IdP {name}")])
        now = datetime.datetime.now(datetime.UTC)
        cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(days=1))
                .not_valid_after(now + datetime.timedelta(days=365))
                .sign(key, hashes.SHA256()))
        key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.TraditionalOpenSSL,
                                               serialization.NoEncryption()))
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


class Idp:
    def __init__(self, base: str, data: Path) -> None:
        self.base, self.data = base, data
        self.users_file = data / "users.json"
        if not self.users_file.exists():
            self.users_file.write_text("{}")

    def server(self, *, lifetime: dict[str, int] | None = None, key: str = "idp") -> Server:
        key_file, cert_file = make_key(self.data, key)
        conf = {
            "entityid": f"{self.base}/metadata",
            "xmlsec_binary": XMLSEC,
            "key_file": key_file, "cert_file": cert_file,
            "service": {"idp": {
                "name": "Corp test IdP",
                "endpoints": {"single_sign_on_service": [
                    (f"{self.base}/sso/redirect", BINDING_HTTP_REDIRECT)]},
                "policy": {"default": {"lifetime": lifetime or {"minutes": 15},
                                       "attribute_restrictions": None,
                                       "name_form": NAME_FORMAT_BASIC}},
                "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
            }},
            "metadata": {"local": sorted(str(p) for p in self.data.glob("sp-*.xml"))},
        }
        config = IdPConfig()
        config.load(conf)
        return Server(config=config)

    def users(self) -> dict[str, dict[str, Any]]:
        data: dict[str, dict[str, Any]] = json.loads(self.users_file.read_text())
        return data

    def response(self, username: str, *, acs: str, audience: str, in_response_to: str | None,
                 variant: str = "valid") -> str:
        user = self.users()[username]
        lifetime = {"minutes": -10} if variant == "expired" else None
        server = self.server(lifetime=lifetime, key="other" if variant == "other_key" else "idp")
        identity = {"email": [user["email"]], "groups": user.get("groups", []),
                    "displayName": [user.get("name") or username]}
        signed = variant != "unsigned"
        response = server.create_authn_response(
            identity, in_response_to=in_response_to,
            destination="https://elsewhere.example/acs" if variant == "wrong_recipient" else acs,
            sp_entity_id="https://elsewhere.example/sp" if variant == "wrong_audience"
            else audience,
            name_id=_name_id(user["email"]),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_assertion=signed, sign_response=False)
        return base64.b64encode(str(response).encode()).decode()


def _name_id(email: str) -> Any:
    from saml2.saml import NameID

    return NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email)


def _page(body: str) -> bytes:
    return (f"<!doctype html><html><head><title>Corp IdP</title></head><body>{body}"
            "</body></html>").encode()


def _login_form(fields: dict[str, str], error: str = "") -> bytes:
    hidden = "".join(f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
                     for k, v in fields.items())
    return _page(f"<h1>Corp IdP sign-in</h1>{'<p>' + error + '</p>' if error else ''}"
                 f'<form method="post" action="/login">{hidden}'
                 '<label>Username <input name="username" id="username"></label>'
                 '<label>Password <input name="password" id="password" type="password">'
                 '</label><button type="submit">Sign in</button></form>')


def _post_form(acs: str, saml_response: str, relay: str) -> bytes:
    """The browser carries the response to the SP (a form that submits itself)."""
    return _page(f'<form id="saml" method="post" action="{html.escape(acs)}">'
                 f'<input type="hidden" name="SAMLResponse" value="{saml_response}">'
                 f'<input type="hidden" name="RelayState" value="{html.escape(relay)}">'
                 '<button type="submit" id="continue">Continue</button></form>'
                 "<script>document.getElementById('saml').submit()</script>")


def app(idp: Idp):  # type: ignore[no-untyped-def]
    def wsgi(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        body = b""
        if method == "POST":
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))

        def answer(status: str, content: bytes, kind: str = "text/html") -> list[bytes]:
            start_response(status, [("Content-Type", kind),
                                    ("Content-Length", str(len(content)))])
            return [content]

        try:
            if path == "/metadata":
                server = idp.server()
                xml = create_metadata_string(None, config=server.config, valid=None)
                return answer("200 OK", xml if isinstance(xml, bytes) else xml.encode(),
                              "application/samlmetadata+xml")
            if path in ("/sso/redirect", "/idp-init") and method == "GET":
                return answer("200 OK", _login_form({**query, "mode": path}))
            if path == "/login" and method == "POST":
                form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                user = idp.users().get(form.get("username", ""))
                if user is None or user["password"] != form.get("password"):
                    fields = {k: v for k, v in form.items()
                              if k not in ("username", "password")}
                    return answer("401 Unauthorized", _login_form(fields, "Wrong password."))
                if form.get("mode") == "/sso/redirect":
                    server = idp.server()
                    request = server.parse_authn_request(form["SAMLRequest"],
                                                         BINDING_HTTP_REDIRECT)
                    message = request.message
                    acs = message.assertion_consumer_service_url
                    audience = message.issuer.text
                    response = idp.response(form["username"], acs=acs, audience=audience,
                                            in_response_to=message.id)
                    return answer("200 OK", _post_form(acs, response,
                                                       form.get("RelayState", "")))
                response = idp.response(form["username"], acs=form["acs"],
                                        audience=form["sp"], in_response_to=None)
                return answer("200 OK", _post_form(form["acs"], response,
                                                   form.get("relay", "")))
            if path == "/sp" and method == "POST":  # an SP's metadata, as an admin adds it
                count = len(list(idp.data.glob("sp-*.xml")))
                (idp.data / f"sp-{count}.xml").write_bytes(body)
                return answer("200 OK", b"{}", "application/json")
            if path == "/users" and method == "POST":
                user = json.loads(body)
                users = idp.users()
                users[user["username"]] = user
                idp.users_file.write_text(json.dumps(users))
                return answer("200 OK", b"{}", "application/json")
            if path == "/craft" and method == "POST":
                spec = json.loads(body)
                response = idp.response(spec["username"], acs=spec["acs"],
                                        audience=spec["audience"],
                                        in_response_to=spec.get("in_response_to"),
                                        variant=spec.get("variant", "valid"))
                return answer("200 OK", json.dumps({"SAMLResponse": response}).encode(),
                              "application/json")
            return answer("404 Not Found", b"not found", "text/plain")
        except Exception as exc:  # the test reads the reason in the IdP's answer
            import traceback

            traceback.print_exc()
            return answer("500 Internal Server Error", repr(exc).encode(), "text/plain")

    return wsgi


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def main(argv: list[str]) -> None:
    args = dict(zip(argv[::2], argv[1::2], strict=False))
    port, data = int(args["--port"]), Path(args["--data"])
    idp = Idp(f"http://127.0.0.1:{port}", data)
    make_key(data, "idp")
    make_key(data, "other")
    with make_server("127.0.0.1", port, app(idp), handler_class=_Quiet) as httpd:
        httpd.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
