"""Running the page: bind 127.0.0.1 on a free port (or --host/--port), print the address, open the browser.

Werkzeug's threaded server (Flask's own): one user on one PC needs no more, and it stops at once
on Ctrl-C. The temporary upload folder is removed when it stops.
"""

from __future__ import annotations

import logging
import threading
import webbrowser
from typing import Callable

from werkzeug.serving import make_server

from generator.errors import BudgetToolError
from generator.web.app import create_app
from generator.web.security import Guard

LOOPBACK = "127.0.0.1"


class ServeError(BudgetToolError):
    """The server cannot start where asked (port taken, address not on this PC)."""

    who_fixes = "无法启动网页"


def serve(host: str | None = None, port: int = 0, browser: bool = True,
          say: Callable[[str], None] = print, ready: Callable[[object], None] | None = None) -> None:
    """Serve the page until Ctrl-C (or until *ready*'s server is shut down); print where it is.

    Without *host* only this PC can connect; *port* 0 takes a free one. *ready* gets the running
    server (tests stop it with .shutdown()).
    """
    guard = Guard()
    app = create_app(guard)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in staff's window
    try:
        server = make_server(host or LOOPBACK, port, app, threaded=True)
    except (OSError, SystemExit) as exc:  # werkzeug exits when the port is taken
        app.extensions["yusuan"]["uploads"].close()
        raise ServeError(f"无法在 {host or LOOPBACK}:{port} 上启动（{getattr(exc, 'strerror', None) or '端口已被占用'}）。"
                         "请换一个 --port，或不写 --port 让程序自己找空闲端口。") from None
    guard.allow(host or LOOPBACK, server.server_port, remote=host is not None)
    address = f"http://{host or LOOPBACK}:{server.server_port}/"
    say(f"预算说明网页已启动：{address}")
    opening = "本机的浏览器会自动打开" if browser else "把地址复制到浏览器的地址栏"
    say(f"请在浏览器中打开上面的地址（{opening}）。用完后在本窗口按 Ctrl+C 停止。")
    if browser:
        threading.Timer(0.5, webbrowser.open, (address,)).start()
    if ready is not None:
        ready(server)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        app.extensions["yusuan"]["uploads"].close()
        say("网页已停止。")
