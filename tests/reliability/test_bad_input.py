"""Broken and hostile files: each gets a clear `file, line N: ...` message quickly and in bounded
memory; never a traceback, never a hang.

The corpus in tests/fixtures/broken/ holds one file per kind of mistake (its README says how it is
laid out); the tables below are the messages a technician or curator reads for each. Huge files
are written by the tests. Property tests (hypothesis) then throw any bytes, any YAML-ish text and
any value in any place of a real profile or content file at the loaders.

Time is measured as CPU time of this process and bounded against a calibration taken on the same
machine at the same time (tests/work_budget.py): a wide multiple of what reading the largest real
content file takes, so a slower or busier machine does not make a test fail, while a loader gone
quadratic still does. Memory is the peak of Python's allocations (tracemalloc) in a second,
separate run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from work_budget import Budget, cpu_seconds

from installation.loading.content import load_content
from installation.loading.profile import load_profile
from installation.loading.yamlfile import MAX_BYTES, MAX_DEPTH, MAX_VALUES, read_yaml

REPOSITORY = Path(__file__).resolve().parents[2]
BROKEN = REPOSITORY / "tests" / "fixtures" / "broken"
SMALL = REPOSITORY / "tests" / "fixtures" / "content_small"
# CPU a load may take, in multiples of reading the largest real content file (about 100 kB):
SMALL_FILE = 10  # a broken file of a few lines, or a few kB of random bytes
WHOLE_CONTENT = 20  # a content folder with one broken file: every file is read and checked
HUGE_FILE = 100  # up to 6x the bytes and 8x the values of the reference, read or refused
PEAK_BYTES = 64 * 2**20  # Python memory a file may take at its peak

# Every message is `file, line N: what` (or `file: what` for the file as a whole).
MESSAGE = re.compile(r"^(?P<file>[^\n]+?)(?:, line (?P<line>\d+))?: (?P<what>\S[^\n]*)$")

PROFILES = {  # broken/profiles/<name>: (line, words of the first message)
    "wrong-type.yaml": (4, "'width' should be a whole number, not 'wide' (screen -> width)"),
    "missing-key.yaml": (1, "'screen' is missing from the file"),
    "unknown-key.yaml": (8, "'colour' is not a field of 'screen'. Allowed: width, height"),
    "duplicate-key.yaml": (8, "'screen' appears twice here; keep only one"),
    "python-tag.yaml": (3, "YAML tags like 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed here"),
    "custom-tag.yaml": (3, "YAML tags like '!include' are not allowed here"),
    "anchor-and-alias.yaml": (3, "YAML anchors (&panel) are not allowed here"),
    "alias-only.yaml": (3, "YAML aliases (*name) are not allowed here"),
    "billion-laughs.yaml": (3, "YAML anchors (&lol0) are not allowed here"),
    "deep-nesting.yaml": (4, f"the file is nested more than {MAX_DEPTH} levels deep"),
    "deep-block-nesting.yaml": (34, f"the file is nested more than {MAX_DEPTH} levels deep"),
    "invalid-utf8.yaml": (2, "this line is not valid UTF-8 text (byte 0xe9); save the file as UTF-8"),
    "binary-junk.yaml": (1, "this line is not valid UTF-8 text"),
    "utf16.yaml": (1, "this line is not valid UTF-8 text (byte 0xff)"),
    "nul-byte.yaml": (2, "character 0 is not allowed in a text file"),
    "tab-indented.yaml": (4, "this is not valid YAML: found character '\\t' that cannot start any token"),
    "top-level-list.yaml": (1, "the file should be a mapping of 'key: value' lines at the top level"),
    "just-text.yaml": (1, "the file should be a mapping of 'key: value' lines at the top level"),
    "only-comments.yaml": (0, "the file is empty"),
    "empty.yaml": (0, "the file is empty"),
    "null-section.yaml": (3, "'screen' is empty; give it a value"),
    "huge-number.yaml": (4, "'width' should be at most 7680"),
    "list-for-a-number.yaml": (5, "'height' should be a whole number, not a list"),
    "mapping-as-key.yaml": (3, "a key must be a plain word, not a list or a mapping"),
    "unclosed-quote.yaml": (5, "this is not valid YAML: found unexpected end of stream"),
    "yes-no-word.yaml": (8, "'fullscreen' should be yes or no, not 'perhaps'"),
    "pin-in-plain-text.yaml": (9, "'pin_hash' must be the line that `python -m installation set-pin --print` shows"),
}

CONTENT = {  # broken/content/<file>.<mistake>.yaml replaces <file>.yaml: (line, words of the first message)
    "scenarios.wrong-type.yaml": (10, "'rules' should be a list (lines starting with '- '), not 'on_time and nothing else'"),
    "scenarios.missing-key.yaml": (2, "'title' is missing from a scenario (scenarios -> 1 -> title)"),
    "scenarios.unknown-key.yaml": (5, "'colour' is not a field of a scenario. Allowed: id, title"),
    "scenarios.duplicate-key.yaml": (5, "'title' appears twice here; keep only one"),
    "scenarios.tab-indented.yaml": (4, "this is not valid YAML: found character '\\t'"),
    "scenarios.truncated.yaml": (19, "'choices' is missing from a scenario"),
    "scenarios.list-for-text.yaml": (4, "'title' should be text, not a list"),
    "rulebooks.python-tag.yaml": (17, "YAML tags like 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed here"),
    "rulebooks.number-as-text.yaml": (17, "'points' should be a number, not 'twenty'"),
    "rulebooks.binary-junk.yaml": (1, "this line is not valid UTF-8 text"),
    "debate.anchor-and-alias.yaml": (6, "YAML anchors (&both) are not allowed here"),
    "debate.empty.yaml": (0, "the file is empty"),
    "exhibit.billion-laughs.yaml": (2, "YAML anchors (&lol0) are not allowed here"),
    "exhibit.top-level-list.yaml": (1, "the file should be a mapping of 'key: value' lines at the top level"),
    "reflection.invalid-utf8.yaml": (7, "this line is not valid UTF-8 text (byte 0xfb)"),
    "reflection.unclosed-flow.yaml": (7, "this is not valid YAML: expected ',' or '}'"),
    "sources.deep-nesting.yaml": (2, f"the file is nested more than {MAX_DEPTH} levels deep"),
}


@pytest.fixture(scope="module")
def budget() -> Budget:
    return Budget.measure()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """Where the broken content folders are written; pytest clears it away, not /tmp by hand."""
    return tmp_path_factory.mktemp("broken-content")


def measured(load: Callable[[], tuple], memory: bool = True) -> tuple[tuple, float, int]:
    """The loader's result, the CPU seconds it took, and its peak memory (in a second run)."""
    result, cpu = cpu_seconds(load)
    if not memory:
        return result, cpu, 0
    tracemalloc.start()
    try:
        load()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, cpu, peak


def assert_clear(problems: list, file: str, line: int, words: str) -> None:
    assert problems, "no problem reported"
    for problem in problems:
        found = MESSAGE.match(str(problem))
        assert found, f"not a `file, line N: ...` message: {problem}"
    first = str(problems[0])
    where = f"{file}, line {line}: " if line else f"{file}: "
    assert first.startswith(where) and words in first, f"expected {where}...{words}, got {first}"


def content_with(scratch: Path, replacement: Path | bytes, name: str) -> Path:
    folder = Path(tempfile.mkdtemp(dir=scratch)) / "content"
    shutil.copytree(SMALL, folder)
    target = folder / name
    if isinstance(replacement, Path):
        shutil.copyfile(replacement, target)
    else:
        target.write_bytes(replacement)
    return folder


# ---- the corpus ---------------------------------------------------------------------------------


def test_the_corpus_and_the_tables_name_the_same_files():
    assert sorted(p.name for p in (BROKEN / "profiles").glob("*.yaml")) == sorted(PROFILES)
    assert sorted(p.name for p in (BROKEN / "content").glob("*.yaml")) == sorted(CONTENT)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_each_broken_profile_gets_a_clear_message_quickly_in_little_memory(name, budget):
    line, words = PROFILES[name]
    shown = f"hardware_config/{name}"

    (profile, problems), cpu, peak = measured(lambda: load_profile(BROKEN / "profiles" / name, shown))

    print(f"\nprofile {name}: {cpu * 1000:.0f} ms CPU, peak {peak / 2**20:.2f} MiB")
    assert profile is None
    assert_clear(problems, shown, line, words)
    assert budget.allows(cpu, SMALL_FILE), budget.explain(cpu, SMALL_FILE)
    assert peak < PEAK_BYTES, f"{peak / 2**20:.1f} MiB"


@pytest.mark.parametrize("name", sorted(CONTENT))
def test_each_broken_content_file_gets_a_clear_message_quickly_in_little_memory(name, budget, scratch):
    line, words = CONTENT[name]
    file = name.split(".")[0] + ".yaml"
    folder = content_with(scratch, BROKEN / "content" / name, file)

    (content, problems), cpu, peak = measured(lambda: load_content(folder, "content"))

    print(f"\ncontent {name}: {cpu * 1000:.0f} ms CPU, peak {peak / 2**20:.2f} MiB")
    assert content is None
    assert_clear(problems, f"content/{file}", line, words)
    assert budget.allows(cpu, WHOLE_CONTENT), budget.explain(cpu, WHOLE_CONTENT)
    assert peak < PEAK_BYTES, f"{peak / 2**20:.1f} MiB"


def test_the_check_command_reports_every_broken_file_in_its_words_without_a_traceback(scratch):
    """`python -m installation check` as a technician runs it: exit 1, only messages."""
    runs = {}
    for name in sorted(PROFILES):
        runs[("profile", name)] = ["--profile", str(BROKEN / "profiles" / name), "--content", str(SMALL)]
    for name in sorted(CONTENT):
        runs[("content", name)] = ["--content", str(content_with(scratch, BROKEN / "content" / name, name.split(".")[0] + ".yaml"))]
    names = list(runs)
    for batch in range(0, len(names), 8):
        started = {key: subprocess.Popen([sys.executable, "-m", "installation", "check", *runs[key]], cwd=REPOSITORY,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for key in names[batch:batch + 8]}
        for (kind, name), run in started.items():
            out, err = run.communicate(timeout=60)
            assert run.returncode == 1, f"{name}: {out}{err}"
            assert "Traceback" not in out + err, f"{name}: {err}"
            lines = out.strip().splitlines()
            assert lines and all(MESSAGE.match(line) for line in lines), f"{name}:\n{out}"
            line, words = (PROFILES if kind == "profile" else CONTENT)[name]
            assert any(words in text for text in lines), f"{name}: {words!r} not in\n{out}"
            assert re.fullmatch(r"\n?\d+ problems? found; nothing was changed\.\n", err), err


# ---- huge files, written here ---------------------------------------------------------------------


HUGE = {
    # name: (the file's bytes, line, words); memory is measured for the first three
    "one byte over the limit": (lambda: b"a: " + b"x" * (MAX_BYTES - 2), 0, f"more than {MAX_BYTES:,} cannot be right"),
    "short values up to the limit": (lambda: b"name: x\nitems:\n" + b"- a\n" * ((MAX_BYTES - 100) // 4), MAX_VALUES - 2, f"more than {MAX_VALUES:,} values"),
    "a flow list up to the limit": (lambda: b"name: [" + b"1," * ((MAX_BYTES - 100) // 2) + b"1]\n", 1, f"more than {MAX_VALUES:,} values"),
    "keys up to the limit": (lambda: b"".join(b"k%07d: v\n" % i for i in range((MAX_BYTES - 100) // 12)), MAX_VALUES // 2, f"more than {MAX_VALUES:,} values"),
    "one long value": (lambda: b"name: " + b"x" * (MAX_BYTES - 100) + b"\n", 1, "'description' is missing from the file"),
    "one long comment": (lambda: b"# " + b"x" * (MAX_BYTES - 100) + b"\nname: x\n", 2, "'description' is missing from the file"),
    "empty lines up to the limit": (lambda: b"\n" * (MAX_BYTES - 100) + b"name: x\n", MAX_BYTES - 99, "'description' is missing from the file"),
    "escapes up to the limit": (lambda: b'name: "' + b"\\u00e9" * ((MAX_BYTES - 100) // 6) + b'"\n', 1, "'description' is missing from the file"),
}


@pytest.mark.parametrize("name", sorted(HUGE))
def test_a_huge_profile_is_refused_or_read_quickly_in_bounded_memory(tmp_path, name, budget):
    make, line, words = HUGE[name]
    path = tmp_path / "huge.yaml"
    path.write_bytes(make())

    (profile, problems), cpu, peak = measured(lambda: load_profile(path, "hardware_config/huge.yaml"), memory=name in list(HUGE)[:3])

    print(f"\nhuge profile, {name}: {cpu * 1000:.0f} ms CPU" + (f", peak {peak / 2**20:.1f} MiB" if peak else ""))
    assert profile is None
    assert_clear(problems, "hardware_config/huge.yaml", line, words)
    assert budget.allows(cpu, HUGE_FILE), budget.explain(cpu, HUGE_FILE)
    assert peak < PEAK_BYTES, f"{peak / 2**20:.1f} MiB"


def test_a_huge_content_file_is_refused_quickly(budget, scratch):
    folder = content_with(scratch, b"scenarios:\n" + b"  - a\n" * ((MAX_BYTES - 100) // 6), "scenarios.yaml")

    (content, problems), cpu, _ = measured(lambda: load_content(folder, "content"), memory=False)

    assert content is None and f"more than {MAX_VALUES:,} values" in str(problems[0])
    assert budget.allows(cpu, HUGE_FILE), budget.explain(cpu, HUGE_FILE)


def test_the_largest_real_file_is_far_inside_the_limits():
    """The limits must never refuse real content: the largest file has room to grow fivefold."""
    largest = max((REPOSITORY / "content").rglob("*.yaml"), key=lambda p: p.stat().st_size)
    values = sum(isinstance(e, (yaml.ScalarEvent, yaml.CollectionStartEvent)) for e in yaml.parse(largest.read_text(encoding="utf-8")))

    assert largest.stat().st_size * 4 < MAX_BYTES and values * 5 < MAX_VALUES


# ---- property tests -----------------------------------------------------------------------------

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def line_breaks(text: str | bytes) -> int:
    """Line breaks as YAML and editors count them: a lone carriage return (old Mac files)
    or U+2028 starts a line too, not only a newline."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return len(text.splitlines(keepends=True))


def all_clear(problems: list, files: tuple[str, ...], text_lines: int) -> None:
    for problem in problems:
        found = MESSAGE.match(str(problem))
        assert found, f"not a `file, line N: ...` message: {problem!r}"
        assert found["file"] in files, str(problem)
        assert 0 <= problem.line <= text_lines + 1, str(problem)


@FAST
@given(st.binary(max_size=3000))
@example(raw=b"\r%")  # a lone carriage return starts line 2 (found by hypothesis)
def test_any_bytes_give_messages_with_file_and_line_never_an_exception(budget, raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.yaml"
        path.write_bytes(raw)
        (profile, problems), cpu = cpu_seconds(lambda: load_profile(path, "hardware_config/any.yaml"))
        assert budget.allows(cpu, SMALL_FILE), budget.explain(cpu, SMALL_FILE)
    assert profile is None
    all_clear(problems, ("hardware_config/any.yaml",), line_breaks(raw))


YAMLISH = st.lists(st.sampled_from(list("ab01:-[]{},#&*!|>'\"%@`?~ \n\t\\é\u2028\ufeff") + ["name", "screen", "width", ": ", "\n  ", "\n- "]), max_size=200).map("".join)


@FAST
@given(YAMLISH)
def test_any_yamlish_text_gives_messages_with_file_and_line_never_an_exception(budget, text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.yaml"
        path.write_text(text, encoding="utf-8")
        (_, problems), cpu = cpu_seconds(lambda: read_yaml(path, "content/any.yaml"))
        (profile, profile_problems), cpu_profile = cpu_seconds(lambda: load_profile(path, "content/any.yaml"))
        assert budget.allows(cpu + cpu_profile, SMALL_FILE), budget.explain(cpu + cpu_profile, SMALL_FILE)
    all_clear(problems + profile_problems, ("content/any.yaml",), line_breaks(text))


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def paths_of(data, prefix=()):  # noqa: ANN001, ANN201
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths_of(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths_of(value, prefix + (index,))


def mutated(data, path, how, value):  # noqa: ANN001, ANN201
    """`data` with the value at `path` replaced, removed, or given an unknown neighbour."""
    import copy

    data = copy.deepcopy(data)
    if not path:
        return value if how == "replace" else data
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if how == "replace":
        parent[last] = value
    elif how == "remove":
        del parent[last]
    elif isinstance(parent, dict):
        parent["unheard_of"] = value
    else:
        parent.append(value)
    return data


def mutation(document: dict):  # noqa: ANN201
    return st.tuples(st.sampled_from(list(paths_of(document))), st.sampled_from(["replace", "remove", "add"]), VALUES)


PORTRAIT = yaml.safe_load((REPOSITORY / "hardware_config" / "portrait-kiosk.yaml").read_text(encoding="utf-8"))


@FAST
@given(mutation(PORTRAIT))
def test_a_profile_with_any_value_in_any_place_is_loaded_or_refused_with_clear_messages(budget, change):
    text = yaml.safe_dump(mutated(PORTRAIT, *change), allow_unicode=True, sort_keys=False)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "portrait-kiosk.yaml"
        path.write_text(text, encoding="utf-8")
        (profile, problems), cpu = cpu_seconds(lambda: load_profile(path, "hardware_config/portrait-kiosk.yaml"))
        assert budget.allows(cpu, SMALL_FILE), budget.explain(cpu, SMALL_FILE)
    assert (profile is None) == bool(problems)
    all_clear(problems, ("hardware_config/portrait-kiosk.yaml",), line_breaks(text))
    assert all(problem.line >= 1 for problem in problems) or text.strip() in ("", "null", "...")


SCENARIOS = yaml.safe_load((SMALL / "scenarios.yaml").read_text(encoding="utf-8"))
RULEBOOKS = yaml.safe_load((SMALL / "rulebooks.yaml").read_text(encoding="utf-8"))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([("scenarios.yaml", SCENARIOS), ("rulebooks.yaml", RULEBOOKS)]).flatmap(lambda f: st.tuples(st.just(f), mutation(f[1]))))
def test_content_with_any_value_in_any_place_is_loaded_or_refused_with_clear_messages(budget, scratch, case):
    (name, document), change = case
    text = yaml.safe_dump(mutated(document, *change), allow_unicode=True, sort_keys=False)
    folder = content_with(scratch, text.encode("utf-8"), name)
    try:
        (content, problems), cpu = cpu_seconds(lambda: load_content(folder, "content"))
        assert budget.allows(cpu, WHOLE_CONTENT), budget.explain(cpu, WHOLE_CONTENT)
    finally:
        shutil.rmtree(folder.parent)
    assert (content is None) == bool(problems)
    all_clear(problems, tuple(f"content/{p.name}" for p in SMALL.glob("*.yaml")), 10_000)


REAL = (REPOSITORY / "hardware_config" / "raspberry-pi-5.yaml").read_bytes()


@FAST
@given(st.lists(st.tuples(st.integers(0, len(REAL)), st.integers(0, 40), st.binary(max_size=12)), min_size=1, max_size=5))
def test_a_real_profile_with_bytes_cut_and_spliced_anywhere_never_raises(budget, edits):
    raw = bytearray(REAL)
    for at, cut, insert in edits:
        raw[at : at + cut] = insert
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "raspberry-pi-5.yaml"
        path.write_bytes(bytes(raw))
        (profile, problems), cpu = cpu_seconds(lambda: load_profile(path, "hardware_config/raspberry-pi-5.yaml"))
        assert budget.allows(cpu, SMALL_FILE), budget.explain(cpu, SMALL_FILE)
    all_clear(problems, ("hardware_config/raspberry-pi-5.yaml",), line_breaks(bytes(raw)))
