"""The `interviewer` command. Heavy modules are imported inside command handlers, so
`interviewer --version` and `--help` start fast (no openai, no textual)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from interviewer import __version__
from interviewer.errors import InterviewerError


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; given the command line, only the command it names gets its options (faster)."""
    parser = argparse.ArgumentParser(
        prog="interviewer",
        description="A keyboard-first terminal coach for deep-learning job interviews.",
        epilog="Run `interviewer` with no command to open the app. Grades offline unless OPENAI_API_KEY "
               "or OPENAI_BASE_URL is set. `interviewer COMMAND --help` describes each command.",
    )
    parser.add_argument("--version", action="version", version=f"interviewer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    from interviewer.commands import batch, bank, evaluate, grade, rubrics, stats, transcripts, tui

    named = None if argv is None else next((a for a in argv if not a.startswith("-")), "")
    for module in (tui, bank, rubrics, grade, transcripts, stats, evaluate, batch):
        module.register(commands if named is None else _OnlyNamed(commands, named))
    return parser


class _OnlyNamed:
    """Passed to `register()` in place of the subparsers: builds the named command in full and only the
    name and help line of the others. Building every option of every command was most of the time of
    `interviewer --help` (argparse looks up translations for each parser it makes)."""

    def __init__(self, commands: argparse._SubParsersAction, named: str) -> None:
        self._commands, self._named = commands, named

    def add_parser(self, name: str, **kwargs):
        if name == self._named:
            return self._commands.add_parser(name, **kwargs)
        self._commands.add_parser(name, help=kwargs.get("help"), add_help=False)
        return _Skipped()


class _Skipped:
    """Accepts and ignores whatever `register()` does to a command that is not being run."""

    def __getattr__(self, _name: str):
        return lambda *args, **kwargs: self


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # answered before the parser imports the command modules
        print(f"interviewer {__version__}")
        return 0
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        from interviewer.commands.tui import home

        args.handler = home
    try:
        code = args.handler(args)
        if code == -1:  # the app needs a terminal
            parser.print_help()
            return 0
        return code or 0
    except InterviewerError as exc:
        print(f"interviewer: {exc.title.lower()}: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interviewer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `interviewer bank list | head`
        sys.stderr.close()
        return 0
    except OSError as exc:  # a file or folder the command had to read or write
        where = f" {exc.filename}" if exc.filename else ""
        print(f"interviewer: cannot read or write{where}: {exc.strerror or exc}. Check that the folder exists, "
              "that you may write there, and that the disk has space.", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug, said plainly, no traceback
        import os

        if os.environ.get("INTERVIEWER_DEBUG"):
            raise
        from interviewer.llm.errors import redact
        from interviewer.terminal import printable

        detail = printable(redact(str(exc), os.environ.get("OPENAI_API_KEY")))
        print(f"interviewer: unexpected error ({exc.__class__.__name__}: {detail}). This is a bug: please report it "
              "with the command you ran; INTERVIEWER_DEBUG=1 shows the traceback.", file=sys.stderr)
        return 1
