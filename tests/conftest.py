"""Every test runs isolated: user data in a temp dir, a fake API key, no base URL, no real config."""

from __future__ import annotations

import inspect

import pytest

from interviewer.cli import main

FAKE_KEY = "test-key-NOT-A-REAL-KEY-7f3a9c"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("interviewer-home")
    monkeypatch.setenv("INTERVIEWER_HOME", str(home))
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    # Grading by meaning costs about half a second an answer on two cores: the suite grades by words unless a
    # test is about the claim model (tests/test_claim_model.py, tests/test_meaning.py turn it on).
    monkeypatch.setenv("INTERVIEWER_CLAIM_MODEL", "off")
    for var in ("INTERVIEWER_GRADER", "INTERVIEWER_MODEL", "INTERVIEWER_BANKS"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def run_cli(capsys):
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def openai_mock():
    """respx routes for the openai 3.x SDK, which sends through httpcore2 (see ../shared/notes/stack.md)."""
    import respx

    with respx.mock(base_url="https://api.openai.com/v1", using="httpcore2", assert_all_called=False) as router:
        yield router


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of the bundled question bank and rubrics, used in place of the real ones."""
    import shutil

    from interviewer import locations

    root = tmp_path / "data"
    for name in ("question_bank", "rubrics"):
        shutil.copytree(locations.bundled_dir(name), root / name)
    monkeypatch.setattr(locations, "_PACKAGE_DIR", root / "pkg")  # its parent, root, holds the copies
    return root


def pytest_collection_modifyitems(items):
    """Mark `pilot` every test that drives the Textual app (Pilot or a snapshot): `-m "not pilot and not slow"`
    is the core loop, the headless code alone in seconds."""
    for item in items:
        function = getattr(item, "function", None)
        if function is None:
            continue
        if "snap_compare" in getattr(item, "fixturenames", ()) or ".run_test(" in inspect.getsource(function):
            item.add_marker(pytest.mark.pilot)

