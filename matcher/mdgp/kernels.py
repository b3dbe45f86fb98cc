"""The compiled search kernels: whether numba is installed, where they are cached, the warm-up.

The tabu search's inner loop (:mod:`matcher.mdgp._kernel`) is compiled by numba, an optional
dependency (the ``mdgp`` extra): the teams engine never needs it. Compiling takes about 15 s,
once: numba writes the machine code to an on-disk cache and later runs load it in well under
a second.

Cache folder, decided once per process before the kernels are imported:

1. ``NUMBA_CACHE_DIR`` when the user sets it;
2. else numba's default, ``matcher/mdgp/__pycache__``, when that folder is writable (a
   source tree, an editable install, a user's own virtual environment);
3. else (a read-only site-packages) ``$XDG_CACHE_HOME/matcher/numba``, by default
   ``~/.cache/matcher/numba``;
4. else a folder of the user's own under the temporary directory;
5. else :func:`load_kernels` raises :class:`~matcher.errors.MatcherError` asking for
   ``NUMBA_CACHE_DIR`` (numba refuses to load cached kernels without a folder).

:func:`prepare_kernels` compiles (or loads) the kernels on a tiny instance whose arrays have
exactly the types of a real search, so that the search itself, and its time limit, never
includes compilation. :func:`kernels_cached` says beforehand whether that will be quick, so
that the command line can announce a first-run compilation.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

from matcher.errors import MatcherError, MissingExtra
from matcher.i18n import tr

__all__ = [
    "COMPILE_SECONDS",
    "KernelWarmup",
    "cache_folder",
    "kernels_cached",
    "load_kernels",
    "numba_available",
    "prepare_kernels",
    "require_numba",
]

COMPILE_SECONDS = 15
"""About how long the first compilation takes on a laptop (for the notice; not a limit)."""

_PACKAGE_DIR = Path(__file__).resolve().parent
_lock = threading.Lock()
_module: ModuleType | None = None
_warm = False


@dataclass(frozen=True)
class KernelWarmup:
    """What :func:`prepare_kernels` did.

    Attributes
    ----------
    compiled:
        True when some kernel was compiled (not loaded from the cache) in this call.
    seconds:
        Wall-clock time the warm-up took (0 when the kernels were already warm).
    cache_dir:
        The folder the compiled kernels are cached in.
    """

    compiled: bool
    seconds: float
    cache_dir: str


def numba_available() -> bool:
    """Whether numba (the ``mdgp`` extra) is installed; imports nothing."""
    try:
        return importlib.util.find_spec("numba") is not None
    except (ImportError, ValueError):  # an import hook that refuses it, a broken install
        return False


def require_numba() -> None:
    """Raise :class:`~matcher.errors.MissingExtra` naming the ``pip`` command when numba is
    not installed."""
    if not numba_available():
        raise MissingExtra(tr("the MDGP search kernels need numba, which is not installed"),
                           extra="mdgp")


def _writable(folder: Path) -> bool:
    """Whether ``folder`` exists (or can be created) and a file can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return False
    return True


def _user_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "matcher" / "numba"


def _temp_cache_dir() -> Path:
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"matcher-numba-{uid}"


def _chosen_folder() -> tuple[str | None, str | None]:
    """``(folder, override)``: the cache folder, and the value numba's ``CACHE_DIR`` must take
    for it (``None``: numba's own choice, in-tree, is the folder)."""
    user_set = os.environ.get("NUMBA_CACHE_DIR", "")
    if user_set:
        return user_set, None
    if _writable(_PACKAGE_DIR / "__pycache__"):
        return str(_PACKAGE_DIR / "__pycache__"), None
    for folder in (_user_cache_dir(), _temp_cache_dir()):
        if _writable(folder):
            return str(folder), str(folder)
    return None, None


def load_kernels() -> ModuleType:
    """The compiled-kernel module, imported with the cache folder of :func:`cache_folder`.

    Raises
    ------
    MissingExtra
        numba is not installed.
    MatcherError
        No folder is writable for the compiled kernels.
    """
    global _module
    require_numba()
    with _lock:
        if _module is None:
            from numba.core import config

            folder, override = _chosen_folder()
            if folder is None:
                raise MatcherError(tr(
                    "no writable folder for the compiled MDGP search kernels: set "
                    "NUMBA_CACHE_DIR to one"))
            previous = config.CACHE_DIR
            if override is not None:
                config.CACHE_DIR = override  # read when the kernels are decorated, below
            try:
                from matcher.mdgp import _kernel
            finally:
                config.CACHE_DIR = previous
            _module = _kernel
        return _module


def cache_folder() -> str:
    """The folder the compiled kernels are cached in (``""`` when numba's JIT is disabled,
    ``NUMBA_DISABLE_JIT=1``, and nothing is compiled)."""
    stats = getattr(load_kernels().tabu_chunk, "stats", None)
    return str(stats.cache_path) if stats is not None else ""


def _entry_points(kernel: ModuleType) -> tuple:
    return (kernel.reset_state, kernel.tabu_chunk)


def kernels_cached() -> bool:
    """Whether :func:`prepare_kernels` will only load the kernels (no compilation): they are
    already in memory, or numba's cache index of every entry point is on disk, fresh (same
    numba, same kernel source) and not empty."""
    kernel = load_kernels()
    if _warm:
        return True
    for dispatcher in _entry_points(kernel):
        if not hasattr(dispatcher, "stats"):  # NUMBA_DISABLE_JIT=1: plain Python, nothing to do
            continue
        try:
            entries = dispatcher._cache._cache_file._load_index()  # numba's private layout
        except Exception:  # a numba that lays its cache out otherwise: assume not cached
            return False
        if not entries:
            return False
    return True


def _tiny_problem() -> dict[str, object]:
    """Arrays of a 4-element, 2-group instance with the dtypes and layouts of a real search
    (see :func:`matcher.mdgp.local_search.maximize_pairwise`)."""
    d = np.ascontiguousarray(
        [[0.0, 1.0, 5.0, 1.0], [1.0, 0.0, 1.0, 5.0], [5.0, 1.0, 0.0, 1.0], [1.0, 5.0, 1.0, 0.0]],
        dtype=np.float64)
    return dict(d=d, lo=np.ascontiguousarray([2, 2], dtype=np.int64),
                hi=np.ascontiguousarray([2, 2], dtype=np.int64),
                allowed=np.ones((4, 2), dtype=np.bool_),
                a=np.array([0, 0, 1, 1], dtype=np.int64))


def prepare_kernels() -> KernelWarmup:
    """Compile the kernels, or load them from the cache, by running them on a tiny instance.

    Call it before starting a search's clock. Cheap after the first call in a process.

    Raises
    ------
    MissingExtra
        numba is not installed.
    """
    global _warm
    kernel = load_kernels()
    if _warm:
        return KernelWarmup(False, 0.0, cache_folder())
    start = time.perf_counter()
    t = _tiny_problem()
    d, a = t["d"], t["a"]
    n, m = 4, 2
    size = np.zeros(m, dtype=np.int64)
    gt = np.zeros((m, n))
    mem = np.zeros((m, n), dtype=np.int64)
    pos = np.zeros(n, dtype=np.int64)
    f = kernel.reset_state(d, a, size, gt, mem, pos, m)
    par = np.array([3.0, 2.0, 200.0, 0.05, 0.15, 0.0, 0.0], dtype=np.float64)
    kernel.tabu_chunk(d, t["lo"], t["hi"], t["allowed"], 1.0, a, size, gt, mem, pos,
                      np.zeros((n, m), dtype=np.int64), a.copy(), np.array([f, f, f]),
                      np.zeros(4, dtype=np.int64), np.array([12345], dtype=np.uint64), par, 5)
    compiled = any(sum(disp.stats.cache_misses.values()) > 0
                   for disp in _entry_points(kernel) if hasattr(disp, "stats"))
    with _lock:
        _warm = True
    return KernelWarmup(compiled, time.perf_counter() - start, cache_folder())
