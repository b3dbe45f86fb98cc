"""The OpenAPI document's bodies that FastAPI's parameters cannot declare.

``POST /problems`` and ``POST /solve`` take either JSON or multipart files on one path (the page
uploads files; a platform sends JSON). A FastAPI route declares one or the other, so these two
read their body themselves (the form with its own limits: three files, ten fields, each part at
most the upload limit) and declare both forms here: :func:`either_body` is their
``openapi_extra``, :func:`install` adds the schemas it names to the document's components.

:func:`install` also declares what the guard (:mod:`matcher.serve.guard`) asks of every
request: the token, as a bearer scheme (``Authorization: Bearer <token>``) or the ``token``
query parameter, on every operation; a server without a token (on the loopback) also allows
the request without one (``{}`` among the alternatives), so the document served is this
server's. Each JSON body's media type carries its model's first example.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field
from pydantic.json_schema import models_json_schema

from matcher.serve.requests import JobRequest, ProblemRef

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["JobUpload", "ProblemUpload", "either_body", "install"]

_REF = "#/components/schemas/{model}"


class ProblemUpload(BaseModel):
    """The files of an upload, read as ``matcher solve`` reads them."""

    students: bytes = Field(description="the students' table: CSV, TSV, XLSX, XLSM, XLSB, "
                                        "XLS or ODS (the format by the file name's extension)")
    projects: bytes = Field(description="the project ideas' table, likewise")
    config: bytes | None = Field(default=None, description="a TOML config: [weights], "
                                                           "[rules], [solver], [columns]")


class JobUpload(ProblemUpload):
    """The files of a solve, with the JSON fields of :class:`JobRequest` other than the
    problem (``solver``, ``weights``, ``rules``, ``locks``, ``start``) as one text field."""

    request: str | None = Field(default=None, description="a JSON object: the JobRequest "
                                                          "fields other than the problem")


#: The models only :func:`either_body` names, added to the components by :func:`install`.
_MODELS: list[type[BaseModel]] = [ProblemRef, JobRequest, ProblemUpload, JobUpload]


def either_body(json_model: str, form_model: str) -> dict[str, Any]:
    """A route's ``openapi_extra``: a required body, JSON (``json_model``) or multipart
    (``form_model``), by their names among the components."""
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"$ref": _REF.format(model=json_model)}},
        "multipart/form-data": {"schema": {"$ref": _REF.format(model=form_model)}}}}}


#: The schemes of the token (:mod:`matcher.serve.guard`).
SECURITY_SCHEMES: dict[str, Any] = {
    "bearer": {"type": "http", "scheme": "bearer",
               "description": "the server's token (matcher serve --token or MATCHER_TOKEN)"},
    "token": {"type": "apiKey", "in": "query", "name": "token",
              "description": "the same token as a query parameter (links, event streams)"},
}


def _secure(doc: dict[str, Any], token: bool) -> None:
    """Every operation needs the token (``token``), or may go without (a loopback server)."""
    doc["components"]["securitySchemes"] = SECURITY_SCHEMES
    needs: list[dict[str, list[str]]] = [{"bearer": []}, {"token": []}]
    for operations in doc["paths"].values():
        for op in operations.values():
            op["security"] = needs if token else [*needs, {}]


def _examples(doc: dict[str, Any]) -> None:
    """Each JSON body's media type shows its model's first example."""
    schemas = doc["components"]["schemas"]
    for operations in doc["paths"].values():
        for op in operations.values():
            media = op.get("requestBody", {}).get("content", {}).get("application/json")
            ref = (media or {}).get("schema", {}).get("$ref", "")
            examples = schemas.get(ref.rsplit("/", 1)[-1], {}).get("examples")
            if media is not None and examples:
                media["example"] = examples[0]


def install(app: FastAPI, *, token: bool = False) -> None:
    """Make ``app.openapi()`` also hold the schemas :func:`either_body` names (and theirs),
    the token's schemes (required when ``token``) and the bodies' examples."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, summary=app.summary,
                              description=app.description, routes=app.routes,
                              separate_input_output_schemas=False)
            _, defs = models_json_schema([(m, "validation") for m in _MODELS],
                                         ref_template=_REF)
            schemas = doc.setdefault("components", {}).setdefault("schemas", {})
            for name, schema in defs.get("$defs", {}).items():
                schemas.setdefault(name, schema)
            _secure(doc, token)
            _examples(doc)
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
