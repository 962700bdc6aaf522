"""The README stays true: its diagram is the code's, its commands are the ones CI runs."""

import re
from pathlib import Path

from installation.commands.diagram import readme_block

REPOSITORY = Path(__file__).resolve().parent.parent
README = (REPOSITORY / "README.md").read_text(encoding="utf-8")


def test_the_journey_diagram_in_the_readme_is_drawn_from_the_state_chart():
    assert readme_block() in README, "run: python -m installation diagram --update-readme"


def test_the_readme_opens_with_the_two_set_up_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]

    assert commands == ["sh deploy/dev.sh run", "sh deploy/dev.sh test"]


def test_ci_runs_the_readmes_test_command():
    ci = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8")

    assert "sh deploy/dev.sh test" in ci
