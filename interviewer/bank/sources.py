"""How a question's source reads to a person: the article's title and the question's number in it."""

from __future__ import annotations

from interviewer.domain.questions import Question, Source

# The seed articles the bank was curated from (../shared/seeds), by file name.
ARTICLE_TITLES = {
    "000_7aa3c96eee8aa9ce.txt": "Common Deep Learning Engineer Job Interview Questions, with Example Answers",
    "001_ac8169ef1c77f4d1.txt": "The Top 20 Deep Learning Interview Questions and Answers (DataCamp)",
    "002_0cd5ba00200c3067.txt": "Deep Learning Scientist Job Interview Questions and Answers",
    "003_0094aaf4c8f2a6f7.txt": "10 Deep Learning Interview Questions and Answers for ML Engineers",
}


def render_source(source: Source) -> str:
    """E.g. "The Top 20 Deep Learning Interview Questions and Answers (DataCamp), NLP section, question 2".
    A source outside the seed articles (a user's own bank) shows its file name."""
    title = ARTICLE_TITLES.get(source.seed, source.seed)
    section = f", {source.section} section" if source.section else ""
    return f"{title}{section}, question {source.number}"


def render_cite(question: Question, cite: str) -> str:
    """A reference answer's `source` (a cite such as "002_....txt #28"), rendered like its source."""
    source = next((s for s in question.sources if s.cite == cite), None)
    return render_source(source) if source else cite
