"""The app's screens fit 80x24 and 60x16 (#25 item 7): the report's times in full, the question's header
and the footer's keys, read from what the terminal would show."""

from __future__ import annotations

import re

import pytest

from test_tui_new_user import app_on, press


def screen_lines(app) -> list[str]:
    """What the terminal shows, a line per row (from the screenshot Textual renders)."""
    import html
    import re

    svg = app.export_screenshot()
    rows: dict[float, list[str]] = {}
    for y, text in re.findall(r'<text[^>]*? y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(y), []).append(html.unescape(text).replace("\xa0", " "))
    return ["".join(parts) for _, parts in sorted(rows.items())]


@pytest.mark.parametrize("size", [(80, 24), (60, 16)], ids=["80x24", "60x16"])
async def test_the_report_shows_every_time_in_full_with_many_questions(isolated_environment, size):
    app = app_on(questions=10, minutes_per_question=1)
    async with app.run_test(size=size) as pilot:
        for _ in range(9):
            await press(pilot, "ctrl+n")
        await press(pilot, "ctrl+t", "e")
        lines = screen_lines(app)
        header = next(line for line in lines if "follow-ups" in line)
        assert header.rstrip().endswith("time/01:00"), header
        rows = [line for line in lines if re.search(r"\bskipped\b", line)]
        assert rows and all(re.search(r"00:00\s*$", row.rstrip(" ▏▎▇")) for row in rows), rows
        await press(pilot, "escape", "ctrl+o", "enter")  # the same report, opened from history
        assert screen_lines(app) == lines


@pytest.mark.parametrize("size", [(80, 24), (60, 16)], ids=["80x24", "60x16"])
async def test_the_question_header_and_footer_fit(isolated_environment, size):
    app = app_on(questions=10, seed=3)
    async with app.run_test(size=size) as pilot:
        for _ in range(9):  # to question 10: the longest topic
            await press(pilot, "ctrl+n")
        lines = screen_lines(app)
        question = app.bank.get(app.coach.interview.current_record.question_id)
        meta = " ".join(" ".join(line for line in lines[:3] if line != "interviewer").split())  # not the title
        assert f"{question.kind} ·" in meta and f"difficulty {question.difficulty}" in meta and "left" in meta
        footer = lines[-1]
        for label in ("Submit", "Skip", "End", "Hint (-1)", "Quit", "palette"):
            assert label in footer, footer
