"""叫号屏: the hall's big screen of the numbers being called, with their announcement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI

if TYPE_CHECKING:  # routes imports this module: the type only
    from central.dashboard.routes import Dashboard


class HallDisplay:
    """Its routes around one dashboard (to be built: issue 16)."""

    def __init__(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard

    def install(self, app: FastAPI) -> None:
        pass
