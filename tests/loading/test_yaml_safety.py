"""Hostile or broken YAML never crashes, hangs or explodes: it gets a message with its line."""

import pytest
from work_budget import Budget, cpu_seconds

from installation.loading.yamlfile import MAX_BYTES, read_yaml

BILLION_LAUGHS = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
    for i in range(8)
)

CASES = {
    "an alias bomb": (BILLION_LAUGHS.encode(), 1, "anchors (&a) are not allowed"),
    "an alias": (b"a: 1\nb: *x\n", 2, "aliases (*name) are not allowed"),
    "a Python tag": (b"a: !!python/object/apply:os.system ['rm -rf /']\n", 1, "tags like 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed"),
    "a custom tag": (b"a:\n  b: !include other.yaml\n", 2, "tags like '!include' are not allowed"),
    "a duplicate key": (b"version: 1\ntexts: {}\nversion: 2\n", 3, "'version' appears twice here"),
    "deep nesting": (b"a: " + b"[" * 100 + b"]" * 100 + b"\n", 1, "nested more than 32 levels deep"),
    "invalid UTF-8": (b"a: fine\nb: caf\xe9\n", 2, "not valid UTF-8"),
    "binary junk": (bytes(range(256)) * 4, 2, "not valid UTF-8"),
    "control characters": (b"a: b\x00c\n", 1, "this is not valid YAML"),
    "an unclosed list": (b"a: [1, 2\nb: 3\n", 2, "this is not valid YAML: expected ',' or ']'"),
    "an empty file": (b"", 0, "the file is empty"),
}


@pytest.fixture(scope="module")
def budget() -> Budget:
    return Budget.measure()


@pytest.mark.parametrize("name", CASES)
def test_broken_or_hostile_yaml_gets_a_clear_message_quickly(tmp_path, name, budget):
    raw, line, words = CASES[name]
    path = tmp_path / "bad.yaml"
    path.write_bytes(raw)

    (_, problems), cpu = cpu_seconds(lambda: read_yaml(path, "content/bad.yaml"))

    assert len(problems) >= 1
    assert problems[0].line == line
    assert words in problems[0].message
    assert budget.allows(cpu, 10), budget.explain(cpu, 10)  # an alias bomb would take ages


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES + 1))

    _, problems = read_yaml(path, "content/huge.yaml")

    assert f"more than {MAX_BYTES:,} cannot be right" in problems[0].message


def test_values_stay_text_until_the_schema_asks_otherwise(tmp_path):
    path = tmp_path / "norway.yaml"
    path.write_text("country: NO\nyear: 1984\nanswer: yes\nempty:\n")

    document, problems = read_yaml(path, "norway.yaml")

    assert problems == []
    assert document.data == {"country": "NO", "year": "1984", "answer": "yes", "empty": None}
    assert document.line(("answer",)) == 3
