"""Every interview question in the four seed articles is in the bank: by source and by wording."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from interviewer.bank import load_bank
from seed_articles import SEEDS_DIR, listed, load_listed, parse_all


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().casefold()


def test_the_shipped_list_holds_the_106_questions_of_the_four_articles():
    counts = Counter(q.seed[:3] for q in load_listed())
    assert counts == {"000": 46, "001": 20, "002": 30, "003": 10}


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason=f"seed articles not at {SEEDS_DIR} (set INTERVIEWER_SEEDS_DIR)")
def test_the_shipped_list_is_what_the_parser_finds_in_the_articles():
    assert [listed(q) for q in parse_all()] == [listed(q) for q in load_listed()]


def test_every_seed_question_is_a_source_and_a_wording_of_one_bank_question():
    bank = load_bank()
    by_source = {}
    for question in bank.questions.values():
        for source in question.sources:
            key = (source.seed, source.section, source.number)
            assert key not in by_source, f"{key} is a source of both {by_source.get(key)} and {question.id}"
            by_source[key] = question.id
    missing = []
    for seed_q in load_listed():
        qid = by_source.get((seed_q.seed, seed_q.section, seed_q.number))
        if qid is None:
            missing.append(f"{seed_q.seed} {seed_q.section} #{seed_q.number}: no bank question names it")
            continue
        wordings = {normalise(w) for w in bank.questions[qid].wordings}
        if normalise(seed_q.wording) not in wordings:
            missing.append(f"{seed_q.seed} #{seed_q.number}: wording {seed_q.wording!r} not in {qid}")
    assert not missing, "\n".join(missing)


def test_merged_questions_keep_every_source_and_reference():
    bank = load_bank()
    overfitting = bank.get("overfitting-prevention")
    assert len(overfitting.sources) == 6 and len(overfitting.references) == 6
    assert len(bank.get("transfer-learning").sources) == 7
    assert len(bank.get("batch-normalization").sources) == 5
    assert len(bank.get("evaluating-model-performance").sources) == 8
    # experience questions are not merged into their conceptual twins: they are graded on a story
    assert bank.get("experience-transfer-learning").kind == "experience"


def test_text_is_clean_of_html_link_stubs_and_promotions():
    bank = load_bank()
    for q in bank.questions.values():
        texts = [q.text, *q.variants] + [t for r in q.references for t in (r.answer, r.example or "")]
        for text in texts:
            # Bold markup left from the articles (**word**); code keeps its `**kwargs`.
            assert not re.search(r"</?(strong|div)|</div|\]\(#\)|\*\*[A-Za-z][^*\n]*\*\*", text), (q.id, text[:80])
            assert not re.search(r"DataCamp|\bcourse\b|check this|Palomares", text), (q.id, text[:80])
