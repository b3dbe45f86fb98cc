"""``matcher serve`` benchmark: drag re-checks, 20 jobs at once, cancel, check under load, and a
mixed load with hostile requests.

Everything runs against a real ``python -m matcher serve`` subprocess on loopback (127.0.0.1,
``--port 0``: the port it took is read from its ``--port-file``; this checkout, a temporary
data directory), over HTTP (httpx):

a. **Drag**: a cohort made by :func:`matcher.sample.generate_cohort` (seed 1) with the e2e
   benchmark's rules (``results/rules_<cohort>.toml``) is uploaded once; a greedy formation
   (each student on the first ranked idea with room) is then re-checked after each of
   ``--moves`` one-student moves, the whole assignment sent each time, as the page does.
   Server time is the ``Server-Timing`` header (reading the body, checking, encoding the
   answer); the round trip is measured by the client.
b. **Jobs**: ``--jobs-count`` solves posted at once (from as many threads) on a server running
   ``--workers`` of them at a time: all must finish (none lost); the most running at once is
   observed by polling ``/health`` and from the jobs' start and end times. **Cancel**: with
   every worker busy on a long solve and one job queued, the time from sending ``DELETE`` to
   the queued job running.
c. **Load**: ``--threads`` clients each sending ``--calls`` checks (a one-student move each) at
   300 x 36: latency p50/p95/p99 (client side) and throughput.
d. **Mixed load** (:func:`mixed`): ``--clients`` clients for ``--duration`` seconds sending
   checks, uploads (some deleted again) and solves, with ``--hostile-share`` of hostile
   requests (:data:`HOSTILE`; at most ``--max-hostile``) on a server of its own: legitimate
   requests failed (must be 0: the run exits 1 otherwise), hostile ones refused, latency
   p50/p95, the server's RSS at the start and the end. It stops by itself.

Usage::

    python benchmarks/serve_bench.py --smoke --out DIR   # CI: small, ~20 s
    python benchmarks/serve_bench.py                     # 300x36 and 3000x300, 20 jobs, 8x50,
                                                         # 20 clients x 120 s
    python benchmarks/serve_bench.py --part mixed        # d only: its section of serve.md

Writes ``<out>/serve.md`` and ``<out>/serve.json`` (``--part mixed``: ``serve_mixed.json`` and
part d's section of ``serve.md``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from matcher.config import config_from_dict  # noqa: E402
from matcher.problem import Problem  # noqa: E402
from matcher.read import read_problem  # noqa: E402
from matcher.sample import generate_cohort  # noqa: E402

#: The mixed load's body limit (``--max-upload-mb`` of its server): "oversized" passes it.
MIXED_MAX_MB = 2


def cohort(n: int, m: int, *, rules: bool = True, hard: bool = False) -> Problem:
    """A sample cohort with the e2e benchmark's rules for its size (when there are some);
    ``hard``: a floor of distinct disciplines and a Blau term (CP-SAT searches for long)."""
    students, projects = generate_cohort(n, m, seed=1)
    path = HERE / "results" / f"rules_{n}x{m}.toml"
    config = None
    if rules and path.exists():
        config = config_from_dict(tomllib.loads(path.read_text(encoding="utf-8")))
    problem = read_problem(students, projects, config)
    if hard:
        problem = problem.with_changes(
            rules=problem.rules.model_copy(update={"min_distinct": {"discipline": 3}}),
            weights={**problem.weights, "blau.discipline": 5})
    return problem


def greedy(problem: Problem) -> dict[str, str | None]:
    """Each student on the first idea they ranked that has room, else the first with room."""
    room = {p.id: p.max_size for p in problem.projects}
    out: dict[str, str | None] = {}
    for s in problem.students:
        for pid in [*s.preferences, *room]:
            if room.get(pid, 0) > 0:
                room[pid] -= 1
                out[s.id] = pid
                break
    return out


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class Server:
    """``python -m matcher serve --port 0`` on loopback (the port it took read from its
    ``--port-file``), stopped by Ctrl-C."""

    def __init__(self, workers: int, data: Path, *extra: str) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p), MATCHER_LANG="en")
        env.pop("MATCHER_TOKEN", None)
        port_file = data.parent / "port.txt"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "matcher", "serve", "--host", "127.0.0.1", "--port", "0",
             "--port-file", str(port_file), "--data", str(data), "--jobs", str(workers),
             "--max-upload-mb", "100", *extra],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 90
        while not port_file.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {self.process.stderr.read()}")
            time.sleep(0.05)
        self.port = int(port_file.read_text())
        self.base = f"http://127.0.0.1:{self.port}/api/v1"
        while True:
            try:
                if httpx.get(self.base + "/health", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {self.process.stderr.read()}")
            time.sleep(0.1)

    def rss_mb(self) -> float:
        """The server process's resident memory (its jobs' processes not included), in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def client(self) -> httpx.Client:
        """A client of the server (one per thread)."""
        return httpx.Client(base_url=self.base, timeout=120)

    def stop(self) -> int:
        """Ctrl-C; the exit code."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return -9


def upload(http: httpx.Client, problem: Problem) -> str:
    """Upload ``problem``; its id."""
    r = http.post("/problems", content=json.dumps({"problem": problem.model_dump(mode="json")}),
                  headers={"content-type": "application/json"})
    r.raise_for_status()
    return r.json()["id"]


# --------------------------------------------------------------------------- a. drag


def drag(server: Server, n: int, m: int, moves: int) -> dict[str, Any]:
    """``moves`` one-student moves re-checked, each with the whole assignment."""
    problem = cohort(n, m)
    rng = random.Random(0)
    ids = [p.id for p in problem.projects]
    with server.client() as http:
        pid = upload(http, problem)
        teams = greedy(problem)
        first = http.post("/check", json={"problem_id": pid, "assignment": teams})
        first.raise_for_status()
        server_ms, trip_ms = [], []
        for _ in range(moves):
            sid = rng.choice(list(teams))
            teams[sid] = rng.choice(ids)
            t = time.perf_counter()
            r = http.post("/check", json={"problem_id": pid, "assignment": teams})
            trip_ms.append((time.perf_counter() - t) * 1000)
            r.raise_for_status()
            server_ms.append(float(r.headers["server-timing"].split("dur=")[1]))
    return {"cohort": f"{n}x{m}", "moves": moves, "violations_last": len(r.json()["violations"]),
            "first_ms": float(first.headers["server-timing"].split("dur=")[1]),
            "server_median_ms": statistics.median(server_ms),
            "server_p95_ms": pct(server_ms, 0.95), "server_max_ms": max(server_ms),
            "trip_median_ms": statistics.median(trip_ms), "trip_p95_ms": pct(trip_ms, 0.95)}


# --------------------------------------------------------------------------- b. jobs


def _stamp(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


def jobs(server: Server, count: int, workers: int, limit: float) -> dict[str, Any]:
    """``count`` solves posted at once; all must end ``done``; the most running at once."""
    problem = cohort(60, 10, rules=False)
    with server.client() as http:
        pid = upload(http, problem)
    seen = {"max": 0}
    stop = threading.Event()

    def watch() -> None:
        with server.client() as http:
            while not stop.is_set():
                seen["max"] = max(seen["max"], http.get("/health").json()["running"])
                time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()

    def post(k: int) -> str:
        with server.client() as http:
            r = http.post("/solve", json={"problem_id": pid,
                                          "solver": {"time_limit": limit, "seed": k}})
            r.raise_for_status()
            return r.json()["id"]

    start = time.monotonic()
    with ThreadPoolExecutor(count) as pool:
        ids = list(pool.map(post, range(count)))
    with server.client() as http:
        while True:
            bodies = [http.get(f"/jobs/{j}").json() for j in ids]
            if all(b["status"] not in ("queued", "running") for b in bodies):
                break
            time.sleep(0.1)
        listed = {j["id"] for j in http.get("/jobs", params={"limit": 200}).json()["jobs"]}
    wall = time.monotonic() - start
    stop.set()
    watcher.join()
    spans = [(_stamp(b["started"]), _stamp(b["finished"])) for b in bodies if b["started"]]
    overlap = max((sum(1 for s, f in spans if s <= t < f) for t, _ in spans), default=0)
    return {"jobs": count, "workers": workers, "time_limit_s": limit,
            "done": sum(b["status"] == "done" for b in bodies),
            "lost": len(set(ids) - listed), "distinct_ids": len(set(ids)),
            "max_running_polled": seen["max"], "max_running_from_times": overlap,
            "wall_s": round(wall, 2)}


def cancel(server: Server, workers: int, repeats: int) -> dict[str, Any]:
    """Every worker busy on a long solve, one job queued: DELETE one long solve, and the time
    from sending it to the queued job's start (as the server stamped it)."""
    hard = cohort(120, 15, rules=False, hard=True)
    small = cohort(60, 10, rules=False)
    freed, answered, kept = [], [], []
    with server.client() as http:
        hard_id, small_id = upload(http, hard), upload(http, small)
        for _ in range(repeats):
            long = [http.post("/solve", json={"problem_id": hard_id,
                                              "solver": {"time_limit": 60}}).json()["id"]
                    for _ in range(workers)]
            queued = http.post("/solve", json={"problem_id": small_id,
                                               "solver": {"time_limit": 2}}).json()["id"]
            deadline = time.monotonic() + 120
            while not all((http.get(f"/jobs/{j}").json()["progress"] or {}).get("objective")
                          is not None for j in long):
                if time.monotonic() > deadline:
                    raise RuntimeError("the long solves found no teams in time")
                time.sleep(0.05)
            assert http.get(f"/jobs/{queued}").json()["status"] == "queued"
            sent = time.time()
            body = http.delete(f"/jobs/{long[0]}").json()
            answered.append(time.time() - sent)
            while (job := http.get(f"/jobs/{queued}").json())["status"] == "queued":
                time.sleep(0.005)
            freed.append(_stamp(job["started"]) - sent)  # the server's clock: same machine
            kept.append(body["status"] == "cancelled" and bool(body["result"]))
            for j in [*long[1:], queued]:
                http.delete(f"/jobs/{j}")
    return {"workers": workers, "repeats": repeats,
            "freed_median_s": statistics.median(freed), "freed_max_s": max(freed),
            "delete_answer_median_s": statistics.median(answered),
            "best_teams_kept": sum(kept)}


# --------------------------------------------------------------------------- c. load


def load(server: Server, threads: int, calls: int) -> dict[str, Any]:
    """``threads`` clients x ``calls`` checks of one-student moves at 300 x 36."""
    problem = cohort(300, 36)
    ids = [p.id for p in problem.projects]
    with server.client() as http:
        pid = upload(http, problem)
    base = greedy(problem)

    def client(k: int) -> tuple[list[float], int]:
        rng = random.Random(k)
        teams = dict(base)
        times, errors = [], 0
        with server.client() as http:
            for _ in range(calls):
                teams[rng.choice(list(teams))] = rng.choice(ids)
                t = time.perf_counter()
                r = http.post("/check", json={"problem_id": pid, "assignment": teams})
                times.append((time.perf_counter() - t) * 1000)
                errors += r.status_code != 200
        return times, errors

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(client, range(threads)))
    wall = time.perf_counter() - start
    times = [t for ts, _ in results for t in ts]
    return {"threads": threads, "calls_each": calls, "calls": len(times),
            "errors": sum(e for _, e in results), "p50_ms": pct(times, 0.50),
            "p95_ms": pct(times, 0.95), "p99_ms": pct(times, 0.99), "max_ms": max(times),
            "throughput_per_s": len(times) / wall, "wall_s": wall}


# --------------------------------------------------------------------------- d. mixed load


def _deep_json(depth: int) -> bytes:
    return b'{"problem_id": "x", "assignment": {}, "rules": ' + b"[" * depth + b"]" * depth + b"}"


#: The hostile requests of the mixed load: name -> (method, path, what to send, the status
#: that means refused). ``{port}`` in a header is the server's port; the bodies are built by
#: :func:`_hostile_request`.
HOSTILE: dict[str, int] = {
    "foreign_origin": 403,   # a page of another origin posts a solve
    "rebinding_host": 403,   # DNS rebinding: Host is the attacker's name
    "oversized": 413,        # a body past --max-upload-mb
    "nan": 422,              # NaN in JSON
    "infinity": 422,         # Infinity in JSON
    "deep_nesting": 422,     # 5,000 levels of arrays
    "text_plain": 415,       # JSON sent as text/plain (no preflight from a browser)
    "time_ceiling": 422,     # a solve of 10^9 seconds
    "lookalike_id": 422,     # an upload whose id hides a right-to-left override
    "xlsx_far_cell": 422,    # 1.6 KB workbook with a cell at XFD1048576 (once aborted us)
    "ods_million_rows": 422,  # 814-byte ODS repeating a row a million times
    "xlsx_zip_bomb": 422,    # 52 KB workbook whose sheet inflates to 50 MB
}


def _hostile_files() -> dict[str, tuple[str, bytes]]:
    """The hostile spreadsheets of ``tests/io/hostile_files.py`` (the readers' own tests)."""
    sys.path.insert(0, str(ROOT / "tests" / "io"))
    import hostile_files as h

    return {"xlsx_far_cell": ("far_cell.xlsx", h.xlsx_far_cell()),
            "ods_million_rows": ("rows.ods", h.ods_repeated_rows()),
            "xlsx_zip_bomb": ("zip_bomb.xlsx",
                              h.xlsx([(1, h.xlsx_cell("A1", "id"))], padding=50 * 2**20))}


HOSTILE_FILES = _hostile_files()


def _hostile_request(http: httpx.Client, kind: str, pid: str, csvs: tuple[bytes, bytes],
                     max_bytes: int) -> httpx.Response:
    """Send one hostile request of ``kind``; its answer."""
    json_type = {"content-type": "application/json"}
    if kind == "foreign_origin":
        return http.post("/solve", json={"problem_id": pid},
                         headers={"Origin": "http://attacker.example"})
    if kind == "rebinding_host":
        return http.get("/health", headers={"Host": "attacker.example"})
    if kind == "oversized":
        return http.post("/check", content=b" " * (max_bytes + 1024), headers=json_type)
    if kind == "nan":
        return http.post("/check", content=b'{"problem_id": "x", "assignment": {"S1": NaN}}',
                         headers=json_type)
    if kind == "infinity":
        return http.post("/solve", content=b'{"problem_id": "x", "solver": {"time_limit": '
                                           b'Infinity}}', headers=json_type)
    if kind == "deep_nesting":
        return http.post("/check", content=_deep_json(5_000), headers=json_type)
    if kind == "text_plain":
        return http.post("/solve", content=json.dumps({"problem_id": pid}).encode(),
                         headers={"content-type": "text/plain"})
    if kind == "time_ceiling":
        return http.post("/solve", json={"problem_id": pid, "solver": {"time_limit": 1e9}})
    if kind == "lookalike_id":
        students = csvs[0].replace(b"\nS002,", "\nS0\u202e02,".encode(), 1)
        return http.post("/problems", files={"students": ("s.csv", students, "text/csv"),
                                             "projects": ("p.csv", csvs[1], "text/csv")})
    if kind in HOSTILE_FILES:
        return http.post("/problems", files={"students": (*HOSTILE_FILES[kind], "text/csv"),
                                             "projects": ("p.csv", csvs[1], "text/csv")})
    raise ValueError(kind)


def _is_refused(r: httpx.Response, kind: str) -> bool:
    """The answer of :data:`HOSTILE` for ``kind``, in the JSON error envelope, nosniff."""
    return (r.status_code == HOSTILE[kind] and "error" in r.json()
            and r.headers.get("x-content-type-options") == "nosniff")


def mixed(server: Server, clients: int, duration: float, hostile_share: float,
          max_hostile: int, max_bytes: int) -> dict[str, Any]:
    """Each of :data:`HOSTILE` once; then ``clients`` threads for ``duration`` seconds, each
    sending one request after another:
    checks of one-student moves at 300 x 36 (60%), uploads of a 60 x 10 cohort as CSV files
    (20%, half of them deleted again), solves of 1 s on an uploaded problem, waited for (20%);
    and, with probability ``hostile_share`` (at most ``max_hostile`` in all), one of
    :data:`HOSTILE`. A legitimate request fails on any other status than its own (a solve
    also when its job does not end ``done``); a hostile one is refused when it gets the
    status of :data:`HOSTILE` in the JSON error envelope. The server's memory is sampled
    every second."""
    problem = cohort(300, 36)
    ids = [p.id for p in problem.projects]
    base = greedy(problem)
    students, projects = generate_cohort(60, 10, seed=1)
    csvs = (students.to_csv(index=False).encode(), projects.to_csv(index=False).encode())
    upload_files = {"students": ("students.csv", csvs[0], "text/csv"),
                    "projects": ("projects.csv", csvs[1], "text/csv")}
    with server.client() as http:
        check_pid = upload(http, problem)
        r = http.post("/problems", files=upload_files)
        r.raise_for_status()
        solve_pid = r.json()["id"]
        http.post("/check", json={"problem_id": check_pid, "assignment": base}).raise_for_status()
    lock = threading.Lock()
    legit: list[tuple[str, bool, float]] = []       # (kind, ok, ms)
    hostile: list[tuple[str, bool, int]] = []       # (kind, refused, status)
    failures: list[str] = []
    budget = [max_hostile]
    rss: list[tuple[float, float]] = [(0.0, server.rss_mb())]
    with server.client() as http:  # every kind once, then at random
        for kind in sorted(HOSTILE):
            r = _hostile_request(http, kind, solve_pid, csvs, max_bytes)
            refused = _is_refused(r, kind)
            hostile.append((kind, refused, r.status_code))
            if not refused:
                failures.append(f"hostile {kind}: {r.status_code} {r.text[:200]}")
    start = time.monotonic()
    deadline = start + duration
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(1.0):
            rss.append((time.monotonic() - start, server.rss_mb()))

    def take_hostile() -> bool:
        with lock:
            if budget[0] <= 0:
                return False
            budget[0] -= 1
            return True

    def legit_one(http: httpx.Client, rng: random.Random, teams: dict[str, str | None]
                  ) -> tuple[str, bool, str]:
        roll = rng.random()
        if roll < 0.6:
            teams[rng.choice(list(teams))] = rng.choice(ids)
            r = http.post("/check", json={"problem_id": check_pid, "assignment": teams})
            return "check", r.status_code == 200, r.text[:200]
        if roll < 0.8:
            r = http.post("/problems", files=upload_files)
            if r.status_code != 201:
                return "upload", False, r.text[:200]
            if rng.random() < 0.5:
                d = http.delete(f"/problems/{r.json()['id']}")
                return "upload", d.status_code == 200, d.text[:200]
            return "upload", True, ""
        r = http.post("/solve", json={"problem_id": solve_pid,
                                      "solver": {"time_limit": 1, "seed": rng.randrange(99)}})
        if r.status_code != 202:
            return "solve", False, r.text[:200]
        jid, until = r.json()["id"], time.monotonic() + 120
        while (job := http.get(f"/jobs/{jid}").json())["status"] in ("queued", "running"):
            if time.monotonic() > until:
                return "solve", False, f"job {jid} still {job['status']} after 120 s"
            time.sleep(0.1)
        return "solve", job["status"] == "done", json.dumps(job.get("error"))[:200]

    def client(k: int) -> None:
        rng = random.Random(k)
        teams = dict(base)
        with server.client() as http:
            while time.monotonic() < deadline:
                if rng.random() < hostile_share and take_hostile():
                    kind = rng.choice(sorted(HOSTILE))
                    try:
                        r = _hostile_request(http, kind, solve_pid, csvs, max_bytes)
                        refused = _is_refused(r, kind)
                        status = r.status_code
                    except (httpx.HTTPError, ValueError) as e:
                        refused, status = False, -1
                        with lock:
                            failures.append(f"hostile {kind}: {e!r}")
                    with lock:
                        hostile.append((kind, refused, status))
                    continue
                t = time.perf_counter()
                try:
                    kind, ok, why = legit_one(http, rng, teams)
                except httpx.HTTPError as e:
                    kind, ok, why = "transport", False, repr(e)
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    legit.append((kind, ok, ms))
                    if not ok:
                        failures.append(f"{kind}: {why}")

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    wall = time.monotonic() - start
    stop.set()
    sampler.join()
    rss.append((wall, server.rss_mb()))
    by_kind: dict[str, Any] = {}
    for kind in ("check", "upload", "solve"):
        times = [ms for k, _, ms in legit if k == kind]
        if times:
            by_kind[kind] = {"count": len(times), "p50_ms": pct(times, 0.5),
                             "p95_ms": pct(times, 0.95)}
    refused_by_kind = {k: [sum(1 for h, ok, _ in hostile if h == k and ok),
                           sum(1 for h, _, _ in hostile if h == k)] for k in sorted(HOSTILE)}
    times = [ms for _, _, ms in legit]
    return {"clients": clients, "duration_s": duration, "wall_s": round(wall, 1),
            "hostile_share": hostile_share, "legit": len(legit),
            "legit_failed": sum(1 for _, ok, _ in legit if not ok),
            "hostile": len(hostile), "hostile_refused": sum(1 for _, ok, _ in hostile if ok),
            "hostile_by_kind": refused_by_kind,
            "p50_ms": pct(times, 0.5) if times else None,
            "p95_ms": pct(times, 0.95) if times else None, "by_kind": by_kind,
            "rss_start_mb": round(rss[0][1], 1), "rss_end_mb": round(rss[-1][1], 1),
            "rss_max_mb": round(max(v for _, v in rss), 1),
            "rss_first_quarter_max_mb": round(max(v for t, v in rss if t <= wall / 4), 1),
            "failures": failures[:20]}


def mixed_markdown(d: dict[str, Any], command: str, machine: str, loadavg: str) -> str:
    """Part d as markdown (its own section of ``serve.md``)."""
    kinds = ", ".join(f"{k} {ok}/{n}" for k, (ok, n) in d["hostile_by_kind"].items() if n)
    rows = "\n".join(f"| {k} | {v['count']} | {v['p50_ms']:.1f} | {v['p95_ms']:.1f} |"
                     for k, v in d["by_kind"].items())
    return "\n".join([
        MIXED_START,
        "## d. Mixed load with hostile requests", "",
        f"Run: `{command}` on {machine}, load average at the start {loadavg} (shared). "
        f"{d['clients']} clients for {d['duration_s']:g} s "
        "against one `matcher serve` on 127.0.0.1 (`--jobs 2`): checks of one-student moves at "
        "300 x 36 (60%), uploads of a 60 x 10 cohort as CSV files (20%, half deleted again), "
        "solves of 1 s waited for (20%), and with probability "
        f"{d['hostile_share']:.0%} a hostile request instead (another origin, a rebinding "
        "Host, a body past the size limit, NaN, Infinity, 5,000 levels of nesting, text/plain "
        "JSON, a solve of 10^9 s, a look-alike id, a workbook with a cell at XFD1048576, an ODS "
        "repeating a row a million times, a zip-bomb workbook).", "",
        "| legitimate requests | failed | hostile requests | refused | p50 (ms) | p95 (ms) | "
        "server RSS start / max / end (MB) |", "|---:|---:|---:|---:|---:|---:|---|",
        f"| {d['legit']} | {d['legit_failed']} | {d['hostile']} | {d['hostile_refused']} | "
        f"{d['p50_ms']:.1f} | {d['p95_ms']:.1f} | {d['rss_start_mb']} / {d['rss_max_mb']} / "
        f"{d['rss_end_mb']} |", "",
        "| request | count | p50 (ms) | p95 (ms) |", "|---|---:|---:|---:|", rows, "",
        f"Hostile, refused/sent by kind: {kinds or 'none sent'}. The RSS is the server "
        "process's (each solve runs in its own child process); the most in the run's first "
        f"quarter was {d['rss_first_quarter_max_mb']} MB. A solve's latency includes waiting "
        "for its job to end.", MIXED_END, ""])


MIXED_START = "<!-- serve_bench: mixed load -->"
MIXED_END = "<!-- /serve_bench: mixed load -->"


def put_section(path: Path, section: str) -> None:
    """Put ``section`` (between :data:`MIXED_START` and :data:`MIXED_END`) into the markdown
    file ``path``, replacing the one there, or at its end."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# `matcher serve` benchmark\n"
    if MIXED_START in text and MIXED_END in text:
        head, rest = text.split(MIXED_START, 1)
        tail = rest.split(MIXED_END, 1)[1].lstrip("\n")
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- report


def markdown(report: dict[str, Any]) -> str:
    """The results as markdown."""
    lines = ["# `matcher serve` benchmark", "",
             f"Run: `{report['command']}` on {report['machine']}; load average at the start "
             f"{report['loadavg']}. A real `matcher serve` subprocess on loopback, over HTTP.", "",
             "## a. Drag: re-check after a one-student move (whole assignment sent)", "",
             "Targets: 100 ms of server time at 300 x 36, 300 ms at 3,000 x 300.", "",
             "| cohort | moves | first check (ms) | server median (ms) | server p95 (ms) | "
             "server max (ms) | round trip median (ms) | round trip p95 (ms) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for d in report["drag"]:
        lines.append(f"| {d['cohort']} | {d['moves']} | {d['first_ms']:.1f} | "
                     f"{d['server_median_ms']:.1f} | {d['server_p95_ms']:.1f} | "
                     f"{d['server_max_ms']:.1f} | {d['trip_median_ms']:.1f} | "
                     f"{d['trip_p95_ms']:.1f} |")
    j = report["jobs"]
    lines += ["", "## b. Jobs posted at once, and cancel", "",
              "| jobs | workers (N) | limit (s) | done | lost | most running (polled) | "
              "most running (start/end times) | wall (s) |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|",
              f"| {j['jobs']} | {j['workers']} | {j['time_limit_s']:g} | {j['done']} | "
              f"{j['lost']} | {j['max_running_polled']} | {j['max_running_from_times']} | "
              f"{j['wall_s']} |", ""]
    c = report["cancel"]
    lines += ["Cancel, every worker busy on a long solve and one job queued: time from sending "
              "DELETE to the queued job running (target: within 1 s).", "",
              "| repeats | freed median (s) | freed max (s) | DELETE answered median (s) | "
              "best teams kept |", "|---:|---:|---:|---:|---:|",
              f"| {c['repeats']} | {c['freed_median_s']:.3f} | {c['freed_max_s']:.3f} | "
              f"{c['delete_answer_median_s']:.3f} | {c['best_teams_kept']}/{c['repeats']} |"]
    ld = report["load"]
    lines += ["", "## c. Load: concurrent checks at 300 x 36", "",
              "| threads x calls | errors | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | "
              "throughput (checks/s) |", "|---|---:|---:|---:|---:|---:|---:|",
              f"| {ld['threads']} x {ld['calls_each']} | {ld['errors']} | {ld['p50_ms']:.1f} | "
              f"{ld['p95_ms']:.1f} | {ld['p99_ms']:.1f} | {ld['max_ms']:.1f} | "
              f"{ld['throughput_per_s']:.1f} |", ""]
    return "\n".join(lines)


def main() -> None:
    """Run the parts asked for; write ``serve.md`` and ``serve.json`` (``--part mixed``:
    ``serve_mixed.json``, and part d's section of ``serve.md`` replaced)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("all", "abc", "mixed"), default="all",
                    help="a-c (drag, jobs, load), d (the mixed load), or all")
    ap.add_argument("--sizes", default="300x36,3000x300", help="drag cohorts")
    ap.add_argument("--moves", type=int, default=50)
    ap.add_argument("--jobs-count", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2, help="the server's --jobs (N)")
    ap.add_argument("--job-limit", type=float, default=3.0)
    ap.add_argument("--cancels", type=int, default=3)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--calls", type=int, default=50)
    ap.add_argument("--clients", type=int, default=20, help="d: clients at once")
    ap.add_argument("--duration", type=float, default=120.0, help="d: seconds")
    ap.add_argument("--hostile-share", type=float, default=0.01,
                    help="d: share of requests that are hostile")
    ap.add_argument("--max-hostile", type=int, default=500, help="d: hostile requests at most")
    ap.add_argument("--out", default=str(HERE / "results"))
    ap.add_argument("--smoke", action="store_true", help="small and short, for CI (~20 s)")
    a = ap.parse_args()
    if a.smoke:
        a.sizes, a.moves, a.jobs_count, a.job_limit = "300x36", 10, 4, 1.0
        a.cancels, a.threads, a.calls = 1, 4, 10
        a.clients, a.duration, a.hostile_share = 4, 2.0, 0.1
    report: dict[str, Any] = {
        "command": " ".join(["python", "benchmarks/serve_bench.py", *sys.argv[1:]]),
        "machine": f"{os.cpu_count()} cores",
        "loadavg": " ".join(f"{x:.1f}" for x in os.getloadavg())}
    with tempfile.TemporaryDirectory() as tmp:
        if a.part in ("all", "abc"):
            server = Server(a.workers, Path(tmp) / "data")
            try:
                report["drag"] = []
                for size in a.sizes.split(","):
                    n, m = (int(v) for v in size.split("x"))
                    report["drag"].append(drag(server, n, m, a.moves))
                    print(json.dumps(report["drag"][-1]), flush=True)
                report["jobs"] = jobs(server, a.jobs_count, a.workers, a.job_limit)
                print(json.dumps(report["jobs"]), flush=True)
                report["cancel"] = cancel(server, a.workers, a.cancels)
                print(json.dumps(report["cancel"]), flush=True)
                report["load"] = load(server, a.threads, a.calls)
                print(json.dumps(report["load"]), flush=True)
            finally:
                report["server_exit"] = server.stop()
        if a.part in ("all", "mixed"):
            (Path(tmp) / "mixed").mkdir()
            server = Server(a.workers, Path(tmp) / "mixed" / "data", "--max-upload-mb",
                            str(MIXED_MAX_MB), "--time-limit", "2", "--max-time-limit", "30")
            try:
                report["mixed"] = mixed(server, a.clients, a.duration, a.hostile_share,
                                        a.max_hostile, MIXED_MAX_MB * 1024 * 1024)
                print(json.dumps(report["mixed"]), flush=True)
            finally:
                report["mixed_server_exit"] = server.stop()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    if a.part == "mixed":
        (out / "serve_mixed.json").write_text(json.dumps(report, indent=2) + "\n",
                                              encoding="utf-8")
    else:
        (out / "serve.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        (out / "serve.md").write_text(markdown(report), encoding="utf-8")
    if "mixed" in report:
        put_section(out / "serve.md", mixed_markdown(report["mixed"], report["command"],
                                                     report["machine"], report["loadavg"]))
    failed = report.get("mixed", {}).get("legit_failed", 0)
    missed = report.get("mixed", {}).get("hostile", 0) - \
        report.get("mixed", {}).get("hostile_refused", 0)
    if failed or missed:
        print(f"FAILED: {failed} legitimate requests failed, {missed} hostile ones answered",
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
