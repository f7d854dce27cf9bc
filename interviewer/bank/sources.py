"""How a question's source reads to a person: the article's title and the question's number in it."""

from __future__ import annotations

from functools import cache

from interviewer.bank.yaml_source import read_vocabulary
from interviewer.domain.questions import Question, Source


@cache
def article_titles() -> dict[str, str]:
    """The seed articles the bank was curated from, by file name (rubrics/vocabulary/article-titles.yaml)."""
    return read_vocabulary("article-titles")


def render_source(source: Source) -> str:
    """E.g. "The Top 20 Deep Learning Interview Questions and Answers (DataCamp), NLP section, question 2".
    A source outside the seed articles (a user's own bank) shows its file name."""
    title = article_titles().get(source.seed, source.seed)
    section = f", {source.section} section" if source.section else ""
    return f"{title}{section}, question {source.number}"


def render_cite(question: Question, cite: str) -> str:
    """A reference answer's `source` (a cite such as "002_....txt #28"), rendered like its source."""
    source = next((s for s in question.sources if s.cite == cite), None)
    return render_source(source) if source else cite
