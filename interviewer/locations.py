"""Where things live: user data, the config file, and the bundled question bank and rubrics.

`INTERVIEWER_HOME` relocates everything the app writes or reads per user (data and config),
so tests and portable setups need only that one variable.
"""

from __future__ import annotations

import os
from pathlib import Path

from interviewer.errors import InterviewerError

APP_NAME = "interviewer"
HOME_ENV = "INTERVIEWER_HOME"
_PACKAGE_DIR = Path(__file__).resolve().parent


def user_data_dir() -> Path:
    """Directory for transcripts, history and drafts (not created here)."""
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP_NAME)


def config_file() -> Path:
    """The optional TOML config file."""
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home).expanduser() / "config.toml"
    import platformdirs

    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def bundled_dir(name: str) -> Path:
    """A bundled data folder (`question_bank` or `rubrics`).

    A wheel carries it inside the package (`interviewer/_data/NAME`); a source checkout or an
    editable install keeps it at the repository's top level, where people edit it.
    """
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise InterviewerError(
        f"The bundled '{name}' folder is missing from this installation "
        f"(looked in {_PACKAGE_DIR / '_data' / name} and {_PACKAGE_DIR.parent / name}). "
        "Reinstall interviewer with `pip install .` from a complete checkout.",
        title="Broken installation",
    )
