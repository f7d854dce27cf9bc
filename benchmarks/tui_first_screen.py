"""Milliseconds from a fresh interpreter to the home screen mounted, headless. Used by benchmarks/run.py."""

import time

START = time.perf_counter()

import asyncio  # noqa: E402

from interviewer.tui.app import make_app  # noqa: E402


async def main() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#grader-status")
        print((time.perf_counter() - START) * 1000)


asyncio.run(main())
