"""The compiled search kernels: compiled before the search's clock, with the types a real
search uses, cached in a writable folder, announced on the first run only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from extras import needs_numba

from matcher.mdgp import kernels, read_mdgp

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "mdgp"


class FakeClock:
    """A ``time.perf_counter`` that stands still; the fake warm-up moves it 100 s on."""

    def __init__(self) -> None:
        self.now = 0.0
        self.warmups = 0

    def perf_counter(self) -> float:
        return self.now

    def warm_up(self) -> kernels.KernelWarmup:
        self.warmups += 1
        self.now += 100.0  # a very slow first compilation
        return kernels.KernelWarmup(True, 100.0, "somewhere")


@needs_numba
def test_the_warm_up_compiles_the_signatures_a_search_uses():
    from matcher.mdgp.local_search import maximize_pairwise

    kernels.prepare_kernels()
    k = kernels.load_kernels()
    before = {f: list(f.signatures) for f in (k.reset_state, k.tabu_chunk)}
    assert all(len(sigs) == 1 for sigs in before.values())
    inst = read_mdgp(DATA / "RanInt_n012_ds_01.txt")
    first = maximize_pairwise(inst.distances, inst.lower, inst.upper, time_limit=5,
                              max_iterations=30)
    maximize_pairwise(inst.distances, inst.lower, inst.upper, time_limit=5, max_iterations=30,
                      workers=2, fixed={0: 1}, forbidden=[(1, 0)])
    maximize_pairwise(inst.distances.astype(np.float32), list(inst.lower), list(inst.upper),
                      time_limit=5, max_iterations=30, initial=first.groups.tolist())
    after = {f: list(f.signatures) for f in (k.reset_state, k.tabu_chunk)}
    assert after == before  # nothing compiled during a search


@needs_numba
def test_compilation_is_not_on_the_local_search_clock(monkeypatch):
    from matcher.mdgp import local_search

    clock = FakeClock()
    kernels.prepare_kernels()  # the real kernels are loaded; the fake only moves the clock
    monkeypatch.setattr(local_search, "prepare_kernels", clock.warm_up)
    monkeypatch.setattr(local_search.time, "perf_counter", clock.perf_counter)
    inst = read_mdgp(DATA / "RanInt_n012_ds_01.txt")
    res = local_search.maximize_pairwise(inst.distances, inst.lower, inst.upper,
                                         time_limit=1.0, max_iterations=40)
    assert clock.warmups == 1
    assert res.iterations == 40  # with the warm-up on the clock, the limit would allow none
    assert res.wall_time_s == 0.0


@needs_numba
def test_compilation_is_not_on_solve_mdgps_clock(monkeypatch):
    from matcher.mdgp import local_search, solve

    clock = FakeClock()
    kernels.prepare_kernels()
    monkeypatch.setattr(solve, "prepare_kernels", clock.warm_up)
    monkeypatch.setattr(local_search, "prepare_kernels", lambda: None)
    monkeypatch.setattr(solve.time, "perf_counter", clock.perf_counter)
    seen = {}

    def exact(instance, *, time_limit, **kw):
        seen["limit"] = time_limit
        raise StopIteration

    monkeypatch.setattr(solve, "solve_exact", exact)
    inst = read_mdgp(DATA / "RanInt_n012_ds_01.txt")
    with pytest.raises(StopIteration):
        solve.solve_mdgp(inst, time_limit=8.0)
    assert clock.warmups == 1
    assert seen["limit"] == pytest.approx(8.0, abs=1.0)  # not max(8 - 100, 1)


def test_the_cache_folder_follows_what_is_writable(monkeypatch, tmp_path):
    package = str(kernels._PACKAGE_DIR / "__pycache__")
    user = tmp_path / "xdg" / "matcher" / "numba"
    writable = {package, str(user), str(kernels._temp_cache_dir())}
    monkeypatch.setattr(kernels, "_writable", lambda folder: str(folder) in writable)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    assert kernels._chosen_folder() == (package, None)  # numba's own in-tree choice
    writable.discard(package)  # a read-only site-packages
    assert kernels._chosen_folder() == (str(user), str(user))
    writable.discard(str(user))  # no writable home either
    temp = str(kernels._temp_cache_dir())
    assert kernels._chosen_folder() == (temp, temp)
    writable.clear()
    assert kernels._chosen_folder() == (None, None)
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "mine"))  # the user's word wins
    assert kernels._chosen_folder() == (str(tmp_path / "mine"), None)


def test_the_user_cache_folder_defaults_to_dot_cache():
    home = os.path.expanduser("~")
    assert kernels._user_cache_dir({}) == Path(home) / ".cache" / "matcher" / "numba"
    assert kernels._user_cache_dir({"XDG_CACHE_HOME": "/x"}) == Path("/x/matcher/numba")


def test_missing_numba_names_the_pip_command(monkeypatch):
    from matcher.errors import MissingExtra

    monkeypatch.setattr(kernels, "numba_available", lambda: False)
    with pytest.raises(MissingExtra, match=r"pip install 'matcher-teams\[mdgp\]'") as info:
        kernels.require_numba()
    assert info.value.extra == "mdgp"
    assert isinstance(info.value, ImportError)


@needs_numba
@pytest.mark.slow
def test_the_first_run_compiles_and_says_so_the_second_loads(tmp_path):
    """Two ``matcher mdgp`` processes on an empty cache folder (compiles once, about 10 s)."""
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "cache"),
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    runs = []
    for k in range(2):
        out = tmp_path / f"groups{k}.csv"
        runs.append(subprocess.run(
            [sys.executable, "-m", "matcher", "mdgp", str(DATA / "RanInt_n012_ds_01.txt"),
             "-o", str(out), "-t", "0.5", "--workers", "1"],
            capture_output=True, text=True, env=env, timeout=600))
        assert runs[-1].returncode == 0, runs[-1].stderr
        assert out.exists()
    first, second = runs
    assert "compiling the search kernels once" in first.stderr
    assert str(tmp_path / "cache") in first.stderr
    assert "compiling" not in second.stderr
    assert any((tmp_path / "cache").rglob("*.nbi"))
