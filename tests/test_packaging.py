"""A built wheel (non-editable) carries the question bank, the rubrics and the claim model, and runs from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_install_finds_bundled_data_from_an_unrelated_directory(tmp_path):
    wheel_dir, site, elsewhere = tmp_path / "wheel", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheel_dir, ROOT], check=True)
    (wheel,) = wheel_dir.glob("interviewer-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", site, wheel], check=True)
    assert (site / "interviewer" / "_data" / "question_bank" / "fundamentals.yaml").is_file()

    # The target dir comes first on the path, so this imports the wheel's copy, not the checkout.
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = "import interviewer.locations as l; print(l.bundled_dir('question_bank'))"
    located = subprocess.run([sys.executable, "-c", probe], env=env, cwd=elsewhere, capture_output=True, text=True, check=True)
    assert located.stdout.strip() == str(site / "interviewer" / "_data" / "question_bank")

    stats = subprocess.run(
        [sys.executable, "-m", "interviewer", "bank", "stats"], env=env, cwd=elsewhere, capture_output=True, text=True
    )
    assert stats.returncode == 0, stats.stderr
    assert "regularization" in stats.stdout and "total" in stats.stdout

    # The claim model's files travel in the wheel and load from there (no download, no checkout).
    probe = ("from interviewer.nlp import claim_model as c; "
             "s = c.judge([('It allows higher learning rates.', 'You can raise the learning rate a lot.')]); "
             "print(c.MODEL_DIR); print(s[0].label)")
    judged = subprocess.run([sys.executable, "-c", probe], env=env, cwd=elsewhere, capture_output=True, text=True)
    assert judged.returncode == 0, judged.stderr
    directory, label = judged.stdout.split()
    assert directory == str(site / "interviewer" / "nlp" / "claim_model")
    assert label in ("states", "names", "contradicts", "unrelated")
