"""``matcher serve`` benchmark: drag re-checks, 20 jobs at once, cancel, check under load.

Everything runs against a real ``python -m matcher serve`` subprocess on a free loopback port
(this checkout, a temporary data directory), over HTTP (httpx):

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

Usage::

    python benchmarks/serve_bench.py --smoke --out DIR   # CI: small, < 40 s
    python benchmarks/serve_bench.py                     # 300x36 and 3000x300, 20 jobs, 8x50

Writes ``<out>/serve.md`` and ``<out>/serve.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
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
    """``python -m matcher serve`` on a free loopback port, stopped by Ctrl-C."""

    def __init__(self, workers: int, data: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p), MATCHER_LANG="en")
        env.pop("MATCHER_TOKEN", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "matcher", "serve", "--port", str(self.port), "--data",
             str(data), "--jobs", str(workers), "--max-upload-mb", "100"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.base = f"http://127.0.0.1:{self.port}/api/v1"
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(self.base + "/health", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {self.process.stderr.read()}")
            time.sleep(0.1)

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
    """Run the three parts; write ``serve.md`` and ``serve.json``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="300x36,3000x300", help="drag cohorts")
    ap.add_argument("--moves", type=int, default=50)
    ap.add_argument("--jobs-count", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2, help="the server's --jobs (N)")
    ap.add_argument("--job-limit", type=float, default=3.0)
    ap.add_argument("--cancels", type=int, default=3)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--calls", type=int, default=50)
    ap.add_argument("--out", default=str(HERE / "results"))
    ap.add_argument("--smoke", action="store_true", help="small and short, for CI (< 40 s)")
    a = ap.parse_args()
    if a.smoke:
        a.sizes, a.moves, a.jobs_count, a.job_limit = "300x36", 10, 4, 1.0
        a.cancels, a.threads, a.calls = 1, 4, 10
    report: dict[str, Any] = {
        "command": " ".join(["python", "benchmarks/serve_bench.py", *sys.argv[1:]]),
        "machine": f"{os.cpu_count()} cores",
        "loadavg": " ".join(f"{x:.1f}" for x in os.getloadavg())}
    with tempfile.TemporaryDirectory() as tmp:
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
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "serve.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (out / "serve.md").write_text(markdown(report), encoding="utf-8")


if __name__ == "__main__":
    main()
