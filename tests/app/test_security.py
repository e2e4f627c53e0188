"""Issue 14, as a tester attacked the tool: each finding, reproduced as a test that failed before
its fix. Writes never replace a device; a scenario changes numbers, never a verdict; a guardrail
applies once; delete removes the listed file; two saves of one new name never both succeed; no
file's contents are echoed; control characters never reach a terminal; the smaller ones."""

from __future__ import annotations

import io
import os
import re
import stat
import threading
from pathlib import Path

import pytest

from accesscost import cli
from accesscost.core.errors import AssumptionErrors
from accesscost.core.files import NotAFile, file_kind, write_atomic
from accesscost.core.safe_text import (
    markdown_literal,
    plain_from_plotly,
    plotly_text,
    safe_cell,
    short_text,
    terminal_text,
)
from accesscost.inputs.applying import apply_scenario
from accesscost.inputs.loading import load_assumptions, read_folder
from accesscost.inputs.scenario import Scenario, scenario_from_text
from accesscost.inputs.scenario_files import (
    ScenarioExists,
    delete_scenario,
    list_scenarios,
    load_scenario,
    save_scenario,
    scenario_slug,
)
from tests.hostile_corpus import ASSUMPTIONS, copy_assumptions
from tests.pages import shown_text

D, B = "d-iam-user-keys", "b-task-role"
ROTATE = "Rotate the access key (create, distribute, deactivate the old one)"
RULE = "a what-if changes quantities, frequencies, counts and guardrails, not"


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


# -- 1. formula injection: one neutralising function for CSV cells --------------------------------


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+$17K/yr", "'+$17K/yr"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\r=1", "'\r=1"),
        ("= shared role", "'= shared role"),
        ("B) IAM task role", "B) IAM task role"),
        (-5.0, -5.0),  # a number is not text: it stays a number
        (None, None),
    ],
)
def test_safe_cell_neutralises_text_that_a_spreadsheet_would_run(text, written):
    assert safe_cell(text) == written


def test_the_csv_of_the_cli_neutralises_formula_like_text(tmp_path, capsys):
    folder = copy_assumptions(tmp_path / "assumptions")
    d = folder / "patterns" / f"{D}.yaml"
    text = d.read_text().replace("name: IAM user keys on the hosts", 'name: "=1+2 IAM keys"', 1)
    d.write_text(text)
    code, out, _ = run(
        ["estimate", "--services", "5", "--assumptions", str(folder), "--format", "csv"], capsys
    )
    assert code == 0
    assert ",'=1+2 IAM keys," in out
    assert ",=1+2" not in out


# -- 2. atomic writes never replace a device, a FIFO or a folder --------------------------------


def test_a_write_to_a_character_device_is_refused_and_the_device_stays(tmp_path):
    before = os.stat("/dev/null")
    with pytest.raises(NotAFile, match="is a character device, not a regular file"):
        write_atomic(Path("/dev/null"), "draws\n")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_write_to_a_fifo_or_a_folder_is_refused(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(NotAFile, match="FIFO"):
        write_atomic(fifo, "x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    with pytest.raises(NotAFile, match="a folder"):
        write_atomic(tmp_path, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.csv"]  # no temp file left


def test_a_symlink_to_a_device_is_refused(tmp_path):
    link = tmp_path / "out.csv"
    link.symlink_to("/dev/null")
    with pytest.raises(NotAFile):
        write_atomic(link, "x")
    assert link.is_symlink()


def test_a_symlink_to_a_regular_file_writes_through_and_keeps_the_link(tmp_path):
    target, link = tmp_path / "real.csv", tmp_path / "link.csv"
    target.write_text("old")
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


def test_a_replaced_file_keeps_its_mode_and_a_new_file_follows_the_umask(tmp_path):
    kept = tmp_path / "kept.yaml"
    kept.write_text("old")
    kept.chmod(0o644)
    write_atomic(kept, "new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o644  # it was 0600, the temp file's mode
    old_mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.yaml", "x")
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o644


def test_samples_to_a_device_are_refused_in_one_line(capsys):
    code, _, err = run(
        ["estimate", "--services", "5", "--draws", "100", "--samples", "/dev/null"], capsys
    )
    assert code == 1
    assert err == (
        "--samples: cannot write /dev/null: /dev/null is a character device, not a regular "
        "file; it was not replaced\n"
    )
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


# -- 3. a what-if changes numbers, never what a pattern is ----------------------------------------


REFUSED_OVERRIDES = [
    ({"patterns": {D: {"name": "B) IAM task role"}}}, f"overrides.patterns.{D}.name"),
    ({"patterns": {D: {"option": "B"}}}, f"overrides.patterns.{D}.option"),
    ({"patterns": {D: {"meets_requirement": True}}}, f"overrides.patterns.{D}.meets_requirement"),
    ({"patterns": {D: {"requirement_gap": "none"}}}, f"overrides.patterns.{D}.requirement_gap"),
    (
        {"patterns": {D: {"security_posture": {"rating": "strong", "note": "x"}}}},
        f"overrides.patterns.{D}.security_posture",
    ),
    (
        {"patterns": {D: {"matrix_notes": {"cost_impact": "x"}}}},
        f"overrides.patterns.{D}.matrix_notes",
    ),
    ({"patterns": {D: {"summary": "x"}}}, f"overrides.patterns.{D}.summary"),
    ({"patterns": {D: {"diagram": {"nodes": [], "edges": []}}}}, f"overrides.patterns.{D}.diagram"),
    (
        {"patterns": {D: {"operations": {ROTATE: {"name": "x"}}}}},
        f"overrides.patterns.{D}.operations.{ROTATE}.name",
    ),
    (
        {"patterns": {D: {"operations": {ROTATE: {"source": "x"}}}}},
        f"overrides.patterns.{D}.operations.{ROTATE}.source",
    ),
    (
        {"patterns": {D: {"operations": {ROTATE: {"per": "deployment"}}}}},
        f"overrides.patterns.{D}.operations.{ROTATE}.per",
    ),
    ({"org": {"currency": "USD"}}, "overrides.org.currency"),
    ({"org": {"reference_pattern": B}}, "overrides.org.reference_pattern"),
    ({"org": {"labour": {"source": "x"}}}, "overrides.org.labour.source"),
]


@pytest.mark.parametrize(("overrides", "field"), REFUSED_OVERRIDES, ids=lambda v: str(v)[-40:])
def test_a_scenario_may_not_rewrite_what_a_pattern_is(overrides, field):
    scenario = Scenario.model_validate({"name": "Rewrite", "overrides": overrides})
    with pytest.raises(AssumptionErrors) as refused:
        apply_scenario(read_folder(ASSUMPTIONS), scenario, "s.yaml")
    assert [str(p) for p in refused.value.problems] == [
        f"s.yaml: {field}: {RULE} {field.split('.')[-1]}"
    ]


def test_numbers_frequencies_counts_and_guardrails_still_apply():
    scenario = Scenario.model_validate(
        {
            "name": "Numbers",
            "overrides": {
                "org": {"labour": {"hourly_rate_usd": 90}},
                "units": {"host": 8},
                "patterns": {D: {"operations": {ROTATE: {"frequency": "monthly", "hours": 2}}}},
            },
            "guardrails": {B: ["permission-boundaries"]},
        }
    )
    merged = apply_scenario(read_folder(ASSUMPTIONS), scenario, "s.yaml")
    rotate = next(i for i in merged.patterns[D].operations if i.name == ROTATE)
    assert (rotate.frequency, rotate.hours.mean(), merged.decision.units["host"].services_per) == (
        "monthly",
        2,
        8,
    )


# -- 8. a guardrail listed twice is refused, not applied twice ----------------------------------


def test_a_guardrail_listed_twice_is_refused():
    scenario = Scenario(name="Twice", guardrails={B: ["permission-boundaries"] * 2})
    with pytest.raises(AssumptionErrors) as refused:
        apply_scenario(read_folder(ASSUMPTIONS), scenario, "s.yaml")
    assert str(refused.value) == (
        "s.yaml: guardrails.b-task-role: guardrail 'permission-boundaries' is listed more than "
        "once; list it once"
    )


def test_fifteen_thousand_aliased_guardrails_are_refused_before_any_is_applied():
    text = "name: A\nguardrails:\n  b-task-role: [&g permission-boundaries" + ", *g" * 14_999 + "]"
    with pytest.raises(AssumptionErrors, match="at most 32 items"):
        scenario_from_text(text, "s.yaml")


# -- 9. delete acts on the exact listed file ------------------------------------------------------


def test_delete_removes_exactly_the_listed_file(tmp_path):
    listed, other = tmp_path / "Keys_Rotated_Monthly.yaml", tmp_path / "keys-rotated-monthly.yaml"
    listed.write_text("name: Listed\n")
    other.write_text("name: Other\n")
    delete_scenario(tmp_path, listed)
    assert not listed.exists()
    assert other.read_text() == "name: Other\n"  # it was this one that went


def test_delete_refuses_a_symlink_and_a_file_outside_the_folder(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    target = folder / "kept.yaml"
    target.write_text("name: Kept\n")
    (folder / "alias.yaml").symlink_to(target)
    with pytest.raises(AssumptionErrors, match="is a symlink"):
        delete_scenario(folder, folder / "alias.yaml")
    outside = tmp_path / "outside.yaml"
    outside.write_text("name: Outside\n")
    with pytest.raises(AssumptionErrors, match="not in the scenarios folder"):
        delete_scenario(folder, outside)
    assert target.exists() and (folder / "alias.yaml").is_symlink() and outside.exists()


# -- 10. two saves of one new name: exactly one is "saved" -----------------------------------------


def test_a_save_that_loses_the_race_for_a_new_name_is_told_it_exists(tmp_path, monkeypatch):
    first = save_scenario(tmp_path, Scenario(name="Race", description="first"))
    monkeypatch.setattr(Path, "exists", lambda self: False)  # as if checked before the first wrote
    with pytest.raises(ScenarioExists):
        save_scenario(tmp_path, Scenario(name="Race", description="second"))
    monkeypatch.undo()
    assert load_scenario(first).description == "first"


def test_concurrent_saves_of_one_new_name_save_exactly_once(tmp_path):
    start, outcomes = threading.Barrier(8), []

    def save(index: int) -> None:
        start.wait()
        try:
            save_scenario(tmp_path, Scenario(name="Race", description=f"save {index}"))
            outcomes.append("saved")
        except ScenarioExists:
            outcomes.append("exists")

    threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["exists"] * 7 + ["saved"]
    assert [p.name for p in tmp_path.iterdir()] == ["race.yaml"]


# -- 11. no file contents in errors; the right word for a FIFO, a device, a loop ------------------


SECRET = "root:$6$SECRETHASHSECRETHASH$0123456789abcdef:19000:0:99999:7:::"


def test_a_non_yaml_file_gives_one_line_without_its_contents(tmp_path, capsys):
    shadow = tmp_path / "shadow"
    shadow.write_text(f"{SECRET}\ndaemon:*:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n")
    code, _, err = run(["validate", str(shadow)], capsys)
    assert code == 1
    assert err.count("\n") == 1 and "SECRET" not in err and "daemon" not in err
    assert err.startswith(f"{shadow}: not a pattern file: none of its keys is a known field")


def test_an_unknown_key_is_echoed_short(tmp_path):
    folder = copy_assumptions(tmp_path / "assumptions")
    b = folder / "patterns" / f"{B}.yaml"
    b.write_text(b.read_text() + f"x{'y' * 500}: 1\n")
    with pytest.raises(AssumptionErrors) as refused:
        load_assumptions(folder)
    (problem,) = refused.value.problems
    assert problem.field == "x" + "y" * 30 + "…"


def test_a_pattern_symlinked_out_of_the_folder_is_not_read(tmp_path):
    folder = copy_assumptions(tmp_path / "assumptions")
    secret = tmp_path / "secret.yaml"
    secret.write_text(f"{SECRET}: 1\n")
    (folder / "patterns" / "z-link.yaml").symlink_to(secret)
    with pytest.raises(AssumptionErrors) as refused:
        load_assumptions(folder)
    assert str(refused.value) == (
        f"{folder / 'patterns' / 'z-link.yaml'}: is a symlink to a file outside the assumptions "
        "folder; it was not read"
    )


def test_a_scenario_symlinked_out_of_the_folder_is_not_read_by_validate(tmp_path, capsys):
    folder = copy_assumptions(tmp_path / "assumptions")
    secret = tmp_path / "secret.yaml"
    secret.write_text(f"name: x\n{SECRET}: 1\n")
    link = folder / "scenarios" / "linked.yaml"
    link.symlink_to(secret)
    code, _, err = run(["validate", str(folder)], capsys)
    assert code == 1 and "SECRET" not in err
    assert (
        err == f"{link}: is a symlink to a file outside the assumptions folder; it was not read\n"
    )


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: os.mkfifo(p), "is a FIFO (named pipe), not a file"),
        (lambda p: p.symlink_to(p), "is a symlink loop, not a file"),
        (lambda p: p.symlink_to("/dev/zero"), "is a character device, not a file"),
        (lambda p: p.mkdir(), "is a folder, not a file"),
        (lambda p: None, "file not found"),
    ],
    ids=["fifo", "loop", "device", "folder", "missing"],
)
def test_what_a_path_is_is_said_in_words(tmp_path, capsys, make, kind):
    path = tmp_path / "s.yaml"
    make(path)
    code, _, err = run(["validate", "--scenario", str(path)], capsys)
    assert (code, err.splitlines()[0]) == (
        1,
        f"{path}: {kind}" + ("" if kind == "file not found" else "; it was not read"),
    )


def test_file_kind_names_each_kind(tmp_path):
    (tmp_path / "f").write_text("x")
    assert file_kind(tmp_path / "f") == "a regular file"
    assert file_kind(tmp_path / "none") == "missing"
    (tmp_path / "broken").symlink_to(tmp_path / "none")
    assert file_kind(tmp_path / "broken") == "a broken symlink"


# -- 12. control characters: refused at load, never written raw to a terminal ---------------------


@pytest.mark.parametrize("escape", ["\\e]0;pwned\\a", "\\x01", "\\x9b2J", "\\u0007"])
def test_yaml_escapes_that_make_control_characters_are_refused(escape):
    with pytest.raises(AssumptionErrors, match="control character #x00"):
        scenario_from_text(f'name: "What-if {escape}"\n', "s.yaml")


def test_validation_errors_and_tables_reach_the_terminal_without_escapes(tmp_path, capsys):
    bad = tmp_path / "s.yaml"
    bad.write_text('name: x\n"\\e[2Jkey": 1\n')
    code, out, err = run(["validate", "--scenario", str(bad)], capsys)
    assert code == 1 and "\x1b" not in out + err
    assert "#x001b" in err
    assert terminal_text("a\x1b[2Jb\x07\n") == "a\\x1b[2Jb\\x07\n"


# -- 4. text from files is text: Markdown, HTML and plotly rich text ------------------------------


def test_markdown_literal_escapes_every_kind_of_markup():
    text = "![i](http://x/i.png) <a href='x'>a</a> $x$ `code` **b** www.x.com a@b.com"
    shown = markdown_literal(text)
    punctuation = r"[!-/:-@\[-`{-~]"
    assert re.fullmatch(rf"(?:\\{punctuation}|(?!{punctuation}).)*", shown)  # all escaped
    assert shown_text(shown) == text
    for link in ("http://", "www.", "a@b"):  # GFM links these after reading the escapes
        assert link not in shown.replace("\\", "")


def test_plotly_text_shows_tags_and_the_deck_gets_the_text_back():
    text = '<a href="http://x">Click</a> & <b>b</b>'
    assert "<a" not in plotly_text(text)
    assert plain_from_plotly(plotly_text(text)) == text


def test_short_text_cuts_and_escapes():
    assert short_text("a" * 100, 10) == "a" * 9 + "…"
    assert short_text("a\x1bb") == "a\\x1bb"


# -- 13. the smaller ones ------------------------------------------------------------------------


def test_a_description_too_long_to_save_is_refused_on_the_spot():
    with pytest.raises(ValueError, match="at most 20000 characters"):
        Scenario(name="Long", description="x" * 70_000)
    with pytest.raises(ValueError, match="longer than 32 KiB"):
        Scenario(name="Wide", description="😀" * 9_000)  # 36 KB of UTF-8 in 9,000 characters


@pytest.mark.parametrize("name", ["con", "NUL", "aux", "com1", "lpt9", "Prn"])
def test_windows_device_names_are_refused(name):
    with pytest.raises(AssumptionErrors, match="names a device on Windows"):
        scenario_slug(name)


def test_export_into_the_assumptions_folder_is_refused(tmp_path, capsys):
    folder = copy_assumptions(tmp_path / "assumptions")
    code, _, err = run(
        [
            "export",
            "--services",
            "5",
            "--assumptions",
            str(folder),
            "--out",
            str(folder / "scenarios"),
        ],
        capsys,
    )
    assert code == 1 and err.startswith("--out: must be outside the assumptions folder")
    assert sorted(p.name for p in (folder / "scenarios").iterdir()) == sorted(
        p.name for p in (ASSUMPTIONS / "scenarios").iterdir()
    )
    assert list_scenarios(folder / "scenarios")


def test_a_json_estimate_carries_no_raw_control_character(capsys):
    code, out, _ = run(["estimate", "--services", "5", "--draws", "100"], capsys)
    assert code == 0 and not any(ord(c) < 32 and c not in "\n" for c in out)
    assert io.StringIO(out).read(1) == "{"


def test_text_for_a_binary_write_is_refused_and_nothing_is_left(tmp_path):
    kept = tmp_path / "kept.bin"
    kept.write_bytes(b"old")
    with pytest.raises(TypeError):  # the binary file's write refuses a str
        write_atomic(kept, "text", text=False)
    assert kept.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.bin"]  # no temp file left behind
