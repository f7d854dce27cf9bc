"""The standard anchors for the four dimensions, shared by every rubric unless it overrides them."""

from __future__ import annotations

from interviewer.domain.rubrics import Dimension, Rubric, StarElement

STANDARD_ANCHORS: dict[Dimension, dict[int, str]] = {
    Dimension.ACCURACY: {
        1: "Mostly wrong or confused; states misconceptions as fact.",
        2: "Several errors or one serious error alongside some correct ideas.",
        3: "Broadly correct with minor slips or vague spots.",
        4: "Correct throughout; terms used precisely.",
        5: "Correct and precise, including edge cases and caveats.",
    },
    Dimension.COMPLETENESS: {
        1: "Misses nearly every key point.",
        2: "Covers a few key points; most must-haves missing.",
        3: "Covers about half the key points, including some must-haves.",
        4: "Covers all must-haves and some nice-to-haves.",
        5: "Covers every key point an interviewer expects.",
    },
    Dimension.CLARITY: {
        1: "Hard to follow; no structure.",
        2: "Some structure but rambling or repetitive.",
        3: "Understandable; ideas in a reasonable order.",
        4: "Well organised: a definition or thesis first, then supporting points.",
        5: "Crisp and well signposted; easy to follow aloud in an interview.",
    },
    Dimension.DEPTH: {
        1: "Buzzwords only.",
        2: "Names ideas without explaining why or how.",
        3: "Explains how or why for some points.",
        4: "Explains mechanisms and gives an example or trade-off.",
        5: "Mechanisms, trade-offs, concrete numbers or experience, and when not to use it.",
    },
}

STANDARD_STAR: dict[StarElement, str] = {
    StarElement.SITUATION: "Sets the scene: the project, the data and the constraints.",
    StarElement.TASK: "Says what the candidate was responsible for and what success meant.",
    StarElement.ACTION: "Describes what the candidate did, technically and specifically, and why.",
    StarElement.RESULT: "States the outcome, ideally measured (accuracy, latency, time saved).",
    StarElement.REFLECTION: "Says what was learned or what would be done differently.",
}


def anchors(rubric: Rubric) -> dict[Dimension, dict[int, str]]:
    merged = dict(STANDARD_ANCHORS)
    merged.update(rubric.dimensions or {})
    return merged
