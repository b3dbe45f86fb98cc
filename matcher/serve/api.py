"""The ``/api/v1`` router: problems, check, explain, export, solve jobs and their events.

Each JSON body is a typed parameter (a model of :mod:`matcher.serve.requests`) and each answer
has its ``response_model`` (:mod:`matcher.serve.answers`), so ``/docs`` shows them all. A body
FastAPI refuses is answered by :func:`refused_body` (registered by :func:`matcher.serve.
create_app`): read again as ``matcher solve-json`` reads a request, its errors located the same
way, in the project's envelope (the guard has let only a JSON content type through, its
body read strictly). ``POST /problems`` and ``POST /solve`` take multipart files or
JSON: they read their body themselves (the form with its own limits) and declare both forms
through ``openapi_extra`` (:mod:`matcher.serve.openapi`). The answers are sent as built (the
models describe them; they never filter them). Work runs off the event loop, in the request's
language. The server's objects live on ``app.state.serve`` (:class:`~matcher.serve.state.
ServeState`).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextvars
import hashlib
import json
import time
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from matcher import __version__
from matcher.errors import InputError
from matcher.i18n import current_language, tr
from matcher.problem import Problem
from matcher.serve.answers import (
    CheckAnswer,
    ErrorAnswer,
    ExplainAnswer,
    Health,
    Job,
    JobCreated,
    JobList,
    JobStatus,
    ProblemAnswer,
    ProblemDeleted,
)
from matcher.serve.errors import ApiError, invalid, job_not_found, located, problem_not_found
from matcher.serve.openapi import either_body
from matcher.serve.requests import (
    CheckRequest,
    ExplainRequest,
    ExportRequest,
    JobRequest,
    ProblemRef,
)
from matcher.serve.state import ServeState
from matcher.serve.store import FINAL, JobRow
from matcher.serve.uploads import (
    check_weights,
    parse_json_body,
    problem_from_files,
    safe_name,
)
from matcher.serve.views import job_body, stamp
from matcher.serve.webhooks import Webhook, allowed

#: Every route may answer with the project's error envelope (never FastAPI's own 422).
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorAnswer, "description": what} for code, what in (
        (400, "a request that is not valid (a parameter, a body of the wrong shape)"),
        (401, "the server has a token and the request did not carry it"),
        (403, "a host the server does not answer for, or a request from another origin"),
        (404, "no such problem or job"),
        (413, "a request larger than the server accepts"),
        (415, "a body that is neither JSON nor (for an upload) multipart"),
        (422, "an invalid problem or request: every error located, a ceiling named"),
        (500, "a fault of the server's own (its log has the traceback)"),
        (503, "too many jobs are waiting"),
        (507, "the server's store is full"))}

#: Each operation's id is its handler's name (``post_solve``, ``get_job``): the names of a
#: client generated from the document.
router = APIRouter(prefix="/api/v1", responses=ERRORS,
                   generate_unique_id_function=lambda route: route.name)
T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


def _state(request: Request) -> ServeState:
    return request.app.state.serve  # type: ignore[no-any-return]


async def _off(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in a worker thread, in this request's context (its language)."""
    ctx = contextvars.copy_context()
    return await run_in_threadpool(ctx.run, fn, *args)


def _model(model: type[M], data: dict[str, Any]) -> M:
    from matcher.request import validation_errors

    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise invalid(validation_errors(e, tr("<request>"))) from None


async def _json(request: Request, model: type[M]) -> M:
    raw = await request.body()
    try:
        data = parse_json_body(raw)
    except InputError as e:
        raise invalid(e) from None
    return _model(model, data)


async def refused_body(request: Request) -> Response | None:
    """The answer to a JSON body FastAPI refused, as the handler would have given it: the body
    read and validated again by the route's model, so that an error is the project's (invalid
    JSON with its line and column, every invalid field by its JSON path). Only a JSON body
    reaches a route (:mod:`matcher.serve.guard` refuses any other with 415). ``None`` when the
    route has no body model, or when the model takes the body after all."""
    route = request.scope.get("route")
    field = getattr(route, "body_field", None)
    model = getattr(getattr(field, "field_info", None), "annotation", None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    try:
        await _json(request, model)
    except ApiError as exc:
        return JSONResponse(exc.body(), status_code=exc.status)
    return None


# ---------------------------------------------------------------------- problems


def problem_body(pid: str, problem: Problem, warnings: list[dict[str, Any]]) -> dict[str, Any]:
    """What ``/problems`` answers: the students and projects flat (attributes beside the
    fields), the effective weights and the rules."""
    from matcher.registry import effective_weights

    def flat(record: BaseModel) -> dict[str, Any]:
        data = record.model_dump(mode="json")
        extra = data.pop("attributes", {})
        return {**{k: v for k, v in extra.items() if k not in data}, **data}

    return {"id": pid, "name": problem.name,
            "students": [flat(s) for s in problem.students],
            "projects": [flat(p) for p in problem.projects],
            "weights": effective_weights(problem), "rules": problem.rules.model_dump(mode="json"),
            "previous": dict(problem.previous), "warnings": warnings}


async def _upload(request: Request, state: ServeState) -> tuple[Problem, list[dict[str, Any]],
                                                                dict[str, Any]]:
    """A problem from a multipart upload (``students``, ``projects``, optional ``config``,
    optional ``request``: JSON fields of a solve), with its warnings and those fields."""
    form = await request.form(max_files=3, max_fields=10,
                              max_part_size=state.settings.max_upload_bytes)
    files: dict[str, tuple[str, bytes]] = {}
    missing = []
    for key, default in (("students", "students.csv"), ("projects", "projects.csv"),
                         ("config", "config.toml")):
        part = form.get(key)
        if isinstance(part, UploadFile):
            files[key] = (safe_name(part.filename, default), await part.read())
        elif key != "config":
            missing.append(InputError(tr("missing file field {field!r}", field=key),
                                      column=key))
    extra: dict[str, Any] = {}
    raw = form.get("request")
    if isinstance(raw, str) and raw.strip():
        try:
            extra = parse_json_body(raw.encode())
        except InputError as e:
            raise invalid(e) from None
    await form.close()
    if missing:
        from matcher.errors import InputErrors

        raise invalid(InputErrors(missing))
    try:
        problem, warns = await _off(problem_from_files, files["students"], files["projects"],
                                    files.get("config"))
    except InputError as e:
        raise invalid(e) from None
    return problem, [located(w) for w in warns], extra


def _is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith("multipart/form-data")


def _with_overrides(ref: ProblemRef) -> Problem:
    """``ref.problem`` with the request's ``rules`` fields and ``weights`` put in."""
    from matcher.serve.uploads import with_rules

    assert ref.problem is not None
    try:
        problem = with_rules(ref.problem, ref.rules)
        check_weights(problem, ref.weights)
    except InputError as e:
        raise invalid(e) from None
    if ref.weights:
        problem = problem.with_changes(weights={**problem.weights, **ref.weights})
    return problem


#: The ``Location`` header of a 201 or 202: where the thing created is.
_LOCATION = {"Location": {"description": "the path of what was created",
                          "schema": {"type": "string"}}}


@router.post("/problems", status_code=201, response_model=ProblemAnswer,
             responses={201: {"headers": _LOCATION}},
             openapi_extra=either_body("ProblemRef", "ProblemUpload"))
async def post_problem(request: Request) -> JSONResponse:
    """Upload a problem: multipart files (``students``, ``projects``, optional ``config``) or
    ``{"problem": <Problem JSON>}``; answers its id, students, projects, weights, rules."""
    state = _state(request)
    if _is_multipart(request):
        problem, warns, _ = await _upload(request, state)
    else:
        ref = await _json(request, ProblemRef)
        if ref.problem is None:
            raise ApiError("bad_request", tr("give the files, or a JSON body {\"problem\": ...}"))
        problem, warns = await _off(_with_overrides, ref), []

    def keep() -> str:
        body = problem.model_dump_json()
        state.make_room(len(body))
        return state.sessions.add(problem, warns, body=body)

    pid = await _off(keep)
    return JSONResponse(problem_body(pid, problem, warns), status_code=201,
                        headers={"Location": f"{router.prefix}/problems/{pid}"})


@router.delete("/problems/{pid}", response_model=ProblemDeleted)
async def delete_problem(pid: str, request: Request) -> JSONResponse:
    """Delete a problem and its jobs (queued and running ones are cancelled first)."""
    jobs = await _off(_state(request).delete_problem, pid)
    if jobs is None:
        raise problem_not_found(pid)
    return JSONResponse({"id": pid, "jobs_deleted": jobs})


@router.get("/problems/{pid}", response_model=ProblemAnswer)
async def get_problem(pid: str, request: Request) -> JSONResponse:
    """A problem uploaded before, as ``POST /problems`` answered it."""
    state = _state(request)
    problem = await _off(state.sessions.problem, pid)
    return JSONResponse(problem_body(pid, problem, state.sessions.warnings(pid)))


# ---------------------------------------------------------------------- check, explain, export


def _resolve(state: ServeState, req: CheckRequest) -> tuple[Problem, Any]:
    """The problem of a request (rules applied) and its compiled check."""
    from matcher.serve.checking import CompiledCheck
    from matcher.serve.uploads import with_rules

    try:
        if req.problem_id is not None:
            problem, compiled = state.sessions.compiled(req.problem_id, req.rules, req.weights)
        elif req.problem is not None:
            problem = with_rules(req.problem, req.rules)
            check_weights(problem, req.weights)
            compiled = CompiledCheck(problem, req.weights)
        else:
            raise ApiError("bad_request", tr("give \"problem_id\" or \"problem\""))
    except InputError as e:
        raise invalid(e) from None
    return problem, compiled


def _assignment(problem: Problem, raw: dict[str, str | None]) -> dict[str, str | None]:
    from matcher.serve.checking import read_assignment

    try:
        return read_assignment(problem, raw)
    except InputError as e:
        raise invalid(e) from None


def _check(state: ServeState, req: CheckRequest) -> dict[str, Any]:
    problem, compiled = _resolve(state, req)
    return compiled.run(_assignment(problem, req.assignment))


@router.post("/check", response_model=CheckAnswer)
async def post_check(req: CheckRequest, request: Request) -> JSONResponse:
    """Every broken rule and every term of an assignment, whole and per team."""
    start = time.perf_counter()
    answer = JSONResponse(await _off(_check, _state(request), req))
    took = (time.perf_counter() - start) * 1000  # checking and encoding
    answer.headers["Server-Timing"] = f"check;dur={took:.2f}"
    return answer


def _explain(state: ServeState, req: ExplainRequest) -> dict[str, Any]:
    from matcher.explain import explain

    problem, compiled = _resolve(state, req)
    assignment = _assignment(problem, req.assignment)
    if req.student not in problem.student_index:
        raise invalid(InputError(tr("unknown student {student!r}", student=req.student),
                                 column="student", value=req.student))
    e = explain(problem, assignment, req.student, weights=req.weights or None,
                time_limit=req.time_limit, workers=1,
                deadline=time.monotonic() + req.time_limit)
    return {**e.model_dump(mode="json"), "text": e.text(), "reason": e.reason()}


@router.post("/explain", response_model=ExplainAnswer)
async def post_explain(req: ExplainRequest, request: Request) -> JSONResponse:
    """Why a student is on their team (as ``matcher explain`` says it)."""
    return JSONResponse(await _off(_explain, _state(request), req))


#: What ``POST /export`` answers: a file, by its media type.
_FILE = {"content": {media: {"schema": {"type": "string", "format": "binary"}} for media in (
    "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text/html", "application/json")},
    "description": "the file, named by its Content-Disposition header"}


@router.post("/export", response_class=Response, responses={200: _FILE})
async def post_export(req: ExportRequest, request: Request) -> Response:
    """The assignment as a file: teams (CSV or workbook), a platform's import, the report or
    the summary JSON."""
    from matcher.serve.exports import build_file

    state = _state(request)

    def work() -> tuple[str, str, bytes]:
        problem, compiled = _resolve(state, req)
        assignment = _assignment(problem, req.assignment)
        try:
            return build_file(problem, assignment, req, compiled)
        except InputError as e:
            raise invalid(e) from None

    name, media, data = await _off(work)
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# ---------------------------------------------------------------------- jobs


def _job(state: ServeState, jid: str) -> JobRow:
    row = state.store.job(jid)
    if row is None:
        raise job_not_found(jid)
    return row


def _within_ceilings(state: ServeState, solver: dict[str, Any]) -> None:
    """422 when a solve asks for more seconds or threads than the server gives one job."""
    settings, issues = state.settings, []
    if not solver["time_limit"] <= settings.max_time_limit:  # NaN too
        issues.append(InputError(
            tr("a solve may run {most:g} seconds at most on this server (--max-time-limit)",
               most=settings.max_time_limit),
            file=tr("<request>"), column="solver.time_limit", value=solver["time_limit"]))
    if solver["workers"] > settings.max_workers:
        issues.append(InputError(
            tr("a solve may use {most} workers at most on this server (its cores, or "
               "--max-workers)", most=settings.max_workers),
            file=tr("<request>"), column="solver.workers", value=solver["workers"]))
    if issues:
        from matcher.errors import InputErrors

        raise invalid(InputErrors(issues))


#: The longest ``Idempotency-Key`` taken.
KEY_LENGTH = 200


def _keyed(state: ServeState, key: str | None, digest: str,
           found: tuple[str, str] | None = None) -> str | None:
    """The job an ``Idempotency-Key`` names already (``None`` when it names none): 409 when
    it was created from another request."""
    if key is None:
        return None
    found = found or state.store.keyed_job(key)
    if found is None:
        return None
    if found[1] != digest:
        raise ApiError("conflict", tr(
            "the Idempotency-Key {key!r} was used for another request (job {id}): use a new "
            "key for a new request", key=key, id=found[0]))
    return found[0]


def _webhook(state: ServeState, req: JobRequest) -> Webhook | None:
    """The request's webhook (422 when its host is not allowed), else the server's."""
    settings = state.settings
    if req.webhook is None:
        return None if settings.webhook_url is None else Webhook(
            url=settings.webhook_url, secret=settings.webhook_secret)
    why = allowed(req.webhook.url, settings.webhook_allow)
    if why is not None:
        raise invalid(InputError(why, file=tr("<request>"), column="webhook.url",
                                 value=req.webhook.url[:200]))
    return req.webhook


def _new_job(state: ServeState, req: JobRequest, uploaded: Problem | None,
             warns: list[dict[str, Any]], key: str | None = None,
             digest: str = "") -> tuple[str, bool]:
    """The job of a request, queued: (id, ``True``); or the job the same ``key`` created
    from the same request: (id, ``False``)."""
    from matcher.rematch import with_previous
    from matcher.serve.sessions import new_id
    from matcher.serve.uploads import with_rules

    existing = _keyed(state, key, digest)
    if existing is not None:
        return existing, False
    if state.jobs.queued >= state.settings.max_queued:
        raise ApiError("busy", tr("too many jobs are waiting ({count}); try again later",
                                  count=state.jobs.queued))
    try:
        if uploaded is not None:
            pid, base = None, uploaded
        elif req.problem_id is not None:
            pid, base = req.problem_id, state.sessions.problem(req.problem_id)
        elif req.problem is not None:
            pid, base = None, req.problem
        else:
            raise ApiError("bad_request", tr("give \"problem_id\", \"problem\" or the files"))
        problem = with_rules(base, req.rules)
        check_weights(problem, req.weights)
        if req.locks:
            _assignment(problem, dict(req.locks))
        start = _assignment(problem, dict(req.start)) if req.start else {}
        placed = {sid: p for sid, p in start.items() if p is not None}
        problem = with_previous(problem, placed or None, dict(req.locks) or None)
    except InputError as e:
        raise invalid(e) from None
    hook = _webhook(state, req)
    solver = req.solver.model_dump()
    solver["time_limit"] = solver["time_limit"] or state.settings.time_limit
    solver["workers"] = solver["workers"] or state.settings.workers
    _within_ceilings(state, solver)
    payload = {"problem": problem.model_dump_json(), "weights": dict(req.weights),
               "solver": solver, "hint": placed or None, "lang": current_language(),
               "webhook": None if hook is None else hook.model_dump()}
    state.make_room(len(payload["problem"]) * (2 if pid is None else 1))
    if pid is None:  # kept once the request is known to be good
        pid = state.sessions.add(base, warns)
    jid = new_id()
    raced = state.store.add_job(jid, pid, payload, key=key, digest=digest or None)
    if raced is not None:  # another request with the key got there first
        return str(_keyed(state, key, digest, raced)), False
    state.jobs.submit(jid)
    return jid, True


def _key(value: str | None) -> str | None:
    """An ``Idempotency-Key`` as taken: 1 to :data:`KEY_LENGTH` visible ASCII characters."""
    if value is None:
        return None
    if not (0 < len(value) <= KEY_LENGTH and value.isascii() and value.isprintable()):
        raise ApiError("bad_request", tr(
            "the Idempotency-Key header must be 1 to {most} visible ASCII characters",
            most=KEY_LENGTH))
    return value


def _digest(*parts: bytes) -> str:
    """The SHA-256 of a request's parts (what an ``Idempotency-Key`` is checked against)."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(len(part).to_bytes(8, "big"))
        sha.update(part)
    return sha.hexdigest()


@router.post("/solve", status_code=202, response_model=JobCreated,
             responses={202: {"headers": _LOCATION},
                        200: {"model": JobCreated, "headers": _LOCATION, "description":
                              "the job an earlier request with this Idempotency-Key and the "
                              "same body created"},
                        409: {"model": ErrorAnswer, "description":
                              "the Idempotency-Key was used for another body"}},
             openapi_extra=either_body("JobRequest", "JobUpload"))
async def post_solve(request: Request, idempotency_key: Annotated[str | None, Header(
        alias="Idempotency-Key", description=(
            "a key of the client's choosing (a UUID): the same key with the same body gives "
            "the same job (200) instead of a new one; with another body, 409"))] = None,
) -> JSONResponse:
    """Queue a solve; answers ``{"id": <job id>}`` at once (202, ``Location`` the job)."""
    state = _state(request)
    key = _key(idempotency_key)
    uploaded, warns = None, []
    if _is_multipart(request):
        uploaded, warns, extra = await _upload(request, state)
        req = _model(JobRequest, extra)
        digest = _digest(b"multipart", uploaded.model_dump_json().encode(),
                         json.dumps(extra, sort_keys=True).encode())
    else:
        raw = await request.body()
        req = await _json(request, JobRequest)
        digest = _digest(b"json", json.dumps(parse_json_body(raw), sort_keys=True).encode())
    jid, created = await _off(_new_job, state, req, uploaded, warns, key, digest)
    return JSONResponse({"id": jid}, status_code=202 if created else 200,
                        headers={"Location": f"{router.prefix}/jobs/{jid}"})


#: The query parameters every route takes (the guard's token, the language).
_EVERYWHERE = frozenset({"token", "lang"})
#: The most jobs one page of ``GET /jobs`` lists.
PAGE_MOST = 200


def _cursor(created: float, rowid: int) -> str:
    """An opaque cursor: where the next page starts."""
    return base64.urlsafe_b64encode(json.dumps([created, rowid]).encode()).decode()


def _after(cursor: str) -> tuple[float, int]:
    """The (created, rowid) of a cursor :func:`_cursor` made; 422 for anything else."""
    try:
        created, rowid = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if isinstance(created, int | float) and isinstance(rowid, int):
            return float(created), rowid
    except (ValueError, TypeError, binascii.Error):
        pass
    raise invalid(InputError(tr("not a cursor this server gave (next_cursor)"),
                             file=tr("<request>"), column="cursor", value=cursor[:100]))


@router.get("/jobs", response_model=JobList)
async def get_jobs(
        request: Request,
        limit: Annotated[int, Query(description=f"jobs on this page (1 to {PAGE_MOST}; "
                                                "clamped)")] = 50,
        cursor: Annotated[str | None, Query(
            description="the next_cursor of the page before")] = None,
        status: Annotated[JobStatus | None, Query(
            description="only the jobs of this status")] = None,
) -> JSONResponse:
    """The jobs, newest first, a page at a time: ``next_cursor`` (``null`` on the last page)
    is the ``cursor`` of the next. A query parameter it does not know is refused (422)."""
    unknown = sorted(set(request.query_params) - {"limit", "cursor", "status"} - _EVERYWHERE)
    if unknown:
        from matcher.errors import InputErrors

        raise invalid(InputErrors([InputError(
            tr("unknown query parameter {name!r}: GET /jobs takes limit, cursor and status",
               name=name), file=tr("<request>"), column=name) for name in unknown]))
    size = max(1, min(limit, PAGE_MOST))
    after = None if cursor is None else _after(cursor)
    rows = await _off(lambda: _state(request).store.jobs(size + 1, after=after,
                                                         status=status))
    page = rows[:size]
    more = len(rows) > size
    return JSONResponse(
        {"jobs": [{"id": j, "status": s, "created": stamp(c)} for j, s, c, _ in page],
         "next_cursor": _cursor(page[-1][2], page[-1][3]) if more else None})


@router.get("/jobs/{jid}", response_model=Job)
async def get_job(jid: str, request: Request) -> JSONResponse:
    """A job: status, times, progress, result (when done, or cancelled with teams)."""
    return JSONResponse(job_body(_job(_state(request), jid)))


@router.delete("/jobs/{jid}", response_model=Job)
async def delete_job(jid: str, request: Request, purge: Annotated[bool, Query(
        description="also delete the job (its result and key) once it has ended")] = False,
) -> JSONResponse:
    """Cancel a job; the best teams found so far are kept. Answers the job. With
    ``?purge=true`` the job is then deleted too (answered as it ended; 404 afterwards)."""
    state = _state(request)
    _job(state, jid)
    await _off(state.jobs.cancel, jid)
    ended = job_body(_job(state, jid))
    if purge:
        await _off(state.store.delete_job, jid)
    return JSONResponse(ended)


#: Seconds between two looks at a job for its event stream.
EVENTS_EVERY: float = 0.2


#: What ``GET /jobs/{id}/events`` answers: a stream of server-sent events.
_EVENTS = {"content": {"text/event-stream": {"schema": {"type": "string"}}},
           "description": "event: progress (Progress JSON) as it changes, then one event: "
                          "status (the Job JSON) when the job ends"}


@router.get("/jobs/{jid}/events", response_class=EventSourceResponse,
            responses={200: _EVENTS})
async def job_events(jid: str, request: Request) -> EventSourceResponse:
    """Server-sent events: ``progress`` (Progress JSON) as it changes, then one ``status``
    (the job) when it ends."""
    state = _state(request)
    _job(state, jid)

    async def stream() -> Any:
        last: Any = None
        while True:
            row = _job(state, jid)
            if row.progress is not None and row.progress != last:
                last = row.progress
                yield {"event": "progress", "data": json.dumps(row.progress)}
            if row.status in FINAL:
                yield {"event": "status", "data": json.dumps(job_body(row))}
                return
            if await request.is_disconnected():
                return
            await asyncio.sleep(EVENTS_EVERY)

    return EventSourceResponse(stream())


@router.get("/rules/schema", response_model=dict[str, Any])
async def rules_schema() -> JSONResponse:
    """The JSON Schema of the ``rules`` (the TOML ``[rules]``; :class:`matcher.rules.Rules`):
    the page builds its rule form from it."""
    from matcher.rules import Rules

    return JSONResponse(Rules.model_json_schema())


@router.get("/health", response_model=Health)
async def health(request: Request) -> JSONResponse:
    """``{"status": "ok", "version", "running", "queued"}``."""
    state = _state(request)
    return JSONResponse({"status": "ok", "version": __version__,
                         "running": state.jobs.running, "queued": state.jobs.queued})
