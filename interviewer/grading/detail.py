"""How much on-topic explanation an answer gives, for rubrics drafted from one reference answer.

A draft's key points are one author's wording of the answer, so an answer that explains the same thing in its
own way matches few of them. Human graders still credit it: on nn_exam's tuning half, the amount of on-topic
text ranks answers to the same question better than point coverage does. The measure: the content words of the
answer's on-topic clauses, over the reference's own count (a length ratio, as in Sultan et al. 2016), capped at
1. A clause is on topic when at least a fifth of its content words are the question's or a reference answer's:
padding with another question's answer, which shares the field's common words but few of this question's,
adds little. A bare list of terms states nothing unless the question asks for a list.
"""

from __future__ import annotations

from interviewer.domain.questions import Question
from interviewer.grading.claims import ASKS_FOR_LIST
from interviewer.grading.clauses import analyse, content_tokens

# Share of a draft rubric's measure that comes from on-topic detail rather than key-point coverage; chosen on
# nn_exam's odd-numbered questions (leave-one-question-out), see evals/fit_calibration.py.
DETAIL_WEIGHT = 0.5
# Share of a clause's content words that must be the topic's. Chosen on the same half against the padding shift
# (`interviewer eval --perturb`): with any shared word enough, padding gained 2.5 times what it gains without detail.
ON_TOPIC_SHARE = 0.2


def on_topic_detail(answer: str, question: Question) -> float:
    """0-1: the answer's on-topic content words relative to the reference answers' (their mean), capped at 1."""
    references = [content_tokens(r.answer) for r in question.references]
    expected = sum(len(r) for r in references) / len(references)
    topic = content_tokens(question.text).union(*references)
    clauses = analyse(answer)
    if not expected or not any(c.predicate for c in clauses) and not ASKS_FOR_LIST.search(question.text):
        return 0.0
    on_topic = sum(len(c.content) for c in clauses if len(c.content & topic) >= ON_TOPIC_SHARE * len(c.content))
    return min(1.0, on_topic / expected)


def with_detail(raw: float, detail: float) -> float:
    """A draft rubric's 0-10 measure: its verdict score blended with the answer's on-topic detail (0-1)."""
    return round((1 - DETAIL_WEIGHT) * raw + DETAIL_WEIGHT * 10 * detail, 1)
