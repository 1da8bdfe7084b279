"""On every screen, in every size, orientation, language and text size, the primary
action is on screen, or reachable by a scroll that the screen shows ("more below").

It walks the screenshot states (tests/ui/scenes.py, as scripts/screenshots.py takes them).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtCore import QPointF
from PySide6.QtQuick import QQuickItem

from tests.ui.conftest import Kiosk
from tests.ui.scenes import SIZES, Scene, reset, scenes


def _primary(k: Kiosk, scene: Scene) -> QQuickItem:
    assert scene.primary is not None
    if scene.primary.endswith("*"):
        prefix = scene.primary[:-1]
        found = [i for i in k.shown_items() if i.objectName().startswith(prefix)]
        assert found, f"{scene.name}: no {scene.primary}"
        return found[0]
    return k.get(scene.primary)


def _whole_in_view(k: Kiosk, item: QQuickItem) -> bool:
    """Its centre and the middle of its top and bottom edges: all of it can be tapped."""
    w, h = item.width(), item.height()
    return all(k.in_view(item, QPointF(w / 2, y)) for y in (2, h / 2, h - 2))


def _cue_for(k: Kiosk, flick: QQuickItem) -> QQuickItem | None:
    """The ScrollCue laid out with this view (a sibling in its layout)."""
    layout = shiboken6.getCppPointer(flick.parentItem())[0]
    for item in k.shown_items():
        parent = item.parentItem()
        if (
            item.metaObject().className().startswith("ScrollCue")
            and parent is not None
            and shiboken6.getCppPointer(parent)[0] == layout
        ):
            return item
    return None


def _check(k: Kiosk, scene: Scene, where: str) -> None:
    item = _primary(k, scene)
    if _whole_in_view(k, item):
        return
    # Not on screen: it must be in a page that scrolls and says so.
    flicks = list(k._flickables(item))
    assert flicks, f"{where}: {item.objectName()} is off screen and nothing scrolls to it"
    for flick in flicks:
        cue = _cue_for(k, flick)
        assert cue is not None, f"{where}: {flick.objectName()} scrolls with no cue"
        assert cue.property("more") and k.in_view(cue), f"{where}: the cue does not show"
    k.scroll_into_view(item)
    k.settle()
    assert _whole_in_view(k, item), f"{where}: {item.objectName()} not reachable by scrolling"


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_primary_action_is_on_screen_or_a_shown_scroll_away(kiosk: Kiosk, size: str) -> None:
    k = kiosk
    app = k.app

    def settle(condition: Callable[[], bool]) -> None:
        k.wait(condition)

    walk = [s for s in scenes(app, settle) if s.primary is not None]
    k.window.resize(*SIZES[size])
    try:
        for language in ("zh_CN", "en_US"):
            for large in (False, True):
                for scene in walk:
                    reset(app, language, large)
                    k.settle()
                    scene.reach()
                    k.settle()
                    k.settle()  # the Loader's new screen laid out
                    where = f"{size} {language} {'large ' if large else ''}{scene.name}"
                    _check(k, scene, where)
    finally:
        reset(app, "zh_CN", False)
        k.window.resize(1280, 800)
