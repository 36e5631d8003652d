"""What every answer of the dashboard carries, and whom it answers.

The dashboard has no authentication: on loopback, only programs of this machine reach it.
A web page the user visits could still read it through DNS rebinding (its own name,
re-pointed at 127.0.0.1, makes the browser's same-origin rule let its script read the
answers), so a request is answered only when its ``Host`` names the address the server is
bound to; anything else gets a 400 that names no data. Every response, the refusal, static
files, 404, 405 and 500 included, carries the security headers: the wrapper sits outside
Starlette's own error handling.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Scripts: only the three files the dashboard serves, no inline script, no eval. Styles
# allow inline because plotly.js writes its own <style> elements and style attributes as it
# draws (it cannot carry a nonce); no markup from a repository reaches the page unescaped,
# so the only inline styles are plotly's and the radar's.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
_RAW_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
_OURS = {k for k, _ in _RAW_HEADERS}
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
WILDCARDS = ("0.0.0.0", "::", "")


def allowed_hosts(bound: str, port: int) -> frozenset[str] | None:
    """The ``Host`` values that name a server bound to ``bound``:``port`` (lower case, with
    the port; without it too on port 80). None: any IP literal (and this machine's names),
    for a server bound to every interface, where a name cannot be rebound but an address
    the user types can be any of the machine's."""
    if bound in WILDCARDS:
        return None
    names = {_literal(bound)}
    if _is_loopback(bound):
        names.update(LOOPBACK_NAMES)
    return frozenset(_with_port(names, port))


def _with_port(names: Iterable[str], port: int) -> set[str]:
    hosts = {f"{n.lower()}:{port}" for n in names}
    if port == 80:
        hosts.update(n.lower() for n in names)
    return hosts


def _literal(host: str) -> str:
    """An address as a Host header writes it (IPv6 in brackets)."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host.lower()
    return f"[{address.compressed}]" if address.version == 6 else address.compressed


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_allowed(host: str, allowed: frozenset[str] | None, port: int) -> bool:
    host = host.lower()
    if allowed is not None:
        return host in allowed
    name, given = _split(host)
    if given != str(port) and not (port == 80 and given == ""):
        return False
    if name in _machine_names():
        return True
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def _split(host: str) -> tuple[str, str]:
    """A Host header's name and port ("" when it has none)."""
    if host.startswith("["):
        name, bracket, rest = host.partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return host, "?"  # no port matches
        return name + "]", rest.removeprefix(":")
    name, _, port = host.partition(":")
    return name, port


def _machine_names() -> set[str]:
    return {"localhost", socket.gethostname().lower(), socket.getfqdn().lower()}


class Guard:
    """ASGI wrapper: the Host check, then the app with the security headers added."""

    def __init__(
        self,
        app: ASGIApp,
        allowed: frozenset[str] | None,
        port: int,
        close: Callable[[], None] = lambda: None,
    ) -> None:
        self.app = app
        self.allowed = allowed
        self.port = port
        self.close = close  # what the server calls when it has stopped

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k not in _OURS]
                message = {**message, "headers": kept + _RAW_HEADERS}
            await send(message)

        if not self._answers(scope):
            await _refuse(send_secured)
            return
        await self.app(scope, receive, send_secured)

    def _answers(self, scope: Scope) -> bool:
        hosts = [v.decode("latin-1") for k, v in scope["headers"] if k == b"host"]
        return len(hosts) == 1 and host_allowed(hosts[0], self.allowed, self.port)


async def _refuse(send: Send) -> None:
    body = b"techlead: this dashboard answers only requests addressed to it (Host header)\n"
    await send({
        "type": "http.response.start",
        "status": 400,
        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode())],
    })  # fmt: skip
    await send({"type": "http.response.body", "body": body})
