"""`interviewer rubrics build|check|show` from the command line, including the --llm path."""

from __future__ import annotations

import json
import re

import httpx

from interviewer.bank import load_bank
from interviewer.rubric.store import load_rubric_file
from tests_support import chat_completion

VALID_DRAFT = {
    "key_points": [
        {"statement": "Softmax maps logits to a probability distribution.", "importance": "must",
         "phrasings": ["probabilities"], "from_references": [1]},
        {"statement": "Its outputs are positive and sum to one.", "importance": "must",
         "phrasings": ["sum to one"], "from_references": [1]},
        {"statement": "It is used in the output layer for multi-class classification.", "importance": "nice",
         "phrasings": ["output layer"], "from_references": [1, 7]},
    ],
    "misconceptions": [{"statement": "Softmax suits multi-label outputs.", "phrasings": ["multi-label"],
                        "correction": "Use sigmoids for multi-label."}],
}


def test_check_passes_on_shipped_data(run_cli):
    code, out, _ = run_cli("rubrics", "check")
    assert code == 0 and f"ok: {len(load_bank().questions)} rubrics" in out


def test_breaking_a_reference_answer_makes_check_exit_1_naming_the_question(run_cli, data_copy):
    bank_file = data_copy / "question_bank" / "regularization.yaml"
    bank_file.write_text(bank_file.read_text().replace("Dropout is a regularization technique", "Dropout is a trick"))
    code, out, _ = run_cli("rubrics", "check")
    assert code == 1
    assert "dropout: stale rubric" in out and "1 problem(s)" in out


def test_check_names_the_file_and_point_missing_a_probe(run_cli, data_copy):
    target = data_copy / "rubrics" / "dropout.yaml"
    text = target.read_text()
    start = text.index("  probes:\n", text.index("- id: rate"))
    end = text.index("  phrasings:", start)
    target.write_text(text[:start] + text[end:])
    code, out, _ = run_cli("rubrics", "check")
    assert code == 1
    assert "dropout: rubric dropout.yaml key point 'rate' has no probes" in out and "1 problem(s)" in out


def test_build_never_overwrites_a_hand_edited_rubric_without_force(run_cli, data_copy):
    target = data_copy / "rubrics" / "dropout.yaml"
    edited = target.read_text()
    code, out, _ = run_cli("rubrics", "build", "--question", "dropout")
    assert code == 0 and target.read_text() == edited
    draft = data_copy / "rubrics" / "dropout.draft.yaml"
    assert draft.exists() and load_rubric_file(target).status == "reviewed"
    assert "--- " in out and "+++ " in out and "1 drafted beside" in out  # the diff is shown
    run_cli("rubrics", "build", "--question", "dropout", "--force")
    assert load_rubric_file(target).built_by == "extractor"


def test_build_all_into_an_empty_folder_writes_every_rubric(run_cli, tmp_path):
    code, out, _ = run_cli("rubrics", "build", "--out", str(tmp_path))
    every = len(load_bank().questions)
    assert code == 0 and f"{every} written" in out
    assert len(list(tmp_path.glob("*.yaml"))) == every


def test_show_prints_points_weights_and_misconceptions(run_cli):
    code, out, _ = run_cli("rubrics", "show", "dropout")
    assert code == 0
    assert "reviewed" in out and "must" in out and "Misconceptions" in out
    assert "Dropout is only active during training" in out
    assert "probe: What happens to those dropped units when you run the model in production?" in out
    assert "Model answer:" in out and "Depth probes:" in out


def test_build_llm_valid_reply_is_written(run_cli, openai_mock, tmp_path):
    route = openai_mock.post("/chat/completions").respond(json=chat_completion(json.dumps(VALID_DRAFT)))
    code, out, _ = run_cli("rubrics", "build", "--llm", "--question", "softmax", "--out", str(tmp_path))
    assert code == 0, out
    rubric = load_rubric_file(tmp_path / "softmax.yaml")
    assert rubric.built_by == "llm" and len(rubric.key_points) == 3
    assert abs(sum(p.weight for p in rubric.key_points) - 1) < 1e-9
    body = json.loads(route.calls[0].request.content)
    assert body["response_format"]["type"] == "json_schema"
    system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    # The bank's text only inside the nonce markers, never in the instructions.
    assert re.search(r"<<<QUESTION-(\w{16})>>>\nWhat is the role of the softmax function[^<]*\n<<<END-\1>>>", user)
    assert re.search(r"<<<REFERENCE-1-(\w{16})>>>\n[^<]+\n<<<END-\1>>>", user)
    assert "softmax" not in system.lower()


def test_build_llm_invalid_reply_is_reasked_once_with_the_error(run_cli, openai_mock, tmp_path):
    too_few = {**VALID_DRAFT, "key_points": VALID_DRAFT["key_points"][:1]}
    route = openai_mock.post("/chat/completions").mock(side_effect=[
        httpx.Response(200, json=chat_completion(json.dumps(too_few))),
        httpx.Response(200, json=chat_completion(json.dumps(VALID_DRAFT))),
    ])
    code, _, _ = run_cli("rubrics", "build", "--llm", "--question", "softmax", "--out", str(tmp_path))
    assert code == 0 and route.call_count == 2
    reask = json.loads(route.calls[1].request.content)["messages"][-1]["content"]
    assert "key_points" in reask and "at least 3" in reask


def test_build_llm_invalid_twice_is_a_clear_error(run_cli, openai_mock, tmp_path):
    route = openai_mock.post("/chat/completions").respond(json=chat_completion("not json at all"))
    code, out, err = run_cli("rubrics", "build", "--llm", "--question", "softmax", "--out", str(tmp_path))
    assert code == 1 and route.call_count == 2
    assert "did not match the rubric_draft schema after a re-ask" in err
    assert not (tmp_path / "softmax.yaml").exists()
