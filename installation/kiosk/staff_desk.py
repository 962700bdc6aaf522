"""The staff's way in: the hidden corner gesture, the PIN pad, and the staff menu's buttons.

The words it shows are built in views.py (`staff_view`, `pin_message`); the layers are drawn by
staff.py and staff.kv. A staff menu left open on a public screen closes itself.
"""

from __future__ import annotations

from typing import Any

from .views import pin_message, staff_view

SCREEN_CHANGE_GUARD_S = 0.3  # a double tap must not press the next screen's button too


class StaffDesk:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.is_open = False
        self.seen = 0.0  # when staff last touched the pad or the menu
        self.gesture: Any = None
        self.door: Any = None  # ops.staff_access.StaffDoor, made at the first PIN tried

    @property
    def in_use(self) -> bool:
        """The menu or the PIN pad is on the screen: touches go to them, not to the visit."""
        return self.is_open or self.app.pin_layer.shown

    def corner_tap(self, x: float, y: float) -> None:
        """Counts taps in the staff corner; the fifth in three seconds opens the PIN pad."""
        app = self.app
        if self.gesture is None:
            from kivy.core.window import Window

            from ..ops.staff_access import gesture_for

            self.gesture = gesture_for(app.profile, *Window.size)
        if self.gesture.tap(x, y, app.clock()) and not self.is_open:
            app.pin_layer.clear()
            app.pin_layer.message = "Staff PIN"
            app.pin_layer.shown = True
            self.seen = app.clock()

    def pin_entered(self, pin: str) -> None:
        app = self.app
        if self.door is None:
            from ..ops.locations import locations
            from ..ops.staff_access import StaffDoor

            # It reads the PIN's hash at every try (a PIN set with set-pin works at once) and
            # keeps its lockout in the data folder (a restart does not clear it).
            self.door = StaffDoor(app.profile, locations(app.profile), app.wall_clock)
        result = self.door.try_pin(pin)
        app.pin_layer.clear()
        if result.accepted:
            app.pin_layer.shown = False
            self.open()
        else:
            app.pin_layer.message = pin_message(result)

    def open(self) -> None:
        self.seen = self.app.clock()
        self.is_open = True
        self.app.staff_menu.shown = True
        self.update()

    def close(self) -> None:
        app = self.app
        self.is_open = False
        app.staff_menu.shown = False
        app.pin_layer.shown = False
        app.pin_layer.clear()
        app.root.filter.reset()

    def tick(self, now: float) -> None:
        if self.in_use and now - self.seen > self.app.profile.timeouts.staff_menu_s:
            self.close()  # a staff menu left open on a public screen closes itself
        if self.is_open:
            self.update()

    # ---- the menu's buttons ---------------------------------------------------------------

    def reload_content(self) -> None:
        app = self.app
        if app.journey is not None:
            app.chores.take_content(app.ops.check_content(in_visit=app.journey.in_visit, force=True))
        self.update()

    def start_tour(self, reduce_motion: bool = False) -> None:
        app = self.app
        if app.journey is not None:
            app.journey.start_tour()
            if reduce_motion:  # the guide chose it for the group
                app.journey.toggle_option(option="reduce_motion")
            app.guard_touches(SCREEN_CHANGE_GUARD_S)
            self.close()
            app.refresh()

    def restart(self) -> None:
        self.close()
        if self.app.content is not None:
            self.app.restart_journey()

    def update(self) -> None:
        app, menu = self.app, self.app.staff_menu
        screen = app.journey.screen if app.journey else "error"
        camera = app.sensor.latest() if app.sensor is not None else None
        view = staff_view(app.profile, screen, camera, app.ops.snapshot(screen, camera.camera_state if camera else "none"))
        menu.health, menu.counts = view.health, view.counts
        if camera is not None:
            menu.cells = [list(row) for row in camera.grid]
            menu.level = camera.level
        if app.profile.camera is not None:
            menu.someone_level, menu.nobody_level = app.profile.presence.on_level, app.profile.presence.off_level
            menu.presence = view.presence
