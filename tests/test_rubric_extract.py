"""The deterministic rubric extractor: shared points merge and weigh more; filler is dropped."""

from __future__ import annotations

from interviewer.bank import load_bank
from interviewer.domain.questions import Question
from interviewer.rubric.check import check_rubric
from interviewer.rubric.extract import build_rubric, enumerated_items


def question(*answers: str, kind: str = "practical") -> Question:
    return Question(id="q", text="How do you prevent overfitting?", topic="regularization", kind=kind,
                    difficulty=2, references=[{"answer": a} for a in answers])


def test_enumerations_become_technique_candidates():
    assert enumerated_items("I use techniques such as dropout, L2 regularization, and early stopping.") == [
        "dropout", "L2 regularization", "early stopping"]
    assert enumerated_items("such as L1 and L2 regularization, which helped reduce it") == ["L1", "L2 regularization"]


def test_points_several_references_share_merge_and_weigh_more():
    rubric = build_rubric(question(
        "I use techniques such as dropout, early stopping, and data augmentation.",
        "Techniques like dropout and weight decay help.",
        "Regularizers such as dropout and L2 regularization work.",
    ))
    by_text = {p.statement: p for p in rubric.key_points}
    dropout = by_text["Names dropout and says how it helps."]
    assert dropout.from_references == [1, 2, 3] and dropout.importance == "must"
    assert dropout.weight == max(p.weight for p in rubric.key_points)
    assert sum(p.statement.startswith("Names dropout") for p in rubric.key_points) == 1  # merged, not repeated
    (l2,) = [p for p in rubric.key_points if "l2 regularization" in p.phrasings]
    assert "weight decay" in l2.phrasings  # synonyms attached
    assert l2.from_references == [2, 3]  # "weight decay" (2) and "L2 regularization" (3) are one point


def test_filler_and_anecdotes_are_not_key_points():
    rubric = build_rubric(question(
        "Overfitting means the model memorises the training data instead of general patterns. "
        "Depending on the task, regularization penalises large weights in the loss function. "
        "In a recent project, I reduced overfitting by 10% with dropout layers in the network. "
        "Early stopping halts training once validation loss rises for several epochs."
    ))
    statements = " ".join(p.statement for p in rubric.key_points)
    assert "recent project" not in statements and "Depending on" not in statements
    assert "Early stopping halts training" in statements


def test_short_reference_still_yields_a_valid_draft():
    rubric = build_rubric(question(
        "Dropout zeroes random units during training, forcing redundant representations, making the network robust."
    ))
    assert 3 <= len(rubric.key_points) <= 8
    assert check_rubric(rubric) == []


def test_experience_questions_get_star_criteria():
    rubric = build_rubric(question("I fine-tuned ResNet on 2,000 X-rays such as chest scans and hand scans.", kind="experience"))
    assert [c.element for c in rubric.star] == ["situation", "task", "action", "result", "reflection"]


def test_drafts_for_the_whole_bank_pass_nearly_all_quality_rules():
    bank = load_bank()
    failing = [q.id for q in bank.questions.values() if check_rubric(build_rubric(q), q.kind)]
    assert len(failing) <= 3, failing
