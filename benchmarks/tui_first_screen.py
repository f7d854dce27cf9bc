"""Milliseconds to a TUI screen, headless, in a fresh interpreter. Used by benchmarks/run.py and scale.py.

`python benchmarks/tui_first_screen.py [home|history|progress|label]`
- home (default): from the interpreter's start to the app's first screen mounted;
- history, progress: from pressing ctrl+o / ctrl+g on the home screen to that screen mounted;
- label: from the interpreter's start to a one-Label Textual app mounted, the floor for `home`.
A screen counts as mounted when it has widgets, no message is pending and no worker is still running
(a screen that loads its rows in a worker is measured until they are in). Public entry points only:
`make_app` and the key bindings, after pausing the garbage collector as `interviewer` does.
"""

import sys
import time

START = time.perf_counter()

import asyncio  # noqa: E402

KEYS = {"history": "ctrl+o", "progress": "ctrl+g"}
SIZE = (100, 30)
PATIENCE_SECONDS = 300  # a worker that never ends must not hang the benchmark


async def settled(app, pilot, ready) -> None:
    from textual.worker import WorkerState

    deadline = time.perf_counter() + PATIENCE_SECONDS
    await pilot.pause()
    while not ready() or any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        if time.perf_counter() > deadline:
            sys.exit(f"the screen did not settle within {PATIENCE_SECONDS} s (a worker still running?)")
        await pilot.pause(0.005)


def since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


async def one_label() -> float:
    from textual.app import App
    from textual.widgets import Label

    class OneLabel(App):
        def compose(self):
            yield Label("interviewer")

    app = OneLabel()
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot, lambda: bool(app.screen.children))
        return since(START)


async def interviewer_screen(target: str) -> float:
    from interviewer.tui.startup import pause_collection

    pause_collection()  # as `interviewer` does before it imports the app (commands/tui.py)
    from interviewer.tui.app import make_app

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot, lambda: bool(app.screen.children))
        if target == "home":
            return since(START)
        home, pressed = app.screen, time.perf_counter()
        await pilot.press(KEYS[target])
        await settled(app, pilot, lambda: app.screen is not home and bool(app.screen.children))
        return since(pressed)


def main() -> None:
    target = sys.argv[1] if len(sys.argv) > 1 else "home"
    if target not in ("home", "label", *KEYS):
        sys.exit(f"usage: {sys.argv[0]} [home|history|progress|label]")
    print(asyncio.run(one_label() if target == "label" else interviewer_screen(target)))


main()
