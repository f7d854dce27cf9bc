"""The one text pipeline: normalising, words, stems, sentences and clauses, shared by the rubric tools
and the graders."""
