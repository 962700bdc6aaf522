"""A label whose text is drawn again gets a new texture instead of overwriting its old one.

Why: without a GPU the kiosk draws with Mesa's llvmpipe, which renders a frame on its own threads
after the frame is handed over. Writing into a texture that frame still uses makes OpenGL wait
for the frame to finish: 10 to 140 ms for a single label, measured. A fresh texture costs about
0.1 ms to fill, and the old one is freed when the last frame that drew it lets go of it. Kivy's
own `LabelBase.refresh` reuses a texture whenever the size is unchanged ("Next" on a button that
changes colour, a score with the same number of digits), so this wraps it, once, for every label.

Measured with `python -m installation benchmark` (see the README): touch to next screen p95
174 ms -> under 100 ms.
"""

from __future__ import annotations

from kivy.core.text import LabelBase


def draw_labels_into_new_textures() -> None:
    """Idempotent: the first call wraps `LabelBase.refresh`; later calls do nothing."""
    original = LabelBase.refresh
    if getattr(original, "draws_into_new_textures", False):
        return

    def refresh(self: LabelBase) -> None:
        self.texture = None  # Kivy then creates a texture of the new size, filled when first drawn
        original(self)

    refresh.draws_into_new_textures = True  # type: ignore[attr-defined]
    refresh.__doc__ = original.__doc__
    LabelBase.refresh = refresh
