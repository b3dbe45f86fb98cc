"""Where the search pipeline (:mod:`matcher.search.pipeline`) switches phases and how it shares
its time: every threshold in one place, each with its reason.

The measurements behind them (which benchmark, which cohort, which machine) are in
``benchmarks/results/thresholds.md``. The pipeline reads them as attributes of this module at
call time, so a test may patch one (``monkeypatch.setattr(thresholds, "DENSE_PAIR_LIMIT", 0)``).
"""

from __future__ import annotations

# ---------------------------------------------------------------------- which path

#: Above this many (student, idea) pairs the dense CP-SAT model is not built: the large-cohort
#: heuristics (warm start, annealing, LNS) search when they keep the rules, else CP-SAT on a
#: restricted domain. The exact MIP runs only up to it.
DENSE_PAIR_LIMIT = 250_000

#: Above this many pairs the pipeline starts from the heuristic warm start, and an objective
#: with pair terms (``wishes``) goes to the heuristics: below it CP-SAT alone proves
#: optimality in a fraction of a second.
WARM_PAIRS = 2_000

#: Above this many pairs a problem with a term scored move by move whose CP-SAT model is not a
#: plain linear sum (``pairwise``, ``blau``, ``balance``, the minima) goes to the heuristics
#: (:func:`~matcher.search.routing.beyond_cp_sat`): at 300 x 36 CP-SAT's model gave no teams
#: in 60 s with ``pairwise`` and preferences, ``blau.gender`` or ``balance.year``, the
#: heuristics teams within 10-25% of a proven bound; at 100 x 10 CP-SAT proves the
#: ``pairwise`` optimum (``benchmarks/results/terms.md``).
LOCAL_SEARCH_PAIRS = 2_000

#: Above this many pairs a problem whose only term scored move by move is a plain linear sum
#: (``unassigned``, with ``allow_unassigned``) goes to the heuristics too: at 300 x 36 CP-SAT
#: proved it optimal in 46 s (the heuristics, without the LP, stopped 2.7% from their bound);
#: at 1,000 x 100 CP-SAT gave no teams in 60 s.
LOCAL_SEARCH_LINEAR_PAIRS = 20_000

#: Up to this many pairs the LP bound is the plain (dense) LP relaxation, tighter than the
#: aggregated one and still small.
DENSE_LP_PAIRS = 20_000

#: From this many students the large-cohort search solves its LP bound in a child process
#: killed at the deadline (HiGHS may not hear a stop there); below, before the search, here.
LP_PROCESS_STUDENTS = 1_000

#: Without preferences, the exact MIP runs only up to this many (type, idea) columns: beyond,
#: its degenerate LP's cut rounds ignore HiGHS's time limit while CP-SAT proves it faster.
PROVER_TYPE_COLUMNS = 20_000

# ---------------------------------------------------------------------- model building

#: The LP's and CP-SAT's model building, seconds per pair: sizes the exact MIP's head start.
PIPELINE_SECONDS_PER_PAIR = 4e-5

#: CP-SAT's model building (uninterruptible), seconds per pair of its domain, on a loaded
#: machine: with less time left the teams in hand come back instead of a model never searched.
BUILD_SECONDS_PER_PAIR = 6e-5

#: The rest of CP-SAT's model building (rules, terms, hints) against its first step (the
#: ``x`` variables): the second check that the building fits in the time left.
BUILD_REST_FACTOR = 2.4

# ---------------------------------------------------------------------- shares of the time

#: Seconds the exact MIP runs alone before the other phases join it, at most: on small
#: cohorts it often finishes first, and annealing alongside slows HiGHS (GIL).
HEAD_START = 0.5

#: Of the time left, the exact MIP's head start takes at most this share.
HEAD_START_SHARE = 0.25

#: With ``workers=1`` the exact MIP runs first, alone, for this share of the time limit, so
#: that the answer is deterministic.
SYNC_PROVER_SHARE = 0.5

#: The warm start before CP-SAT: seconds per pair, and its floor and ceiling in seconds
#: (0.2 s at 300 x 36, 2 s at 1,000 x 100), and at most this share of the time left.
WARM_SECONDS_PER_PAIR = 1 / 50_000
WARM_MIN_SECONDS = 0.2
WARM_MAX_SECONDS = 2.0
WARM_SHARE = 0.1

#: With ``workers=1`` the warm start's annealing gets this many times its budget as a wall
#: clock cap (its moves budget ends it first on any machine).
WARM_DETERMINISTIC_SLACK = 3

#: Of the time left, the LP before CP-SAT takes at most this share (its solution then guides
#: CP-SAT's domain).
LP_SHARE = 0.5

#: Large cohorts: the annealing's share of the time left, then the local-search polish's;
#: the LNS has the rest.
ANNEAL_SHARE = 0.85
POLISH_SHARE = 0.05

#: Large cohorts without a time limit: seconds of annealing, at least this, else one per 100
#: students; and the LNS stops after this many steps without improvement.
UNLIMITED_ANNEAL_SECONDS = 10.0
UNLIMITED_ANNEAL_STUDENTS_PER_SECOND = 100
UNLIMITED_LNS_STALL = 3000

#: Annealing moves per second of budget when ``workers=1`` (deterministic budgets); about
#: half what a loaded 2-core machine does, so that the budget ends before the deadline
#: (measured: 56,000 moves/s on a 150 x 18 cohort at load 5 on 2 cores; 60,000 left no margin).
MOVES_PER_SECOND = 25_000

#: LNS steps per second of budget when ``workers=1``.
LNS_STEPS_PER_SECOND = 4

#: With ``workers=1`` on large cohorts, the annealing's and the LNS's shares of the time limit
#: (as budgets of moves and steps).
DETERMINISTIC_ANNEAL_SHARE = 0.75
DETERMINISTIC_LNS_SHARE = 0.1

#: Seconds between two recomputations of the re-matching local bound (large cohorts): it
#: costs a pass over the students.
LOCAL_BOUND_EVERY = 1.0

#: Seconds between two hand-overs of CP-SAT's teams to the exact MIP: reading every ``x`` of
#: a large model costs a few milliseconds.
OFFER_EVERY = 1.0

# ---------------------------------------------------------------------- retries

#: Filler ideas per student of the first restricted domain (large cohorts).
DEFAULT_FILLERS = 8

#: Each retry on a restricted domain multiplies the filler ideas by this (and so does a
#: first domain under rules the LP ignores).
FILLER_GROWTH = 4

#: A retry on the full model is worth it only with more than this many seconds left...
FULL_RETRY_SECONDS = 0.2

#: ...and a retry on a wider restricted domain with more than this many.
WIDER_RETRY_SECONDS = 1.0

# ---------------------------------------------------------------------- inside the heuristics

#: Seconds between two calls of the annealing's ``check`` (a stop request, a gap reached): a
#: stop is seen this fast, and the call (a bound lookup) stays off the hot loop.
ANNEAL_CHECK_SECONDS = 0.05

#: Share of the annealing's checkpoints (every 512 moves) that try to close a random optional
#: team (:mod:`matcher.search.heuristics.team_moves`), when terms are scored move by move:
#: terms such as ``pairwise`` reward fewer, larger teams, which no single move reaches.
CLOSE_SHARE = 0.2

#: Seconds of local search polishing an LNS step that leaves terms out of its model: enough
#: to settle the freed students, short beside a step.
LNS_POLISH_SECONDS = 0.05

#: Candidate swaps examined per team below a floor of distinct values (a random sample
#: beyond): the full list is quadratic in the team sizes.
SWAP_SAMPLE = 2_000

#: Candidate students examined per team below its minimum size while filling it (a random
#: sample beyond): each costs a move delta, and the best of a sample is close enough.
REPAIR_SAMPLE = 400

# ---------------------------------------------------------------------- the LP bound

#: Seconds between two looks for an improved bound while the LP's child process runs: a
#: look reads a file, so a few per second keep the bound fresh at no cost.
LP_POLL_SECONDS = 0.2

#: Shortest and longest first round of PDLP (seconds); each later round is twice as long
#: (short rounds gave weaker bounds: benchmarks/results/large_gap_components.md).
PDLP_ROUND = (4.0, 12.0)
