"""The whole visit from a keypad or keyboard: a visible focus ring and spoken focus.

A thin shell around `core.focus`: it collects the controls a finger could press on the top
layer (the screen, or the panel open above it), draws the ring around the focused one, speaks,
and presses the focused control through the same door a touch goes through (`app.touched`:
the first key on the attract loop only wakes the kiosk, a key answers "still there?", a key
right after a screen change presses nothing), so that the journey's rules stay as they are.

Only the keys the profile's `keypad` map names are taken; every other key goes on to the
lockdown's swallow (ops/lockdown.py). What is said, and the speaker it goes through, is
keypad_voice.py's: every key stops what is being said, so speech is never queued.
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.clock import Clock
from kivy.graphics import Color, InstructionGroup, Rectangle

from ..core.focus import Control, Focus
from . import actions as a
from .keypad_voice import VOLUME_STEP, KeypadVoice
from .theme import COLOURS, contrast
from .widget_tree import drawn, scroll_view_of

log = logging.getLogger("social_score")

# Controls of these kinds whose actions differ only after the last colon are one group:
# "choice 2 of 4", "card 2 of 4" (an answer's group is its question, a vote's its choice).
GROUPED = (a.Choose, a.Answer, a.Language, a.PickCard, a.PickRulebook, a.Tab, a.PickPath, a.GoOn, a.Vote)
# What the Back key presses, the first of these on the top layer.
BACK = (a.CloseLayer(), a.CloseCameraView(), a.Stay(), a.CloseStaff(), a.Back())
RING_SURROUNDINGS = ("background", "surface", "surface_high")  # what a control can stand on


# ---- the ring's look: computed from the theme's colours -----------------------------------------


def fill_of(button: Any) -> tuple[float, ...]:
    """The colour a button is filled with (widgets.kv): yellow when primary or selected."""
    return COLOURS["accent"] if (button.role == "primary" or button.selected) else COLOURS["surface"]


def ring_colours(fill: tuple[float, ...]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(inner band, outer band). The inner band lies on the control and must stand out from its
    fill; the outer band lies on the screen and must stand out from whatever a control stands
    on. White does both on the dark controls; on a yellow one the inner band is the dark
    background colour (white on yellow is 1.3:1)."""
    white, dark = COLOURS["text"], COLOURS["background"]
    inner = white if contrast(white, fill) >= 3 else dark
    return inner, white


def ring_contrasts(fill: tuple[float, ...]) -> tuple[float, float]:
    """The ring's weakest contrast against the control, and against the surroundings."""
    inner, outer = ring_colours(fill)
    return contrast(inner, fill), min(contrast(outer, COLOURS[name]) for name in RING_SURROUNDINGS)


def band_px(theme: Any) -> int:
    """One band's thickness: 4 design pixels, never under 2 screen pixels (WCAG 2.4.13)."""
    return max(2, round(4 * theme.u))


# ---- what can be focused --------------------------------------------------------------------------


def top_layer(app: Any) -> Any:
    """What a finger touches first: the shown layer added last, else the current screen."""
    for child in app.root.children:  # children[0] is drawn last, on top
        if child is app.manager:
            break
        if getattr(child, "shown", False):
            return child
    return app.manager.current_screen


def focusable(app: Any) -> list[Any]:
    """Every button of the top layer that a finger could press, those a scrolling list holds out
    of sight included (the focus scrolls them into view)."""
    from .widgets import KioskButton

    found = []
    for widget in top_layer(app).walk(restrict=True):
        if isinstance(widget, KioskButton) and not widget.disabled and not widget.hidden and widget.width > 0 and widget.height > 0 and drawn(widget):
            found.append(widget)
    return found


def words_of(button: Any) -> str:
    """A button's words as spoken: markup and arrows left out."""
    import re

    text = re.sub(r"\[/?[a-z]+(=[^\]]*)?\]", "", button.text or "")
    return " ".join(text.replace("\u2190", "").replace("\u2192", "").replace("\u2713", "").split())


def action_name(button: Any) -> str:
    """What a button does, by name ("choose:pay_now"): its actions.Action, or a staff button's text."""
    return str(button.action or "")


def control_of(button: Any, number: int) -> Control:
    x0, y0 = button.to_window(button.x, button.y)
    family, _, _ = action_name(button).rpartition(":")
    group = family if isinstance(button.action, GROUPED) else ""
    return Control(key=f"{action_name(button) or 'button'}#{number}", label=words_of(button), x=x0, y=y0,
                   width=button.width, height=button.height, group=group, selected=bool(button.selected),
                   kind="card" if isinstance(button.action, a.PickCard) else "choice")


class Keypad:
    """Attached by the app at start when the profile has a keypad map."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.map = app.profile.keypad
        self.focus = Focus()
        self.voice = KeypadVoice(app)
        self.widgets: dict[str, Any] = {}
        self.keys_pressed = 0
        self.used = False  # a key was pressed in this visit: only then is there a ring
        self.ring: tuple | None = None  # the ringed control's box and a band's width, for checks
        self._context: tuple = ()
        self._settle = 0  # frames to wait before reading the controls' places (layout runs first)
        self._new_screen = False
        self._choices = 0
        self._overlay = False
        self._ring = InstructionGroup()
        self._intro = False  # the next new screen is announced after how to use the keys

    def attach(self, window: Any) -> None:
        # Bound after the lockdown's swallow, so called before it: a mapped key is taken here,
        # any other key goes on to be swallowed.
        window.bind(on_key_down=self.key_down)
        self.app.root.canvas.after.add(self._ring)
        self._follower = Clock.schedule_interval(lambda _dt: self.follow(), 0)

    # ---- keys -------------------------------------------------------------------------------

    def key_down(self, window: Any, keycode: int, _scancode: Any = None, _text: Any = None, modifiers: Any = ()) -> bool:
        if modifiers and set(modifiers) & {"ctrl", "alt", "meta", "super"}:
            return False  # Ctrl+E, Alt+F4 and the like: never the keypad's; swallowed on a kiosk
        name = window._system_keyboard.keycode_to_string(keycode)
        action = self.map.action_of(name)
        if not action:
            log.info("keypad: key '%s' is not mapped", name)
            return False
        self.press(action)
        return True

    def press(self, action: str) -> None:
        """One key's action: "next", "previous", "select", "back", "help", "audio",
        "volume_up", "volume_down" or "staff"."""
        app = self.app
        self.keys_pressed += 1
        first = not self.used
        if first:
            self.used = True
            self._context = self.context()  # a touch visitor's first key: no new screen to announce
        self.voice.cut_off()
        if action == "staff":
            self._staff_key()
            return
        journey = app.journey
        staff = app.staff.in_use
        if journey is None and not staff:
            return  # the resting screen: nothing to press
        if journey is not None and not staff:
            if journey.attract.is_active or journey.overlay or journey.erased.is_active:
                waking = journey.attract.is_active
                app.touched(-1, -1)  # like a touch: wakes the kiosk, or keeps the visit; presses nothing
                if waking and journey.in_visit:
                    journey.used_keypad()
                    self.voice.on = True
                    self._context = ()  # the welcome screen is announced after the intro
                    self._intro = True
                return
            journey.used_keypad()
            if first and action != "audio":
                self.voice.on = True  # a visitor who turned it off keeps it off
        getattr(self, "_" + action)()

    def _next(self) -> None:
        self._collect(keep=True)
        self._land(self.focus.next())

    def _previous(self) -> None:
        self._collect(keep=True)
        self._land(self.focus.previous())

    def _select(self) -> None:
        self._collect(keep=True)
        control = self.focus.current
        if control is None:
            self._land(self.focus.next())
            return
        self.push(self.widgets[control.key])

    def push(self, button: Any) -> None:
        """Press `button` as a touch would: through the app's guards, then the button itself."""
        app = self.app
        x, y = button.to_window(*button.center)
        journey = app.journey
        self._choices = len(journey.visit_data.choices) if journey is not None else 0
        if app.touched(x, y):
            return  # too soon after a screen change, as for a touch
        self.voice.note_lines()
        button.trigger_action(duration=0)
        self._settle = 2
        if self._chose():
            self.voice.say(self.voice.points())
            self.voice.drop_notes()  # the points are said; the ledger card need not be read too

    def _chose(self) -> bool:
        """The press made a choice of a situation."""
        journey = self.app.journey
        if journey is None or not journey.in_visit or journey.screen != "scenario":
            return False
        return len(journey.visit_data.choices) > self._choices

    def _back(self) -> None:
        for wanted in BACK:
            button = next((b for b in focusable(self.app) if b.action == wanted), None)
            if button is not None:
                self.push(button)
                return

    def _help(self) -> None:
        self._collect(keep=True)
        self.voice.say(self.voice.help(self._title(), self.focus.current, (self.focus.index or 0) + 1, len(self.focus.controls)))

    def _audio(self) -> None:
        self.voice.toggle()

    def _volume_up(self) -> None:
        self.voice.volume(+VOLUME_STEP)

    def _volume_down(self) -> None:
        self.voice.volume(-VOLUME_STEP)

    def _staff_key(self) -> None:
        """The staff key, pressed as often as the corner is tapped: a tap in the staff corner
        each time, so the gesture's count and time limit are the corner's own."""
        app = self.app
        desk = app.staff
        if desk.gesture is None:
            from kivy.core.window import Window

            from ..ops.staff_access import gesture_for

            desk.gesture = gesture_for(app.profile, *Window.size)
        gesture = desk.gesture
        half = gesture.size_px / 2
        vertical, horizontal = gesture.corner.split("-")
        desk.corner_tap(half if horizontal == "left" else gesture.width_px - half, gesture.height_px - half if vertical == "top" else half)

    # ---- focus --------------------------------------------------------------------------------

    def _collect(self, keep: bool) -> bool:
        buttons = focusable(self.app)
        seen: dict[str, int] = {}
        controls = []
        for button in buttons:  # the same action twice (a card's words): told apart by their order
            name = action_name(button)
            seen[name] = seen.get(name, -1) + 1
            controls.append(control_of(button, seen[name]))
        self.widgets = {control.key: button for control, button in zip(controls, buttons, strict=True)}
        return self.focus.show(controls, keep=keep)

    def _land(self, control: Control | None) -> None:
        if control is None:
            return
        self._keep_in_view(self.widgets[control.key])
        self.voice.say(self.voice.focus(control, self.focus.controls))

    def _keep_in_view(self, button: Any) -> None:
        """Scrolls the list that holds `button` until the button and its ring are in sight: a
        ring is never cut by a list's edge or hidden under the bars around it."""
        view = scroll_view_of(button)
        if view is None:
            return
        room = 2 * band_px(self.app.theme)
        x0, y0 = view.parent.to_window(view.x, view.y)  # the list's own frame, not its scrolled content
        x1, y1 = view.parent.to_window(view.right, view.top)
        bx0, by0 = button.to_window(button.x, button.y)
        bx1, by1 = button.to_window(button.right, button.top)
        if bx0 - room < x0 or by0 - room < y0 or bx1 + room > x1 or by1 + room > y1:
            view.scroll_to(button, padding=room + self.app.theme.gap, animate=False)
            view.update_from_scroll()  # the list moves now, not at the next frame: its places are read at once

    def _title(self) -> str:
        """The screen's title: the first title or heading of the top layer, else its first text."""
        from .widgets import Text

        layer = top_layer(self.app)
        texts = [w for w in layer.walk(restrict=True) if isinstance(w, Text) and w.text.strip() and drawn(w)]
        ranked = [w for w in texts if w.role in ("display", "title")] or [w for w in texts if w.role == "heading"] or texts
        if not ranked:
            from kivy.uix.label import Label

            ranked = [w for w in layer.walk(restrict=True) if isinstance(w, Label) and w.text.strip() and drawn(w)]
        return words_of(max(ranked, key=lambda w: w.to_window(w.x, w.top)[1])) if ranked else ""

    # ---- every frame: what changed, and the ring -------------------------------------------------

    def context(self) -> tuple:
        app, journey = self.app, self.app.journey
        layer = top_layer(app)
        if journey is None:
            return (app.manager.current, id(layer))
        visit = journey.visit_data
        return (journey.screen, id(layer), visit.scenario_index, visit.card_index, visit.language)

    def follow(self) -> None:
        if not self.used:
            return  # a touch visitor's visit: the keypad costs nothing
        app, journey = self.app, self.app.journey
        if journey is not None and not journey.in_visit and not app.staff.in_use:
            self._visit_over()
            self._draw_ring(None)
            return
        if journey is not None and journey.overlay != self._overlay:
            self._overlay = journey.overlay
            if journey.overlay and self.voice.on:
                self.voice.say(self.voice.still_there(journey.seconds_left(app.clock())))
        context = self.context()
        if context != self._context:
            self._context, self._settle, self._new_screen = context, 2, True
        if self._settle > 0:
            self._settle -= 1
            if self._settle == 0:
                new = self._new_screen
                self._new_screen = False
                self._collect(keep=not new)
                if new and self.voice.on and not journey_overlay(journey):
                    self.voice.drop_notes()
                    self.voice.say(self.voice.screen(self._title(), self.focus.controls, self.focus.current, intro=self._intro))
                    self._intro = False
                elif not new:
                    control = self.focus.current
                    self.voice.appeared(self.voice.focus(control, self.focus.controls) if control is not None else "")
        control = self.focus.current
        button = self.widgets.get(control.key) if control is not None else None
        if button is not None and self._settle == 0:
            self._keep_in_view(button)
        self._draw_ring(button)

    def _visit_over(self) -> None:
        """Nothing of the visit outlives it: not its focus, not what was said (voice.forget)."""
        self.used = False
        self.focus.forget()
        self.widgets = {}
        self.voice.forget()

    def _draw_ring(self, button: Any) -> None:
        self._ring.clear()
        self.ring = None
        if button is None or button.parent is None:
            return
        t = band_px(self.app.theme)
        x0, y0 = button.to_window(button.x, button.y)
        x0, y0 = round(x0), round(y0)
        width, height = round(button.width), round(button.height)
        inner, outer = ring_colours(fill_of(button))
        for colour, grow in ((outer, 2 * t), (inner, t)):
            self._ring.add(Color(*colour))
            left, bottom, w, h = x0 - grow, y0 - grow, width + 2 * grow, height + 2 * grow
            for rect in ((left, bottom, w, t), (left, bottom + h - t, w, t), (left, bottom, t, h), (left + w - t, bottom, t, h)):
                self._ring.add(Rectangle(pos=rect[:2], size=rect[2:]))
        self.ring = (x0, y0, width, height, t)  # for tests: the control's box and a band's width


def journey_overlay(journey: Any) -> bool:
    return journey is not None and journey.overlay


def attach_keypad(app: Any) -> Keypad | None:
    """The app's hook at start: a keypad when the profile maps one, else None (every key is
    swallowed on a kiosk, as before)."""
    if app.profile.keypad is None:
        return None
    from kivy.core.window import Window

    keypad = Keypad(app)
    keypad.attach(Window)
    return keypad
