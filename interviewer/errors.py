"""One error hierarchy: each carries a user-facing message, a title and the CLI exit code."""


class InterviewerError(Exception):
    """An error the user can act on. Never carries a traceback to the screen."""

    title = "Error"
    exit_code = 1

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title


class BadInputError(InterviewerError):
    """Input the user supplied (a file, an argument, an id) is wrong: exit code 2."""

    title = "Bad input"
    exit_code = 2


class BankError(BadInputError):
    """One or more question-bank files are invalid. `problems` lists each, already located."""

    title = "Invalid question bank"

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{len(problems)} {noun} in the question bank:\n" + "\n".join(f"  - {p}" for p in problems))


class ConfigError(BadInputError):
    title = "Invalid configuration"
