"""A real uvicorn server in a background thread, for tests, benchmarks and the demo.

`ServerThread(create_app(state))` listens on 127.0.0.1 (a free port unless one is
given), `start()` returns once uvicorn accepts connections, and `stop()` ends it. It
can be started again on the same port, so a test can take the server away in the
middle of a terminal's sync and bring it back where the terminal expects it.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from types import TracebackType

import uvicorn
from fastapi import FastAPI

STARTUP_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 15.0


class ServerThread:
    """One uvicorn server for `app`, run in a daemon thread."""

    def __init__(
        self,
        app: FastAPI,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        tls: tuple[Path, Path] | None = None,
    ) -> None:
        """`tls`: the certificate chain and key files to serve HTTPS with."""
        self.app, self.host, self.port, self.tls = app, host, port, tls
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> ServerThread:
        """Listen and serve; return once connections are accepted."""
        if self.running:
            raise RuntimeError("the server is already running")
        # IPPROTO_TCP named explicitly: asyncio sets TCP_NODELAY only on connections whose
        # socket says so, and without it every answer waits ~40 ms for a delayed ACK.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        # Restarting on the same port must not wait for the old connections' TIME_WAIT.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((self.host, self.port))
        except OSError:
            listener.close()
            raise
        self.port = listener.getsockname()[1]
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            access_log=False,
            # The dashboard's live streams never end by themselves: cut them on stop.
            timeout_graceful_shutdown=2,
            ssl_certfile=self.tls[0] if self.tls else None,
            ssl_keyfile=self.tls[1] if self.tls else None,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [listener]}, name="uvicorn", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not server.started:
            if not thread.is_alive():
                listener.close()
                raise RuntimeError("the server stopped while starting (see its log)")
            if time.monotonic() > deadline:
                server.should_exit = True
                raise RuntimeError(f"the server did not start within {STARTUP_TIMEOUT_S} s")
            thread.join(0.005)  # returns at once if the thread ends
        return self

    def stop(self, *, force: bool = False) -> None:
        """Stop serving; `force` drops requests in progress instead of finishing them."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        server.force_exit = force
        thread.join(STOP_TIMEOUT_S)
        if thread.is_alive():
            raise RuntimeError(f"the server did not stop within {STOP_TIMEOUT_S} s")
        self._server = self._thread = None

    def restart(self) -> None:
        """Stop and start again on the same port."""
        self.stop()
        self.start()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
