"""The demo's central server (`kiosk --demo`): its own process, found by its own token."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from central import demo
from central.serve import ServerThread
from kiosk.resources import resource_path


def test_a_port_taken_between_the_probe_and_the_bind_is_not_mistaken_for_the_demos(
    server: ServerThread, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two demos starting at once (two test runs, say): the port probed free is taken by
    the other's server before this one's child binds it. The other answers too; the
    demo must find its own server, elsewhere, and not hand the kiosk the other's."""
    probed = iter([server.port, demo._free_port(0)])
    monkeypatch.setattr(demo, "_free_port", lambda preferred: next(probed))
    central = demo.start(tmp_path / "central", resource_path("catalog"))
    try:
        assert central.url != server.base_url
        answer = httpx.get(
            f"{central.url}/api/v1/queue",
            headers={"Authorization": f"Bearer {central.token}"},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        log = (tmp_path / "central" / "central.log").read_text(errors="replace")
        assert "error while attempting to bind" in log  # the first child found it taken
    finally:
        central.stop()
    assert central.process.poll() is not None
