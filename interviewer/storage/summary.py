"""The summary rows kept in step with each session's events (written in the event's transaction, each
kind of event touching only the rows it changes), and the queries that history, progress and `stats`
run on them instead of replaying events."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from interviewer.domain.feedback import Verdict
from interviewer.domain.session import SessionRecord
from interviewer.domain.events import (
    AnswerSubmitted, Event, FeedbackReceived, SessionEnded, SessionStarted, VerdictReviewed,
)

MISSED = (Verdict.MISSING, Verdict.INCORRECT)


def project(db: sqlite3.Connection, record: SessionRecord, event: Event) -> None:
    """Bring the summary rows in step with `event`, already applied to `record`: only the rows that kind
    of event changes (a draft, a hint or a follow-up asked changes none)."""
    if isinstance(event, SessionStarted):
        _answer_rows(db, record, range(len(record.records)))
    elif isinstance(event, AnswerSubmitted) or (isinstance(event, FeedbackReceived | VerdictReviewed)
                                                and event.follow_up is None):  # a review moves score and misses
        _answer_rows(db, record, [event.index])
        _missed_rows(db, record, event.index)
    elif not isinstance(event, SessionEnded | FeedbackReceived | VerdictReviewed):
        return
    if isinstance(event, FeedbackReceived):
        _usage_rows(db, record)
    _session_row(db, record)


def update_summary(db: sqlite3.Connection, record: SessionRecord) -> None:
    """Every summary row of `record`, rewritten (a whole imported session)."""
    _answer_rows(db, record, range(len(record.records)))
    for index in range(len(record.records)):
        _missed_rows(db, record, index)
    _usage_rows(db, record)
    _session_row(db, record)


def _session_row(db: sqlite3.Connection, record: SessionRecord) -> None:
    db.execute("UPDATE sessions SET ended_at = ?, answered = ?, graded = ?, average = ? WHERE id = ?",
               (record.ended_at.isoformat() if record.ended_at else None,
                sum(r.answered and not r.skipped for r in record.records),
                sum(1 for r in record.records if r.feedback), record.average, record.id))


def _answer_rows(db: sqlite3.Connection, record: SessionRecord, indexes: Iterable[int]) -> None:
    started = record.started_at.isoformat()
    db.executemany(
        "INSERT OR REPLACE INTO answers (session_id, idx, question_id, started_at, answered, skipped, score) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(record.id, i, r.question_id, started, r.answered, r.skipped, r.feedback.score if r.feedback else None)
         for i in indexes for r in (record.records[i],)])


def _missed_rows(db: sqlite3.Connection, record: SessionRecord, index: int) -> None:
    item = record.records[index]
    db.execute("DELETE FROM missed WHERE session_id = ? AND idx = ?", (record.id, index))
    if item.feedback:
        db.executemany("INSERT INTO missed (session_id, idx, question_id, point_id) VALUES (?, ?, ?, ?)",
                       [(record.id, index, item.question_id, v.point_id) for v in item.feedback.verdicts
                        if v.verdict in MISSED])


def _usage_rows(db: sqlite3.Connection, record: SessionRecord) -> None:
    db.execute("DELETE FROM grading_usage WHERE session_id = ?", (record.id,))
    db.executemany("INSERT INTO grading_usage (session_id, model, prompt_tokens, cached_tokens, completion_tokens, "
                   "grades) VALUES (?, ?, ?, ?, ?, ?)", [(record.id, *row) for row in _usage(record)])


SQLITE_MAX_INTEGER = 2**63 - 1


def _usage(record: SessionRecord) -> list[tuple[str, int, int, int, int]]:
    """(model, prompt, cached, completion tokens, grades) per model of the grades that used tokens."""
    sums: dict[str, list[int]] = {}
    for p in (feedback.provenance for feedback in record.grades()):
        if p.prompt_tokens or p.completion_tokens:
            row = sums.setdefault(p.model or "", [0, 0, 0, 0])
            for i, tokens in enumerate((p.prompt_tokens, p.cached_tokens, p.completion_tokens, 1)):
                row[i] += tokens
    # A server may report any count: the sums are capped at what an SQLite integer holds.
    capped = {model: [min(n, SQLITE_MAX_INTEGER) for n in row] for model, row in sums.items()}
    return [(model, row[0], row[1], row[2], row[3]) for model, row in capped.items()]


@dataclass(frozen=True)
class ProgressRows:
    sessions_per_day: list[tuple[str, int]]  # (ISO date, sessions started that day), oldest first
    topic_means: list[tuple[str, float]]  # (topic, mean score) per session and topic, oldest session first
    graded: int  # graded answers to questions of the bank
    seen: set[str]  # question ids ever answered or skipped (not those an interview ended before reaching)
    missed: list[tuple[str, str, int]]  # (question id, point id, times missed), most first
    usage: list[tuple[str | None, int, int, int, int]]  # (model, prompt, cached, completion tokens, grades)


def progress_rows(db: sqlite3.Connection, topic_of: dict[str, str], recent: int | None = None) -> ProgressRows:
    """`topic_of`: question id -> topic, from the bank in use (questions outside it are not counted).
    `recent`: only each topic's last `recent` sessions (what a screen draws), read from the newest answers
    back, so a screen costs the same after two thousand interviews as after fifty."""
    per_question = db.execute("SELECT question_id, COUNT(score) FROM answers GROUP BY question_id").fetchall()
    graded = {question_id: n for question_id, n in per_question if n and question_id in topic_of}
    missed = db.execute("SELECT question_id, point_id, COUNT(*) AS times FROM missed GROUP BY question_id, point_id "
                        "ORDER BY times DESC, question_id, point_id").fetchall()
    return ProgressRows(
        sessions_per_day=[(row[0], row[1]) for row in db.execute(  # the day as written (the local date)
            "SELECT substr(started_at, 1, 10) AS day, COUNT(*) FROM sessions GROUP BY day ORDER BY day")],
        topic_means=_topic_means(db, topic_of, recent, {topic_of[question_id] for question_id in graded}),
        graded=sum(graded.values()),
        seen={row[0] for row in db.execute("SELECT DISTINCT question_id FROM answers WHERE answered")},
        missed=[(row[0], row[1], row[2]) for row in missed if row[0] in topic_of],
        usage=[(row[0] or None, *row[1:]) for row in db.execute(
            "SELECT model, SUM(prompt_tokens), SUM(cached_tokens), SUM(completion_tokens), SUM(grades) "
            "FROM grading_usage GROUP BY model ORDER BY model")],
    )


def _topic_means(db: sqlite3.Connection, topic_of: dict[str, str], recent: int | None,
                 graded_topics: set[str]) -> list[tuple[str, float]]:
    """(topic, mean score) per session and topic, oldest session first; with `recent`, each topic's last
    `recent` only, stopping as soon as every graded topic has them."""
    newest_first = recent is not None
    order = "DESC" if newest_first else "ASC"
    scores = db.cursor()
    scores.row_factory = None  # plain tuples: thousands of rows
    sessions: list[list[tuple[str, float]]] = []
    shown: Counter[str] = Counter()
    try:
        rows = scores.execute("SELECT session_id, question_id, score FROM answers WHERE score IS NOT NULL "
                              f"ORDER BY started_at {order}, session_id {order}")
        for _, answers in groupby(rows, key=itemgetter(0)):
            by_topic: dict[str, list[float]] = {}
            for _, question_id, score in answers:
                if question_id in topic_of:
                    by_topic.setdefault(topic_of[question_id], []).append(score)
            means = [(topic, sum(s) / len(s)) for topic, s in sorted(by_topic.items())
                     if recent is None or shown[topic] < recent]
            sessions.append(means)
            if recent is not None:
                shown.update(topic for topic, _ in means)
                if all(shown[topic] >= recent for topic in graded_topics):
                    break
    finally:
        scores.close()  # a query left unfinished would hold its read snapshot
    return [mean for means in (reversed(sessions) if newest_first else sessions) for mean in means]
