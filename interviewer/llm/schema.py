"""JSON Schema for structured outputs in OpenAI's strict form: every property required, no extras."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

# Keywords some OpenAI-compatible servers reject; ranges and lengths are checked by pydantic instead.
_PORTABILITY_DROPS = ("minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "default", "title")


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    return _strict(model.model_json_schema())


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _strict(v) for k, v in node.items() if k not in _PORTABILITY_DROPS}
    if out.get("type") == "object" and "properties" in out:
        out["additionalProperties"] = False
        out["required"] = list(out["properties"])
    return out
