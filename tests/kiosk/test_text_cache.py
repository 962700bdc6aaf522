"""Texts already drawn are reused, and a reused picture always shows its own text."""

from installation.kiosk.text_cache import TextureCache


def picture(widget) -> bytes:
    return bytes(widget.export_as_image().texture.pixels)


def test_a_label_going_back_to_an_earlier_text_shows_that_text_again_without_drawing_it(kiosk):
    from kivy.core.window import Window
    from kivy.uix.label import Label

    from installation.kiosk import text_cache

    label = Label(text="Returned the library book late", font_size=30, size=(600, 80), size_hint=(None, None), color=(1, 1, 1, 1))
    label.text_size = (600, None)
    Window.add_widget(label)
    try:
        kiosk.frames(2)
        first = picture(label)
        first_texture = label.texture

        label.text = "Helped a neighbour carry shopping"  # drawn into a new picture, not over the first
        kiosk.frames(2)
        other = picture(label)
        assert other != first

        hits = text_cache.cache().hits
        label.text = "Returned the library book late"
        kiosk.frames(2)
        assert text_cache.cache().hits > hits
        assert label.texture is first_texture
        assert picture(label) == first

        label.color = (1, 0.8, 0, 1)  # the colour is part of the picture: a new one
        kiosk.frames(2)
        assert label.texture is not first_texture
        assert picture(label) not in (first, other)
    finally:
        Window.remove_widget(label)


def test_the_cache_keeps_the_most_recently_used_pictures_within_its_budget():
    cache = TextureCache(budget_bytes=3 * 100 * 10 * 4)  # three pictures of 100 x 10 pixels
    for name in "abc":
        cache.put(name, f"texture {name}", (100, 10))
    assert cache.get("a") == ("texture a", (100, 10))  # a is now the most recently used
    cache.put("d", "texture d", (100, 10))

    assert cache.get("b") is None  # the least recently used went first
    assert [cache.get(name)[0] for name in "acd"] == ["texture a", "texture c", "texture d"]
    assert cache.bytes == 3 * 100 * 10 * 4


def test_a_picture_bigger_than_the_whole_budget_is_not_kept():
    cache = TextureCache(budget_bytes=1000)
    cache.put("small", "s", (10, 10))
    cache.put("huge", "h", (100, 100))
    assert cache.get("huge") is None
    assert cache.get("small") == ("s", (10, 10))
