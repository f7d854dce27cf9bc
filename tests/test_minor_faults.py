"""The minor findings of the fault hunt (issue 24): each a clear one-line error or a safe default, never
"This is a bug", a hang, or unbounded memory."""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

from interviewer.llm.faults import retry_after_seconds
from interviewer.terminal import printable
from tests_support import write_bank_file


def assert_clear_error(code: int, err: str, *words: str) -> None:
    assert code != 0 and "bug" not in err and "Traceback" not in err, err
    for word in words:
        assert word in err, err


def test_a_5000_digit_yaml_integer_is_a_located_error(run_cli, tmp_path):
    path = write_bank_file(tmp_path, "big.yaml", difficulty="9" * 5000)
    code, _, err = run_cli("bank", "validate", str(path))
    assert_clear_error(code, err, str(path))


def test_a_5000_level_toml_array_in_the_config_is_a_config_error(run_cli, isolated_environment):
    (isolated_environment / "config.toml").write_text("banks = " + "[" * 5000 + "]" * 5000 + "\n")
    code, _, err = run_cli("stats")
    assert_clear_error(code, err, "config.toml")


def test_max_tokens_of_1e20_is_refused_with_its_bound(run_cli, isolated_environment):
    (isolated_environment / "config.toml").write_text("max_tokens = 1e20\n")
    code, _, err = run_cli("grade", "--question", "dropout", "--answer", "Dropout zeroes units in training.")
    assert_clear_error(code, err, "max_tokens")


@pytest.mark.parametrize("value", ["inf", "nan", "-1"])
def test_mock_minutes_must_be_finite_and_not_negative(run_cli, value):
    code, _, err = run_cli("mock", "--minutes", value)
    assert_clear_error(code, err, "--minutes")
    code, _, err = run_cli("mock", "--total-minutes", value)
    assert_clear_error(code, err, "--total-minutes")


def test_dev_zero_as_an_answer_file_or_bank_file_is_refused_not_read_for_ever(run_cli):
    code, _, err = run_cli("grade", "--question", "dropout", "--answer-file", "/dev/zero")
    assert_clear_error(code, err, "/dev/zero", "not a regular file")
    code, _, err = run_cli("bank", "validate", "/dev/zero")
    assert_clear_error(code, err, "/dev/zero")
    code, _, err = run_cli("eval", "--dataset", "/dev/zero", "--grader", "offline")
    assert_clear_error(code, err, "/dev/zero", "not a regular file")


def test_a_fifo_as_an_answer_or_bank_file_does_not_block(run_cli, tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # opening it to read would wait for a writer for ever
    code, _, err = run_cli("grade", "--question", "dropout", "--answer-file", str(fifo))
    assert_clear_error(code, err, "not a regular file")
    code, _, err = run_cli("bank", "validate", str(fifo))
    assert_clear_error(code, err, "not a regular file")


@pytest.mark.parametrize("header", ["nan", "inf", "-5"])
def test_a_retry_after_that_is_no_wait_is_ignored(header):
    failure = SimpleNamespace(response=SimpleNamespace(headers={"retry-after": header}))
    assert retry_after_seconds(failure) is None  # the backoff applies instead of no delay at all


def test_bidi_overrides_are_removed_from_printed_text():
    # U+202E turns the rest of the line around: "exe.txt" shows as "txt.exe"
    assert printable("score 9\u202e01/\u2066x\u2069 \u200fok") == "score 901/x \u200fok"


def test_the_stand_in_server_prints_help_instead_of_serving():
    result = subprocess.run([sys.executable, "-m", "interviewer.testing.standin_server", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "usage" in result.stdout and "at http" not in result.stdout


def test_a_terminal_that_is_not_utf8_gets_replacement_characters_not_a_crash(tmp_path):
    from test_bad_input import run_interviewer

    result = run_interviewer("bank", "show", "dropout", home=tmp_path, PYTHONIOENCODING="ascii")
    assert result.returncode == 0 and b"bug" not in result.stderr and b"dropout" in result.stdout.lower()


def test_the_app_exits_non_zero_after_a_crash(monkeypatch, run_cli):
    import interviewer.tui.app

    class Crashed:  # what textual leaves after an unhandled exception: return_code 1
        return_code = None

        def run(self):
            self.return_code = 1

    import interviewer.commands.tui

    monkeypatch.setattr(interviewer.tui.app, "make_app", lambda *args, **kwargs: Crashed())
    monkeypatch.setattr(interviewer.commands.tui, "in_a_terminal", lambda: True)
    code, _, _ = run_cli("mock", "--grader", "offline")
    assert code == 1


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_not_followed_and_names_where_it_points(run_cli, openai_mock, monkeypatch, status):
    import httpx

    monkeypatch.setenv("INTERVIEWER_MAX_ATTEMPTS", "1")
    elsewhere = "https://elsewhere.example/v1/chat/completions"
    openai_mock.post("/chat/completions").mock(return_value=httpx.Response(status, headers={"location": elsewhere}))
    other = openai_mock.post(elsewhere).mock(return_value=httpx.Response(404))
    code, _, err = run_cli("grade", "--question", "dropout", "--answer", "Dropout zeroes units in training.",
                           "--grader", "openai")
    assert other.call_count == 0  # the answer went to no other host
    assert_clear_error(code, err, f"HTTP {status}", "elsewhere.example", "OPENAI_BASE_URL")


HOSTILE_ID = "../../../evil\x1b]0;pwned\x07\x1b[2J"


def interview_with_a_hostile_id():
    from interviewer.domain.session import SessionConfig
    from interviewer.testing.clock import FakeClock
    from interviewer.engine.interview import Interview
    from interviewer.storage.store import Store

    config = SessionConfig(question_ids=["dropout"], mode="practice", seconds_per_question=60)
    return Interview.start(config, Store(), FakeClock(), session_id=HOSTILE_ID).record


def test_a_session_id_from_an_imported_file_is_printed_without_escapes(run_cli):
    interview_with_a_hostile_id()
    code, out, _ = run_cli("transcripts", "list")
    assert code == 0 and "evil" in out and "\x1b" not in out and "\x07" not in out


def test_the_palette_export_writes_inside_the_current_folder_whatever_the_id(tmp_path, monkeypatch):
    from interviewer.bank import load_bank
    from interviewer.rubric.store import rubric_for
    from interviewer.settings import load_settings
    from interviewer.tui.palette import export_markdown

    record = interview_with_a_hostile_id()
    folder = tmp_path / "a" / "b" / "c"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    notes = []
    app = SimpleNamespace(bank=load_bank(), coach=SimpleNamespace(rubrics=rubric_for), settings=load_settings(),
                          notify=lambda message, **kwargs: notes.append(message))
    export_markdown(app, record)
    (written,) = [p for p in tmp_path.rglob("*.md")]
    assert written.parent == folder and "\x1b" not in written.name and "/" not in written.name


def test_an_export_that_fails_midway_leaves_the_file_it_replaces_whole(run_cli, tmp_path, monkeypatch):
    import interviewer.presentation.export

    interview_with_a_hostile_id()
    target = tmp_path / "kept.md"
    target.write_text("the export of yesterday\n")
    monkeypatch.setattr(interviewer.presentation.export, "to_markdown", lambda *args: "half written \ud800 text")
    code, _, err = run_cli("transcripts", "export", "../../../evil", "-o", str(target))
    assert_clear_error(code, err, "kept.md")
    assert target.read_text() == "the export of yesterday\n" and [p.name for p in tmp_path.iterdir()] == ["kept.md"]


def damage(path, offset: int, size: int) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(b"\xff" * size)


@pytest.mark.parametrize("where", ["header", "pages"])
def test_a_damaged_database_is_named_with_the_way_to_recover_it(run_cli, isolated_environment, where):
    assert run_cli("grade", "--question", "dropout", "--answer", "Dropout zeroes units.", "--grader", "offline")[0] == 0
    database = isolated_environment / "interviewer.db"
    from interviewer.storage.store import Store

    Store().db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(database, *((0, 100) if where == "header" else (4096 * 2, 4096 * 3)))
    code, _, err = run_cli("stats")
    assert_clear_error(code, err, "damaged", ".recover", str(database))


@pytest.fixture
def fresh_lemmas(monkeypatch):
    from interviewer.grading import lemmas

    monkeypatch.setattr(lemmas, "_table", None)
    lemmas.lemma_stem.cache_clear()
    source = lemmas._source()
    if source is None:
        pytest.skip("simplemma is not installed")
    stat = source.stat()
    yield lemmas, lemmas.user_data_dir() / "cache" / f"lemmas-en-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    lemmas.lemma_stem.cache_clear()


def test_a_lemma_cache_of_the_wrong_types_is_rebuilt_not_trusted(fresh_lemmas):
    import marshal

    lemmas, cache = fresh_lemmas
    cache.parent.mkdir(parents=True)
    cache.write_bytes(marshal.dumps({"froze": 5, 7: "x"}))
    assert lemmas.lemma("froze") == "freeze"


def test_a_lemma_cache_that_cannot_be_written_leaves_no_temporary_file(fresh_lemmas):
    lemmas, cache = fresh_lemmas
    cache.mkdir(parents=True)  # a folder where the file should go: the final rename fails
    assert lemmas.lemma("froze") == "freeze"
    assert [p.name for p in cache.parent.iterdir()] == [cache.name]


def test_a_crash_of_the_app_is_one_line_with_no_traceback_and_no_key(monkeypatch, capfd):
    from conftest import FAKE_KEY
    from interviewer.testing.clock import FakeClock
    from interviewer.settings import load_settings
    from interviewer.storage.store import Store
    from interviewer.tui.app import make_app
    from interviewer.tui.screens.home import HomeScreen

    def broken(self):
        raise RuntimeError(f"a fault nobody foresaw, near {FAKE_KEY}")

    monkeypatch.setattr(HomeScreen, "refresh_status", broken)
    app = make_app(load_settings(grader="offline"), store=Store(), clock=FakeClock(), ticking=False)
    app.run(headless=True, size=(80, 24))
    err = capfd.readouterr().err
    assert app.return_code == 1
    assert "RuntimeError: a fault nobody foresaw" in err and "This is a bug" in err
    assert "Traceback" not in err and "╭" not in err and FAKE_KEY not in err and len(err.strip().splitlines()) == 1
