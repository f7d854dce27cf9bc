"""Bulk grading through batch engines (the OpenAI Batch API, vllm run-batch): see docs/batch.md."""
