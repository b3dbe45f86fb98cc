"""The heuristics: valid teams fast, without CP-SAT, for every cohort size.

One concept a module: the problem as flat lists (:mod:`~.instance`), the working state kept
up to date move by move (:mod:`~.state`), the first teams (:mod:`~.construction`, with the
transportation flow of :mod:`~.transport` and the repairs of the kept rules that bind many
students at once in :mod:`~.kept_repairs`), the descent (:mod:`~.local_search`), simulated
annealing (:mod:`~.annealing`) with team closures (:mod:`~.team_moves`), and the
large-neighbourhood search (:mod:`~.lns`). Which problems they apply to is decided in
:mod:`matcher.search.routing`; the bounds they prove, in :mod:`matcher.search.bounds`.
"""
