"""The organisers' page in a real browser (Debian's headless Chromium driven by Playwright),
against the real server (``create_app`` under uvicorn, on a socket bound to a free loopback
port, with a token and a temporary data directory).

The whole flow: upload the sample, solve (live progress), drag a student into a full team and
read the broken rule in words, drag them back and see it gone, move a student with the
keyboard menu and lock them there, re-solve around the lock and find them still there, undo,
explain a student, download the teams CSV and compare it with the cards. The page must raise
no script error and ask nothing from another host.

``MATCHER_PAGE_SCREENSHOT=docs/serve-teams.png`` also saves the teams view there (the README's
picture). Skipped without Chromium or Playwright, except under CI (``CI`` set), where it fails.
"""

from __future__ import annotations

import csv
import io
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from matcher.read import read_problem

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples"
TOKEN = "page-test-token"

try:
    from report.chromium_support import CHROMIUM, chromium_mark
except ImportError:  # pragma: no cover - the tests directory is on sys.path (conftest.py)
    from chromium_support import CHROMIUM, chromium_mark  # type: ignore[no-redef]

pytestmark = chromium_mark()

if os.environ.get("CI"):
    import fastapi  # noqa: F401  (CI installs '.[test]', which brings both)
    import playwright  # noqa: F401
else:
    pytest.importorskip("fastapi")
    pytest.importorskip("playwright")

import uvicorn  # noqa: E402
from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

from matcher.cli.serve import listen  # noqa: E402
from matcher.serve import ServeSettings, create_app  # noqa: E402


def serve_in_thread(settings: ServeSettings) -> Iterator[str]:
    """The real app under uvicorn in a thread, on a socket bound to a free loopback port
    first (as ``matcher serve --port 0`` does: no other process can take the port between
    its choice and its use); yields its base URL."""
    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings.model_copy(update={"port": port})),
                            host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app with a token; yields its base URL."""
    yield from serve_in_thread(ServeSettings(
        host="127.0.0.1", token=TOKEN, data_dir=tmp_path_factory.mktemp("serve-data"),
        time_limit=10))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, once for the module."""
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                               args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


#: What the browser logs for an answer the test asks for (the 422 of a bad upload).
EXPECTED = "the server responded with a status of 422"


def _page(browser: Browser, locale: str) -> Iterator[Page]:
    """A fresh page; fails the test on any script error or request to another host."""
    errors: list[str] = []
    foreign: list[str] = []
    # tall enough to show every team at once: a drag that scrolls the page on its way
    # picks up whatever is under the pointer after the scroll
    context = browser.new_context(accept_downloads=True, locale=locale,
                                  viewport={"width": 1700, "height": 3200})
    p = context.new_page()
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("console", lambda m: errors.append(m.text)
         if m.type == "error" and EXPECTED not in m.text else None)
    p.on("request", lambda r: foreign.append(r.url)
         if urlsplit(r.url).hostname not in ("127.0.0.1", None) and
         not r.url.startswith(("blob:", "data:")) else None)
    yield p
    context.close()
    assert not errors, f"errors in the page: {errors}"
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    """A page whose browser speaks English."""
    yield from _page(browser, "en-GB")


@pytest.fixture()
def page_fr(browser: Browser) -> Iterator[Page]:
    """A page whose browser speaks French."""
    yield from _page(browser, "fr-FR")


def _assignment(page: Page) -> dict[str, str | None]:
    """Student id -> project id, as the cards show it."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '[data-student]')].map(li => [li.dataset.student,
        li.closest('[data-team]').dataset.team || null]))""")


def _wait_done(page: Page) -> None:
    expect(page.get_by_test_id("progress")).to_contain_text("done", timeout=30_000)
    expect(page.get_by_test_id("solve")).to_be_enabled()


def _wait_checked(page: Page) -> None:
    page.wait_for_function("() => !document.body.classList.contains('checking')")


@pytest.mark.slow
def test_the_whole_flow(server: str, page: Page) -> None:
    problem = read_problem(SAMPLE / "students.csv", SAMPLE / "projects.csv")
    max_size = {p.id: p.max_size for p in problem.projects}
    min_size = {p.id: p.min_size for p in problem.projects}

    jobs_asked: list[tuple[str, int]] = []
    page.on("response", lambda r: jobs_asked.append((urlsplit(r.url).path, r.status))
            if "/api/v1/jobs/" in r.url else None)
    page.goto(f"{server}/?token={TOKEN}&lang=en")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)

    # a wrong file: its located error, in words
    page.get_by_test_id("upload-students").set_input_files(SAMPLE / "students.csv")
    page.get_by_test_id("upload-projects").set_input_files(SAMPLE / "students.csv")
    page.get_by_test_id("upload-submit").click()
    errors = page.get_by_test_id("errors")
    expect(errors).to_contain_text("file students.csv, row 1")
    expect(errors).to_contain_text("missing required column 'max_size'")

    # upload the sample
    page.get_by_test_id("upload-students").set_input_files(SAMPLE / "students.csv")
    page.get_by_test_id("upload-projects").set_input_files(SAMPLE / "projects.csv")
    page.get_by_test_id("upload-submit").click()
    expect(page.locator("#cohort")).to_contain_text("40 students, 10 ideas")
    expect(errors).to_be_empty()

    # solve, with the progress shown live
    page.fill("#time-limit", "3")
    page.get_by_test_id("solve").click()
    _wait_done(page)
    expect(page.get_by_test_id("progress")).to_contain_text("objective")
    teams = _assignment(page)
    assert len(teams) == 40 and all(teams.values())
    objective = int(page.get_by_test_id("objective").inner_text())

    # drag a student into a full team: the broken rule in words, the team marked over-full
    sizes = {pid: sum(1 for p in teams.values() if p == pid) for pid in max_size}
    full = next(pid for pid, n in sizes.items() if n == max_size[pid])
    donor = next(pid for pid, n in sizes.items() if pid != full and n > min_size[pid])
    mover = next(sid for sid, pid in teams.items() if pid == donor)
    page.get_by_test_id(f"student-{mover}").drag_to(page.get_by_test_id(f"team-{full}"))
    _wait_checked(page)
    broken = page.get_by_test_id(f"violations-{full}")
    expect(broken).to_contain_text(full)
    expect(broken).to_contain_text(str(max_size[full]))
    assert "overfull" in (page.get_by_test_id(f"team-{full}").get_attribute("class") or "")
    assert page.locator(f'[data-testid="team-{full}"] [data-testid="student-{mover}"]').count()
    assert int(page.locator("#broken").inner_text()) >= 1

    # drag them back: the rule is kept again, the objective is the solver's
    page.get_by_test_id(f"student-{mover}").drag_to(page.get_by_test_id(f"team-{donor}"))
    _wait_checked(page)
    expect(broken).to_have_text("")
    expect(page.get_by_test_id("objective")).to_have_text(str(objective))
    assert _assignment(page) == teams

    # a heavier weight: the same teams scored again, term by term
    raw = int(page.locator('[data-term="discipline"] td').nth(2).inner_text())
    weight = page.locator('[data-weight="discipline"]')
    base = int(weight.input_value())
    weight.fill(str(base + 10))
    weight.press("Tab")
    expect(page.get_by_test_id("objective")).to_have_text(str(objective + 10 * raw))
    expect(page.locator('[data-term="discipline"] td').nth(3)).to_have_text(
        str((base + 10) * raw))
    weight.fill(str(base))
    weight.press("Tab")
    expect(page.get_by_test_id("objective")).to_have_text(str(objective))

    # move a student with the keyboard menu to a team with room, and lock them there
    roomy = next(pid for pid, n in sizes.items() if n < max_size[pid] and pid != donor)
    locked = next(sid for sid, pid in teams.items() if pid == donor)
    page.get_by_test_id(f"move-{locked}").focus()
    page.get_by_test_id(f"move-{locked}").select_option(roomy)
    _wait_checked(page)
    page.get_by_test_id(f"lock-student-{locked}").click()
    expect(page.get_by_test_id(f"lock-student-{locked}")).to_have_attribute("aria-pressed",
                                                                             "true")
    before = _assignment(page)

    # re-solve around the lock: the locked student stays, most others too
    page.get_by_test_id("resolve").click()
    _wait_done(page)
    after = _assignment(page)
    assert after[locked] == roomy
    assert all(after.values())
    assert sum(after[s] != before[s] for s in after) <= 10

    # the progress came by the events stream (with the token in its URL), never by polling
    assert [status for path, status in jobs_asked] == [200, 200]
    assert all(path.endswith("/events") for path, _ in jobs_asked)

    # a locked team: its members cannot be dragged nor moved; unlocked again by Undo
    page.get_by_test_id(f"lock-team-{roomy}").click()
    member = page.get_by_test_id(
        f"student-{next(s for s, p in after.items() if p == roomy and s != locked)}")
    expect(member).to_have_attribute("draggable", "false")
    expect(member.locator("select")).to_be_disabled()
    page.get_by_test_id("undo").click()
    expect(member).to_have_attribute("draggable", "true")

    # undo three times: the re-solve, the lock, the move
    page.get_by_test_id("undo").click()
    assert _assignment(page) == before
    page.get_by_test_id("undo").click()
    expect(page.get_by_test_id(f"lock-student-{locked}")).to_have_attribute("aria-pressed",
                                                                             "false")
    page.get_by_test_id("undo").click()
    _wait_checked(page)
    assert _assignment(page) == teams

    # explain a student
    page.get_by_test_id(f"explain-{mover}").click()
    expect(page.get_by_test_id("explanation")).to_contain_text(mover, timeout=20_000)
    expect(page.get_by_test_id("explanation")).to_contain_text(teams[mover])

    if os.environ.get("MATCHER_PAGE_SCREENSHOT"):
        _screenshot(page, Path(os.environ["MATCHER_PAGE_SCREENSHOT"]), teams, full, donor)

    # download the teams CSV: the cards' teams
    with page.expect_download() as info:
        page.get_by_test_id("download-teams").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["student_id"]: r["project_id"] for r in rows} == teams

    # an export: the mail merge; Moodle without its course says what is missing
    page.get_by_test_id("export-format").select_option("mailmerge")
    with page.expect_download() as info:
        page.get_by_test_id("download-export").click()
    assert info.value.suggested_filename == "mailmerge.csv"
    page.get_by_test_id("export-format").select_option("moodle")
    page.get_by_test_id("download-export").click()
    expect(page.get_by_test_id("download-errors")).to_contain_text("course")

    # the page speaks French too
    page.get_by_test_id("lang").select_option("fr")
    expect(page.get_by_test_id("solve")).to_have_text("Former les équipes")


def _screenshot(page: Page, path: Path, teams: dict[str, str | None], full: str,
                donor: str) -> None:
    """The teams view, with one student dragged into a full team (its broken rule shown)."""
    mover = next(sid for sid, pid in teams.items() if pid == donor)
    page.get_by_test_id(f"student-{mover}").drag_to(page.get_by_test_id(f"team-{full}"))
    _wait_checked(page)
    box = page.locator("#teams-section").bounding_box()
    assert box is not None
    page.screenshot(path=str(path), full_page=True, clip={
        "x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], 1250)})
    page.get_by_test_id("undo").click()
    _wait_checked(page)


@pytest.fixture(scope="module")
def slow_cohort(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """120 students, 15 ideas, a floor of distinct disciplines and a Blau term (the exact MIP
    stays out: CP-SAT searches): at a 60 s limit, no solve ends before a test has clicked
    Cancel (as ``tests/serve/test_jobs.py``'s ``slow_problem``)."""
    from matcher.sample import generate_cohort, write_cohort

    d = tmp_path_factory.mktemp("slow-cohort")
    students, projects = write_cohort(*generate_cohort(120, 15, seed=3), d)
    config = d / "slow.toml"
    config.write_text('[weights]\n"blau.discipline" = 5\n\n[rules]\n'
                      "min_distinct = { discipline = 3 }\n", encoding="utf-8")
    return students, projects, config


@pytest.mark.slow
def test_in_french_with_a_config_and_cancel(server: str, page_fr: Page, tmp_path: Path,
                                            slow_cohort: tuple[Path, Path, Path]) -> None:
    """A browser in French gets the page in French; Cancel stops a search that is running
    (a cohort whose search cannot end first: the click waits for its progress, never on a
    clock); the config's weights and rules fill the form, its fixed placements are locks; a
    new solve shows them."""
    page = page_fr
    page.goto(f"{server}/?token={TOKEN}")
    expect(page.get_by_test_id("solve")).to_have_text("Former les équipes")
    students, projects, slow = slow_cohort
    page.get_by_test_id("upload-students").set_input_files(students)
    page.get_by_test_id("upload-projects").set_input_files(projects)
    page.get_by_test_id("upload-config").set_input_files(slow)
    page.get_by_test_id("upload-submit").click()
    expect(page.locator("#cohort")).to_contain_text("120 étudiants, 15 idées")
    page.fill("#time-limit", "60")
    page.get_by_test_id("solve").click()
    # the job is known to the page and searching (its progress came): Cancel has a job to stop
    expect(page.get_by_test_id("progress")).to_contain_text("recherche", timeout=60_000)
    page.get_by_test_id("cancel").click()
    expect(page.get_by_test_id("progress")).to_contain_text("annulé", timeout=20_000)
    expect(page.get_by_test_id("solve")).to_be_enabled()
    # Cancel at once, maybe before the server has named the job: the page remembers it
    page.get_by_test_id("solve").click()
    page.get_by_test_id("cancel").click()
    expect(page.get_by_test_id("progress")).to_contain_text("annulé", timeout=60_000)
    expect(page.get_by_test_id("solve")).to_be_enabled()

    config = tmp_path / "rules.toml"
    config.write_text("[weights]\ndiscipline = 12\n\n[rules]\nmax_per_value = { discipline = 2 }\n"
                      'fixed = { S005 = "P02" }\n', encoding="utf-8")
    page.get_by_test_id("upload-students").set_input_files(SAMPLE / "students.csv")
    page.get_by_test_id("upload-projects").set_input_files(SAMPLE / "projects.csv")
    page.get_by_test_id("upload-config").set_input_files(config)
    page.get_by_test_id("upload-submit").click()
    expect(page.locator("#cohort")).to_contain_text("40 étudiants, 10 idées")
    expect(page.locator('[data-weight="discipline"]')).to_have_value("12")
    expect(page.locator("#rule-max_per_value")).to_have_value("discipline = 2")
    page.fill("#time-limit", "3")
    page.get_by_test_id("solve").click()
    expect(page.get_by_test_id("progress")).to_contain_text("terminé", timeout=30_000)
    expect(page.locator("[data-student]")).to_have_count(40)
    expect(page.locator("#broken")).to_have_text("0")
    # the config's fixed placement is a lock on the page
    expect(page.locator('[data-testid="team-P02"] [data-testid="student-S005"]')).to_have_count(1)
    expect(page.get_by_test_id("lock-student-S005")).to_have_attribute("aria-pressed", "true")


@pytest.mark.slow
def test_the_api_documentation_with_a_token_and_no_other_host(server: str, page: Page) -> None:
    """``/docs?token=T``: Swagger UI from the package renders every operation of
    ``/openapi.json`` (fetched with the token), and a call tried from it carries the token;
    no request leaves the server (the page fixture fails on one), no script error (a CSP
    refusal is one)."""
    answers: list[tuple[str, int]] = []
    page.on("response", lambda r: answers.append((urlsplit(r.url).path, r.status)))
    page.goto(f"{server}/docs?token={TOKEN}")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible(timeout=30_000)
    paths = set(page.locator(".opblock-summary-path").all_inner_texts())
    assert {"/api/v1/solve", "/api/v1/check", "/api/v1/jobs/{jid}", "/api/v1/health"} <= {
        p.replace("\u200b", "") for p in paths}
    assert ("/openapi.json", 200) in answers
    assert all(status == 200 for _, status in answers), answers
    # the bodies' schemas are shown: the models' names
    expect(page.locator(".models")).to_contain_text("CheckRequest")
    # try GET /health from the page: the token goes with it
    health = page.locator(".opblock-get", has_text="/api/v1/health")
    health.locator(".opblock-summary").click()
    health.get_by_role("button", name="Try it out").click()
    health.get_by_role("button", name="Execute").click()
    expect(health.locator(".responses-wrapper .live-responses-table")).to_contain_text(
        '"status": "ok"', timeout=20_000)
    assert ("/api/v1/health", 200) in answers


def test_the_api_documentation_without_the_token_is_refused(server: str, page: Page) -> None:
    """The documentation is behind the token like everything else."""
    r = page.request.get(f"{server}/docs")
    assert r.status == 401
    r = page.request.get(f"{server}/docs/static/swagger-ui-bundle.js?token={TOKEN}")
    assert r.status == 200 and "SwaggerUIBundle" in r.text()
    assert page.request.get(f"{server}/docs/static/favicon.png?token={TOKEN}").status == 404


#: The rule form as it was written by hand: (id, label, placeholder), in order, with the
#: rules added since then (max_unranked, the choices-first cap an organiser may also set), which
#: joined the form by themselves from the schema with their kind's words.
HAND_WRITTEN_RULES = [
    ("rule-allow_unassigned", "allow students without a team", None),
    ("rule-top_k", "top_k: only the first K choices", None),
    ("rule-max_unranked", "max_unranked", None),
    ("rule-max_per_value", "max_per_value (attribute = count; ...)", "discipline = 2"),
    ("rule-min_distinct", "min_distinct (attribute = count; ...)", "discipline = 3"),
    ("rule-no_isolated", "no_isolated (attribute = value, value; ...)", "gender = F"),
    ("rule-min_term", "min_term (term = value; ...)", None),
    ("rule-keep_together", "keep_together (one group of student ids per line)", "S003 S017"),
    ("rule-keep_apart", "keep_apart (one group of student ids per line)", "S003 S017"),
]

_RULE_FIELDS = """() => [...document.querySelectorAll('#rules-box [id^="rule-"]')].map(el =>
    [el.id, el.closest('label').querySelector('span').textContent,
     el.getAttribute('placeholder')])"""


@pytest.mark.slow
def test_the_rule_form_is_built_from_the_rules_schema(server: str, page: Page) -> None:
    """The rule form is the hand-written one, built from ``GET /api/v1/rules/schema``; a rule
    the schema gains appears on the form by itself, with its kind's words, and is read back."""
    page.goto(f"{server}/?token={TOKEN}&lang=en")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    assert [tuple(f) for f in page.evaluate(_RULE_FIELDS)] == HAND_WRITTEN_RULES
    expect(page.locator("#rule-top_k")).to_have_attribute("min", "1")
    page.get_by_test_id("upload-students").set_input_files(SAMPLE / "students.csv")
    page.get_by_test_id("upload-projects").set_input_files(SAMPLE / "projects.csv")
    page.get_by_test_id("upload-submit").click()
    expect(page.locator("#cohort")).to_contain_text("40 students, 10 ideas")

    # a new rule in the schema: {attribute: count}, and a flag
    read = page.evaluate("""async () => {
        const form = await import("./static/ruleform.js");
        const settings = await import("./static/settings.js");
        const schema = await (await fetch("api/v1/rules/schema" + location.search)).json();
        schema.properties.toy_cap = {type: "object", additionalProperties: {type: "integer"}};
        schema.properties.toy_flag = {type: "boolean", default: false};
        form.buildRuleForm(schema);
        document.getElementById("rule-toy_cap").value = "discipline = 4";
        document.getElementById("rule-toy_flag").checked = true;
        return settings.readForm().rules;
    }""")
    assert read["toy_cap"] == {"discipline": 4} and read["toy_flag"] is True
    assert read["max_per_value"] == {} and read["top_k"] is None
    fields = [tuple(f) for f in page.evaluate(_RULE_FIELDS)]
    assert ("rule-toy_cap", "toy_cap (attribute = count; ...)", "attribute = 1") in fields
    assert ("rule-toy_flag", "toy_flag", None) in fields
    page.get_by_test_id("lang").select_option("fr")
    expect(page.locator("#rule-toy_cap").locator("xpath=..")).to_contain_text(
        "toy_cap (attribut = nombre ; ...)")
    expect(page.locator("#rule-max_per_value").locator("xpath=..")).to_contain_text(
        "max_per_value (attribut = nombre ; ...)")
