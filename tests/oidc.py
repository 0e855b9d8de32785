"""A small OpenID Connect provider on loopback for the sign-in tests: Starlette served by uvicorn,
ID tokens signed (RS256) and published as a JWK set with joserfc (Authlib's JOSE library), PKCE
(S256) checked with Authlib's own function.

Its sign-in page lists the test's people; choosing one is the sign-in. It runs the
authorization-code flow as a real provider does: the client and its redirect URI must be the
registered ones, a code is used once, the verifier must match the challenge, the ID token
carries the nonce, the audience and a ``roles`` claim.
"""

from __future__ import annotations

import base64
import html
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode

import uvicorn
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Person:
    login: str
    name: str
    email: str
    roles: tuple[str, ...] = ()


@dataclass
class Provider:
    """The provider's registration of one client, and what it has handed out."""

    client_id: str
    client_secret: str
    redirect_uris: list[str]
    people: dict[str, Person]
    issuer: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "test"}))
    codes: dict[str, dict] = field(default_factory=dict)
    tokens_issued: list[str] = field(default_factory=list)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/authorize", self.authorize, methods=["GET", "POST"]),
                Route("/token", self.token, methods=["POST"]),
                Route("/jwks", self.jwks),
            ]
        )

    async def discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "scopes_supported": ["openid", "email", "profile"],
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    async def authorize(self, request: Request) -> Response:
        params = dict(request.query_params) if request.method == "GET" else dict(await request.form())
        if params.get("client_id") != self.client_id or params.get("redirect_uri") not in self.redirect_uris:
            return Response("unknown client or redirect_uri", status_code=400)
        if params.get("response_type") != "code" or "openid" not in params.get("scope", "").split():
            return Response("unsupported request", status_code=400)
        if request.method == "GET":
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in params.items()
            )
            buttons = "".join(
                f'<button type="submit" name="login" value="{p.login}">{html.escape(p.name)}</button>'
                for p in self.people.values()
            )
            return HTMLResponse(
                f"<html><body><h1>Test provider</h1><form method='post'>{hidden}{buttons}</form></body></html>"
            )
        person = self.people[params["login"]]
        code = secrets.token_urlsafe(24)
        self.codes[code] = {"person": person, **params, "at": time.time()}
        return RedirectResponse(
            f"{params['redirect_uri']}?{urlencode({'code': code, 'state': params.get('state', '')})}", status_code=302
        )

    async def token(self, request: Request) -> Response:
        form = dict(await request.form())
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if auth := request.headers.get("authorization"):
            client_id, _, client_secret = base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")
        if (client_id, client_secret) != (self.client_id, self.client_secret):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = self.codes.pop(form.get("code", ""), None)  # a code is used once
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["redirect_uri"] != form.get("redirect_uri")
            or time.time() - grant["at"] > 60
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        challenge = grant.get("code_challenge")
        if challenge and create_s256_code_challenge(form.get("code_verifier", "")) != challenge:
            return JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, status_code=400)
        person: Person = grant["person"]
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": person.login,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 600,
            "name": person.name,
            "email": person.email,
            "email_verified": True,
            "roles": list(person.roles),
        }
        if nonce := grant.get("nonce"):
            claims["nonce"] = nonce
        id_token = jwt.encode({"alg": "RS256", "kid": "test"}, claims, self.key)
        self.tokens_issued.append(person.login)
        return JSONResponse(
            {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer", "expires_in": 600, "id_token": id_token}
        )


@contextmanager
def serve(provider: Provider) -> Iterator[Provider]:
    """The provider on a free loopback port, in a thread of this process, for the ``with`` block."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    provider.issuer = f"http://{HOST}:{port}"
    server = uvicorn.Server(uvicorn.Config(provider.app(), host=HOST, port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the test OIDC provider did not start on {provider.issuer}")
        time.sleep(0.05)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(timeout=10)
