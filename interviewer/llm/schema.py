"""JSON Schema for structured outputs in OpenAI's strict form: every property required, no extras."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

# Never sent: titles and defaults are noise to a decoder, and the ranges and lengths we use are checked by
# pydantic on every reply. Length bounds in particular: llama-cpp-python's server unrolls each maxLength into
# as many nested optionals, fails to parse the grammar and crashes (0.3.36); a user's server must never be
# taken down by our request. max_tokens bounds a model that loops inside a string.
_DROPPED = ("minimum", "maximum", "default", "title", "minLength", "maxLength", "minItems", "maxItems")


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    return _strict(model.model_json_schema(by_alias=True), _DROPPED)


def _strict(node: Any, dropped: tuple[str, ...]) -> Any:
    if isinstance(node, list):
        return [_strict(item, dropped) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _strict(v, dropped) if k != "properties" else _properties(v, dropped)
           for k, v in node.items() if k not in dropped}
    if out.get("type") == "object" and "properties" in out:
        out["additionalProperties"] = False
        out["required"] = list(out["properties"])
    return out


def _properties(properties: dict[str, Any], dropped: tuple[str, ...]) -> dict[str, Any]:
    # Property names are data here (a point id may be "title" or "default"): never filter them.
    return {name: _strict(sub, dropped) for name, sub in properties.items()}
