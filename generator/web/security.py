"""Who may use the page: only the browser on this PC, through the address the server printed.

A page on another site must not drive the server (CSRF), and a name that resolves to 127.0.0.1
must not reach it under another Host (DNS rebinding): every request names one of the server's own
addresses as Host, and a browser's Origin (or Referer) must be that same address. Requests from
another machine are refused unless the server was started with --host.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import urlsplit

# An input file is a few KB and a ten-page draft ~40 KB; a Word template with pictures may be a few MB.
MAX_REQUEST_BYTES = 10 * 1024 * 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


@dataclass
class Guard:
    """The addresses the server answers to, and whether other machines may connect."""

    hosts: set[str] = field(default_factory=set)   # "127.0.0.1:8765" etc.; filled once the port is known
    remote: bool = False                            # True only with an explicit --host

    def allow(self, host: str, port: int, remote: bool = False) -> None:
        """Answer to *host*:*port* (and the loopback names on that port); with *remote*, to other machines too."""
        self.hosts |= {f"{name}:{port}" for name in (*LOOPBACK_NAMES, host)}
        self.remote = self.remote or remote

    def refusal(self, headers: Mapping[str, str], remote_addr: str | None) -> str | None:
        """Return why a request is refused (in Chinese), or None when it may go on."""
        host = (headers.get("Host") or "").lower()
        if host not in self.hosts:
            return f"拒绝访问：地址“{host}”不是本工具的地址。请用启动时显示的地址打开网页。"
        if not self.remote and not is_loopback(remote_addr):
            return "拒绝访问：本工具只接受本机的浏览器访问（启动时没有指定 --host）。"
        if headers.get("Sec-Fetch-Site", "") in ("cross-site", "same-site"):
            return "拒绝访问：请求来自其他网站的网页。"
        origin = headers.get("Origin")
        if origin is not None and not self.own(origin, host):
            return f"拒绝访问：请求来自其他网页（{origin}）。请直接在本工具的网页上操作。"
        referer = headers.get("Referer")
        if origin is None and referer and not self.own(referer, host):
            return "拒绝访问：请求来自其他网页。请直接在本工具的网页上操作。"
        return None

    @staticmethod
    def own(url: str, host: str) -> bool:
        """Return True when *url* is on this server (http, the same host and port)."""
        parts = urlsplit(url)
        return parts.scheme == "http" and parts.netloc.lower() == host


def is_loopback(address: str | None) -> bool:
    """Return True for an address of this PC itself.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("192.168.1.5"), is_loopback(None)
    (True, True, False, False)
    """
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


SECURITY_HEADERS = {
    # Scripts and styles only from this server (the diff page in its frame brings its own inline styles).
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                "img-src 'self' data: blob:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
