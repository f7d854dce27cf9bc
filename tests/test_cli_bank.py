"""`interviewer bank ...` from the command line: output, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from interviewer.domain.questions import Topic
from tests_support import write_bank_file


def test_list_json_has_every_question_with_all_fields(run_cli):
    code, out, _ = run_cli("bank", "list", "--json")
    questions = json.loads(out)
    assert code == 0 and len(questions) >= 55
    assert {"id", "text", "variants", "topic", "kind", "difficulty", "sources", "references"} <= set(questions[0])


def test_list_filters_by_topic_and_kind(run_cli):
    _, out, _ = run_cli("bank", "list", "--json", "--topic", "regularization", "--kind", "practical")
    ids = [q["id"] for q in json.loads(out)]
    assert ids == ["overfitting-prevention"]


def test_list_rejects_unknown_topic_with_usage_error(run_cli):
    with pytest.raises(SystemExit) as caught:
        run_cli("bank", "list", "--topic", "astrology")
    assert caught.value.code == 2


def test_show_prints_question_references_and_sources(run_cli):
    code, out, _ = run_cli("bank", "show", "overfitting-prevention")
    assert code == 0
    assert "How do you prevent overfitting in deep learning models?" in out
    assert "Also asked as:" in out and "Example answer:" in out
    assert "10 Deep Learning Interview Questions and Answers for ML Engineers, question 4" in out
    assert ".txt #" not in out  # sources read as article titles, not seed file names


def test_show_unknown_id_exits_2_with_hint(run_cli):
    code, out, err = run_cli("bank", "show", "no-such-question")
    assert code == 2 and out == ""
    assert "No question with id 'no-such-question'" in err and "bank list" in err


def test_stats_shows_every_topic(run_cli):
    code, out, _ = run_cli("bank", "stats")
    assert code == 0
    for topic in Topic:
        assert f"\n{topic} " in out


def test_validate_ok_and_bad_file_exit_codes(run_cli, tmp_path):
    assert run_cli("bank", "validate")[0] == 0
    bad = write_bank_file(tmp_path, "bad.yaml", difficulty="hard")
    code, out, err = run_cli("bank", "validate", str(bad))
    assert code == 2
    assert f"{bad}:3: question 1" in err and "field 'difficulty'" in err
    assert "Traceback" not in err


def test_extra_bank_option_adds_questions(run_cli, tmp_path):
    extra = write_bank_file(tmp_path, "extra.yaml")
    _, out, _ = run_cli("bank", "list", "--json", "--bank", str(extra))
    assert "what-is-a-tensor" in [q["id"] for q in json.loads(out)]


def test_banks_from_config_file_are_loaded(run_cli, tmp_path, isolated_environment):
    extra = write_bank_file(tmp_path, "extra.yaml")
    (isolated_environment / "config.toml").write_text(f"banks = [{json.dumps(str(extra))}]\n")
    _, out, _ = run_cli("bank", "show", "what-is-a-tensor")
    assert "What is a tensor?" in out


def test_bad_bank_from_subprocess_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe garbage")
    result = subprocess.run(
        [sys.executable, "-m", "interviewer", "bank", "validate", str(bad)], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 2
    assert "not UTF-8 text" in result.stderr and "Traceback" not in result.stderr


def test_version_and_help_do_not_import_openai_or_textual():
    code = (
        "import sys\nfrom interviewer.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openai', 'textual', 'httpx2')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("[]")
