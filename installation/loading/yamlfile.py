"""Read a YAML file safely and remember the line of every value.

Scalars are kept as text, as strictyaml does: `NO`, `1984` and `yes` stay strings until the
schema asks for a number or a yes/no, so YAML's implicit typing never surprises a curator.
Anchors, aliases and tags are refused (they are not needed, and aliases are how a "billion
laughs" file explodes); so are duplicate keys, nesting deeper than any real file needs, files
larger than any real file and text that is not UTF-8. Each gives a `Problem` with its line.

The limits keep a hostile or mistaken file cheap: PyYAML reads about 200 kB a second in the
worst case (many short values), so a file is refused above MAX_BYTES before it is read, and
reading stops at the first value beyond MAX_VALUES. The largest real file (a translation) is
about 130 kB with 3,300 values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

MAX_BYTES = 750_000  # the largest content file is about 130 kB
MAX_VALUES = 25_000  # the largest content file has about 2,700
MAX_DEPTH = 32


class _Refused(yaml.YAMLError):
    def __init__(self, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


class _Refusals:
    """Composing nodes only, with the refusals described above."""

    _depth = 0
    _values = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                "YAML aliases (*name) are not allowed here; write the value out in full",
                event.start_mark,
            )
        if getattr(event, "anchor", None):
            raise _Refused(
                f"YAML anchors (&{event.anchor}) are not allowed here; write each value out in full",
                event.start_mark,
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            raise _Refused(f"YAML tags like '{tag}' are not allowed here; remove the tag", event.start_mark)
        self._values += 1
        if self._values > MAX_VALUES:
            raise _Refused(f"the file holds more than {MAX_VALUES:,} values; no file of this exhibit needs so many", event.start_mark)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(f"the file is nested more than {MAX_DEPTH} levels deep", event.start_mark)
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1


class _StrictComposer(_Refusals, yaml.SafeLoader):
    """PyYAML's safe loader in Python: its messages for a broken file are the ones curators get."""


if yaml.__with_libyaml__:

    class _FastComposer(_Refusals, yaml.cyaml.CParser, yaml.composer.Composer, yaml.resolver.Resolver):
        """The same, with libyaml reading the text: about ten times faster, and reading the
        content is most of the kiosk's start-up. The nodes are composed in Python, so that every
        refusal above applies. A file it cannot read is read again by `_StrictComposer`, whose
        messages curators know (libyaml words its errors differently)."""

        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def get_single_node(self) -> Any:
            return yaml.composer.Composer.get_single_node(self)

else:  # PyYAML built without libyaml
    _FastComposer = None  # type: ignore[assignment,misc]


def _compose(text: str) -> Any:
    """The file's node tree; raises what `_StrictComposer` raises."""
    if _FastComposer is not None and "\0" not in text:
        fast = _FastComposer(text)
        try:
            return fast.get_single_node()
        except _Refused:
            raise
        except yaml.YAMLError:
            pass  # read again below, for the message curators know
        finally:
            fast.dispose()
    loader = _StrictComposer(text)  # the reader refuses control characters right here
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


@dataclass
class Document:
    """A file's data as plain dicts, lists and strings, plus the line of each value."""

    file: str
    data: Any = None
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def line(self, path: tuple[Any, ...]) -> int:
        """The line of the value at `path`, or of its closest ancestor that exists."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: tuple[Any, ...], message: str) -> Problem:
        return Problem(self.file, self.line(path), message, describe_path(path))


def describe_path(path: tuple[Any, ...]) -> tuple[str, ...]:
    """List positions are counted from 1, as a curator counts them; keys stay on one line."""
    return tuple(str(part + 1) if isinstance(part, int) else _one_line(str(part)) for part in path)


def _one_line(text: str) -> str:
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def read_yaml(path: Path, shown_as: str) -> tuple[Document, list[Problem]]:
    document = Document(shown_as)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return document, [Problem(shown_as, 0, f"the file is {size:,} bytes; more than {MAX_BYTES:,} cannot be right")]
        raw = path.read_bytes()
    except FileNotFoundError:
        return document, [Problem(shown_as, 0, "the file is missing")]
    except OSError as error:
        return document, [Problem(shown_as, 0, f"the file cannot be read ({error.strerror})")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return document, [Problem(shown_as, line, f"this line is not valid UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        node = _compose(text)
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        return document, [Problem(shown_as, line, f"this is not valid YAML: character {error.character!r} is not allowed in a text file")]
    except _Refused as error:
        return document, [Problem(shown_as, _line(error.mark), error.message)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return document, [Problem(shown_as, _line(mark), f"this is not valid YAML: {error.problem or error.context}")]
    except yaml.YAMLError as error:
        return document, [Problem(shown_as, 0, f"this is not valid YAML: {error}")]
    problems: list[Problem] = []
    if node is None:
        return document, [Problem(shown_as, 0, "the file is empty")]
    document.data = _plain(node, (), document, problems)
    return document, problems


def _line(mark: yaml.Mark | None) -> int:
    return mark.line + 1 if mark is not None else 0


def _plain(node: yaml.Node, path: tuple[Any, ...], document: Document, problems: list[Problem]) -> Any:
    document.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(document.file, _line(key_node.start_mark), "a key must be a plain word, not a list or a mapping", describe_path(path)))
                continue
            key = key_node.value
            if key in result:
                problems.append(Problem(document.file, _line(key_node.start_mark), f"'{_one_line(key)}' appears twice here; keep only one", describe_path(path)))
                continue
            result[key] = _plain(value_node, path + (key,), document, problems)
            document.lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, path + (index,), document, problems) for index, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:null" and not node.style:  # plain: None (PyYAML) or "" (libyaml)
        return None  # `key:` with nothing after it, or `~`
    return node.value
