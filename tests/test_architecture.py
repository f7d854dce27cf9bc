"""The headless core never imports Textual; the CLI's fast paths import neither Textual nor openai."""

from __future__ import annotations

import subprocess
import sys

CORE = ["interviewer.cli", "interviewer.bank", "interviewer.bank.select", "interviewer.rubric.store",
        "interviewer.rubric.extract", "interviewer.rubric.check", "interviewer.grading.offline",
        "interviewer.grading.openai_grader", "interviewer.grading.service", "interviewer.engine.session",
        "interviewer.storage.store", "interviewer.evaluation.runner", "interviewer.commands.grade"]


def loaded_after(imports: list[str]) -> set[str]:
    code = "import sys\n" + "".join(f"import {m}\n" for m in imports) + "print(' '.join(sorted(sys.modules)))"
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
