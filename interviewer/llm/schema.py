"""JSON Schema for structured outputs in OpenAI's strict form: every property required, no extras."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

# Never sent: titles and defaults are noise to a decoder, and the ranges we use are checked by pydantic.
_ALWAYS_DROPPED = ("minimum", "maximum", "default", "title")
# Length bounds: llama.cpp and vLLM turn them into the decoding grammar, so a looping model stops at the
# bound; some endpoints reject them, and the caller then asks again without them (pydantic still checks).
LENGTH_BOUNDS = ("minLength", "maxLength", "minItems", "maxItems")
_BOUND_MENTIONED = re.compile("|".join(LENGTH_BOUNDS), re.IGNORECASE)


def strict_schema(model: type[BaseModel], *, bounded: bool = True) -> dict[str, Any]:
    dropped = _ALWAYS_DROPPED if bounded else _ALWAYS_DROPPED + LENGTH_BOUNDS
    return _strict(model.model_json_schema(by_alias=True), dropped)


def mentions_length_bound(text: str) -> bool:
    """Whether an endpoint's error message is about a length keyword of the schema."""
    return bool(_BOUND_MENTIONED.search(text))


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
