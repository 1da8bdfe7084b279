"""central.serve.ServerThread: a real server that starts, stops and restarts on its port."""

from __future__ import annotations

import httpx
import pytest

from central.app import create_app
from central.serve import ServerThread
from central.state import ServerState


def test_restart_on_the_same_port_with_a_kept_connection(state: ServerState) -> None:
    server = ServerThread(create_app(state)).start()
    try:
        url, port = server.base_url, server.port
        assert port != 0
        client = httpx.Client(base_url=url)
        assert client.get("/openapi.json").status_code == 200  # keeps its connection
        server.restart()
        assert server.port == port
        assert client.get("/openapi.json").status_code == 200
        client.close()
    finally:
        server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/openapi.json")


def test_a_taken_port_is_an_error(state: ServerState) -> None:
    with ServerThread(create_app(state)) as first, pytest.raises(OSError):
        ServerThread(create_app(state), port=first.port).start()
