"""The headless core never imports Textual; the CLI's fast paths import neither Textual nor openai;
heavy helpers load when first used."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["interviewer.cli", "interviewer.bank", "interviewer.bank.select", "interviewer.rubric.store",
        "interviewer.rubric.extract", "interviewer.rubric.check", "interviewer.grading.offline",
        "interviewer.grading.openai_grader", "interviewer.grading.service", "interviewer.engine.coach",
        "interviewer.engine.interview", "interviewer.storage.store", "interviewer.presentation.history",
        "interviewer.presentation.export", "interviewer.presentation.view", "interviewer.presentation.text",
        "interviewer.evaluation.runner", "interviewer.commands.grade"]


HEAVY = {"pydantic", "pydantic_settings", "yaml", "textual", "openai", "snowballstemmer", "rapidfuzz"}


def loaded_after(imports: list[str], then: str = "") -> set[str]:
    """Top-level packages in sys.modules after a fresh interpreter imports these modules and runs `then`."""
    code = "import sys\n" + "".join(f"import {m}\n" for m in imports) + then + "\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return {m.split(".")[0] for m in out.split()}


def test_core_never_imports_textual():
    assert "textual" not in loaded_after(CORE)


def test_tui_imports_textual_only_from_interviewer_tui():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1] / "interviewer"
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if "tui" not in p.parts and ("import textual" in p.read_text() or "from textual" in p.read_text())]
    assert offenders == []


def test_building_the_cli_parser_imports_nothing_heavy():
    """`interviewer --help`, `--version` and `interviewer COMMAND --help` build this parser and nothing else."""
    assert loaded_after(["interviewer.cli"], then="interviewer.cli.build_parser()") & HEAVY == set()


def test_offline_grader_loads_its_stemmer_and_matcher_on_the_first_grade():
    grade_one = (
        "import asyncio\nfrom interviewer.bank import load_bank\nfrom interviewer.grading.base import GradeRequest\n"
        "from interviewer.rubric.store import rubric_for\nq = next(iter(load_bank().questions.values()))\n"
        "asyncio.run(interviewer.grading.offline.OfflineGrader().grade(GradeRequest(q, rubric_for(q), q.references[0].answer)))"
    )
    assert {"snowballstemmer", "rapidfuzz"} & loaded_after(["interviewer.grading.offline"]) == set()
    assert {"snowballstemmer", "rapidfuzz"} <= loaded_after(["interviewer.grading.offline"], then=grade_one)


def test_help_lists_every_command_though_only_the_named_one_is_built_in_full(capsys):
    """`main` builds the options of the command it runs only; the listing must not lose a command."""
    import argparse

    from interviewer.cli import build_parser, main

    full = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    with pytest.raises(SystemExit):
        main(["--help"])
    listing = " ".join(capsys.readouterr().out.split())
    for command in full._choices_actions:
        assert f"{command.dest} {' '.join(command.help.split())}" in listing
    for name, parser in full.choices.items():
        with pytest.raises(SystemExit):
            main([name, "--help"])
        assert capsys.readouterr().out == parser.format_help()


async def test_the_llm_grader_is_built_off_the_event_loop_thread():
    """Its first grade imports the openai SDK: that must happen in a worker thread, not on the UI's loop."""
    import threading

    from interviewer.bank import load_bank
    from interviewer.grading.base import GradeRequest
    from interviewer.grading.factory import LazyGrader
    from interviewer.grading.offline import OfflineGrader
    from interviewer.rubric.store import rubric_for

    built_on = []

    def build():
        built_on.append(threading.current_thread())
        return OfflineGrader()

    grader = LazyGrader("openai", build)
    question = load_bank().get("dropout")
    for _ in range(2):
        await grader.grade(GradeRequest(question, rubric_for(question), "Dropout zeroes units during training."))
    assert len(built_on) == 1 and built_on[0] is not threading.main_thread()


def test_no_module_of_the_package_imports_itself_through_others():
    """No import cycle: at module level or inside functions alike (imports for the type checker alone
    never run, so they are no cycle). The layers themselves are import-linter's contracts (pyproject)."""
    import ast
    import graphlib
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1]
    modules = {".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__"): path
               for path in (root / "interviewer").rglob("*.py")}

    def imports(path: pathlib.Path) -> set[str]:
        tree = ast.parse(path.read_text())
        typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
                       for node in ast.walk(block)}
        found = set()
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and node.module:
                found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
            elif isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
        return found & modules.keys()

    graph = graphlib.TopologicalSorter({module: imports(path) for module, path in modules.items()})
    try:
        graph.prepare()
    except graphlib.CycleError as cycle:
        raise AssertionError(f"import cycle: {' -> '.join(cycle.args[1])}") from None
