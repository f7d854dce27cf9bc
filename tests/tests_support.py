"""Small builders shared by tests."""

from __future__ import annotations

from pathlib import Path


def write_bank_file(folder: Path, name: str, *, qid: str = "what-is-a-tensor", difficulty: object = 1) -> Path:
    path = folder / name
    path.write_text(
        "topic: fundamentals\n"
        "questions:\n"
        f"  - id: {qid}\n"
        "    text: What is a tensor?\n"
        "    kind: conceptual\n"
        f"    difficulty: {difficulty}\n"
        "    references:\n"
        "      - answer: A multi-dimensional array with a shape and a dtype; operations broadcast over it.\n",
        encoding="utf-8",
    )
    return path


def chat_completion(content: str | None, *, finish_reason: str = "stop", refusal: str | None = None,
                    prompt_tokens: int = 100, completion_tokens: int = 50) -> dict:
    """An OpenAI chat.completions response body."""
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "gpt-4o-mini",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def grade_body(rubric, verdicts: dict[str, tuple[str, str]] | None = None, **extra) -> dict:
    """The LLM grader's reply: `verdicts` maps point id -> (verdict, quote); other points are missing."""
    verdicts = verdicts or {}
    body = {
        "verdicts": {p.id: {"evidence_quote": verdicts.get(p.id, ("missing", ""))[1], "reason": "r",
                            "verdict": verdicts.get(p.id, ("missing", ""))[0]} for p in rubric.key_points},
        "misconceptions": [],
        "dimensions": {d: {"justification": "j", "score": 3}
                       for d in ("technical_accuracy", "completeness", "clarity_structure", "depth")},
        "strengths": [], "to_sharpen": [], "stronger_answer": "", "follow_up": "", "follow_up_point_id": "",
        "addresses_grader": False,
    }
    body.update(extra)
    return body
