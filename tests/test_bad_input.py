"""Bad configuration and bad input: a clear message naming the cause and the fix, exit 2, no traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import httpx

from interviewer.bank.yaml_source import MAX_EXPANDED_NODES, MAX_FILE_BYTES
from interviewer.grading.service import MAX_ANSWER_CHARS
from interviewer.locations import config_file
from test_openai_grader import ANSWER as OVERFITTING_ANSWER
from test_openai_grader import reply

ANSWER = "Dropout randomly zeroes units during training. It regularizes the network against overfitting."
CSV_HEAD = "question,reference_answer,answer,score,max_score\n"
ROW = "What is dropout?,Dropout zeroes random units during training.,It zeroes random units,{score},{max_score}\n"


def yaml_bomb(levels: int = 9) -> str:
    """A billion-laughs document: 9 levels of 9 aliases, 9**9 values once expanded, 500-odd bytes."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines + [f"questions: *a{levels - 1}"]) + "\n"


def run_interviewer(*args: str, home, stdin: bytes = b"", **env: str) -> subprocess.CompletedProcess:
    """A real process, where exit codes and tracebacks are what a user would see."""
    environ = {**os.environ, "INTERVIEWER_HOME": str(home), **env}
    environ.pop("OPENAI_API_KEY", None)
    return subprocess.run([sys.executable, "-m", "interviewer", *args], input=stdin, env=environ,
                          capture_output=True, timeout=60)


def saved_answers(question_id: str) -> list[str]:
    from interviewer.storage.store import Store

    return Store().saved_answers(question_id)


def test_banks_env_var_that_is_not_json_is_blamed_on_the_env_var(run_cli, monkeypatch):
    monkeypatch.setenv("INTERVIEWER_BANKS", "notjson")
    code, _, err = run_cli("bank", "stats")
    assert code == 2 and "INTERVIEWER_BANKS is not valid JSON" in err and "INTERVIEWER_BANKS='[" in err
    assert str(config_file()) not in err


def test_a_bad_value_in_the_config_file_is_blamed_on_the_file(run_cli, isolated_environment):
    config_file().write_text('banks = "one-path-not-a-list"\n')
    code, _, err = run_cli("bank", "stats")
    assert code == 2 and f"`banks` in {config_file()}" in err and "valid list" in err


def test_base_url_that_is_not_a_url_says_so(run_cli, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "not-a-url")
    code, _, err = run_cli("grade", "--question", "dropout", "--answer", ANSWER)
    assert code == 2 and "OPENAI_BASE_URL: 'not-a-url' is not a valid URL" in err and "http://localhost:11434/v1" in err


def test_rubrics_check_on_a_missing_folder_names_the_folder(run_cli, tmp_path):
    code, out, err = run_cli("rubrics", "check", "--rubrics", str(tmp_path / "missing"))
    assert code == 2 and f"{tmp_path / 'missing'}: no such folder" in err and out == ""


def test_yaml_bomb_in_a_bank_file_fails_fast_naming_the_file(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(yaml_bomb())
    result = run_interviewer("bank", "validate", str(bomb), home=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2 and f"{bomb}: its aliases (*name) expand to more than {MAX_EXPANDED_NODES:,}" in err
    assert b"Traceback" not in result.stderr + result.stdout


def test_yaml_bomb_in_a_rubric_file_fails_fast_naming_the_file(run_cli, data_copy):
    rubric = data_copy / "rubrics" / "dropout.yaml"
    rubric.write_text(yaml_bomb())
    for argv in (("rubrics", "check"), ("rubrics", "show", "dropout")):
        code, _, err = run_cli(*argv)
        assert code == 2 and f"{rubric}: its aliases" in err


def test_a_few_aliases_are_fine_and_a_self_containing_alias_is_not(run_cli, tmp_path):
    ok = tmp_path / "aliases.yaml"
    ok.write_text("topic: fundamentals\nquestions:\n  - id: t1\n    text: What is a tensor?\n    kind: conceptual\n"
                  "    difficulty: 1\n    references: &refs\n      - answer: A multi-dimensional array with a shape.\n"
                  "  - id: t2\n    text: What is a scalar?\n    kind: conceptual\n    difficulty: 1\n    references: *refs\n")
    assert run_cli("bank", "validate", str(ok))[0] == 0
    loop = tmp_path / "loop.yaml"
    loop.write_text("questions: &q [*q]\n")
    code, _, err = run_cli("bank", "validate", str(loop))
    assert code == 2 and f"{loop}:1: an alias refers to a value that contains it" in err


def test_an_oversized_bank_file_is_refused_before_parsing(run_cli, tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * MAX_FILE_BYTES + "\nquestions: []\n")
    code, _, err = run_cli("bank", "validate", str(big))
    assert code == 2 and f"{big}: {big.stat().st_size:,} bytes, more than the {MAX_FILE_BYTES:,}" in err


def test_eval_csv_that_is_not_utf8_names_file_and_line(tmp_path):
    data = tmp_path / "latin1.csv"
    data.write_bytes((CSV_HEAD + ROW.format(score=3, max_score=5)).encode() + "It is café,4,5\n".encode("latin-1"))
    result = run_interviewer("eval", "--dataset", str(data), home=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2 and f"{data}:3: not UTF-8 text (byte 0xe9); save the CSV as UTF-8" in err
    assert b"Traceback" not in result.stderr + result.stdout


def test_eval_rows_with_inf_or_nan_scores_are_named_and_skipped(run_cli, tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    data = tmp_path / "inf.csv"
    data.write_text(CSV_HEAD + ROW.format(score="inf", max_score=5) + ROW.format(score=3, max_score="nan")
                    + ROW.format(score=3, max_score=5) + ROW.format(score=1, max_score=5))
    code, out, err = run_cli("eval", "--dataset", str(data), "--json")
    assert code == 0 and json.loads(out)["n"] == 2
    assert f"{data}:2: score 'inf' / max_score '5' must be finite numbers; row skipped" in err
    assert f"{data}:3: score '3' / max_score 'nan' must be finite numbers; row skipped" in err
    data.write_text(CSV_HEAD + ROW.format(score="nan", max_score=5))
    code, _, err = run_cli("eval", "--dataset", str(data))
    assert code == 2 and f"{data}: no valid rows (1 malformed)" in err


def test_non_utf8_stdin_is_graded_and_saved_with_a_warning(isolated_environment):
    answer = b"Dropout zeroes random units during training, which regularizes the network. "
    result = run_interviewer("grade", "--question", "dropout", "-", home=isolated_environment,
                             stdin=answer + b"caf\xe9 " + answer)
    err = result.stderr.decode()
    assert result.returncode == 0 and f"Standard input is not UTF-8 (byte 0xe9 at offset {len(answer) + 3})" in err
    assert b"Traceback" not in result.stderr and b"Score:" in result.stdout
    assert saved_answers("dropout") == [(answer + b"caf").decode() + "\ufffd " + answer.decode()]


def test_stdin_utf8_is_read_unchanged(run_cli, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ANSWER.encode() + " ✓".encode())))
    code, _, err = run_cli("grade", "--question", "dropout", "-")
    assert code == 0 and "not UTF-8" not in err and saved_answers("dropout") == [ANSWER + " ✓"]


def test_a_huge_answer_is_capped_for_the_grader_and_saved_whole(run_cli, openai_mock, monkeypatch):
    monkeypatch.setenv("INTERVIEWER_MAX_ATTEMPTS", "1")
    huge = (OVERFITTING_ANSWER + " ") * (5_000_000 // (len(OVERFITTING_ANSWER) + 1))
    route = openai_mock.post("/chat/completions").mock(return_value=httpx.Response(200, json=reply()))
    code, out, _ = run_cli("grade", "--question", "overfitting-prevention", "--answer", huge, "--grader", "openai", "--json")
    sent = json.loads(route.calls[0].request.content)["messages"]
    assert code == 0 and MAX_ANSWER_CHARS < sum(len(m["content"]) for m in sent) < MAX_ANSWER_CHARS + 40_000
    notice = f"Your answer has {len(huge):,} characters; the grader read the first {MAX_ANSWER_CHARS:,}"
    assert notice in json.loads(out)["notes"][-1]
    assert saved_answers("overfitting-prevention") == [huge]
