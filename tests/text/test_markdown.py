"""Markdown from text in files: escaped text renders as itself, and ``cli.py estimate --format
markdown`` prints the matrix and the key figures as GitHub-flavoured tables.

Rendered with markdown-it-py (CommonMark with GFM tables): a cell holds exactly the text it was
given, a row keeps its cells, and no link, image or HTML comes out of text from a file."""

from __future__ import annotations

import shutil

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from accesscost.cli import main
from accesscost.core.markdown import escape, table
from accesscost.model.matrix import usd
from accesscost.text.report import estimate_summary

RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
UNSAFE_TOKENS = {
    "link_open",
    "image",
    "html_inline",
    "html_block",
    "code_inline",
    "em_open",
    "strong_open",
    "s_open",
}
HOSTILE = [
    "a | b | c",
    "[click here](https://evil.example/)",
    "![pixel](https://evil.example/p.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "`rm -rf /`",
    "**bold** and _emphasis_ and ~~gone~~",
    "first line\n# heading\n| --- |",
    "$x^2$ costs $1.2K–$3.4K",
    "&lt;b&gt; &amp; &#x3C;",
    "back\\slash \\| pipe",
    "[ref]: https://evil.example/",
]


def cells(markdown: str) -> list[list[tuple[str, list[str]]]]:
    """Each row of the first table: per cell, its text and the kinds of inline tokens in it."""
    rows, row, inside = [], None, False
    for token in RENDERER.parse(markdown):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            rows.append(row)
        elif token.type in ("td_open", "th_open"):
            inside = True
        elif token.type == "inline" and inside:
            children = token.children or []
            text = "".join(c.content for c in children if c.type in ("text", "code_inline"))
            row.append((text, [c.type for c in children]))
            inside = False
    return rows


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_is_one_cell_holding_exactly_that_text(text):
    rendered = cells(table(["before", "text", "after"], [["1", escape(text), "2"]]))
    assert len(rendered) == 2 and [len(r) for r in rendered] == [3, 3]
    shown, kinds = rendered[1][1]
    assert shown == " ".join(text.split())
    assert not UNSAFE_TOKENS & set(kinds)
    assert rendered[1][0][0] == "1" and rendered[1][2][0] == "2"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=60))
def test_any_text_renders_as_itself(text):
    rendered = cells(table(["text"], [[escape(text)]]))
    shown, kinds = rendered[1][0]
    # markdown-it turns a NUL into U+FFFD and collapses what we collapse; nothing else changes
    assert shown == " ".join(text.split()).replace("\0", "\ufffd")
    assert not UNSAFE_TOKENS & set(kinds)


def test_escape_keeps_the_text_on_one_line():
    assert "\n" not in escape("a\nb\r\nc")


# --- cli.py estimate --format markdown -------------------------------------------------------


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    return _markdown(tmp_path_factory, "--services", "50")


def _markdown(tmp_path_factory, *args) -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["estimate", "--format", "markdown", *args]) == 0
    return out.getvalue()


def _tables(markdown: str) -> list[str]:
    blocks, current = [], []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            blocks.append("\n".join(current) + "\n")
            current = []
    return blocks + (["\n".join(current) + "\n"] if current else [])


def test_markdown_prints_the_key_figures_and_the_matrix(printed, default_assumptions):
    figures, matrix = (cells(block) for block in _tables(printed))
    summary = estimate_summary(default_assumptions, 50)
    names = [p["option"] + ") " for p in summary["patterns"]]
    assert len(figures) == len(matrix) == 1 + len(names)
    assert [row[0][0][:3] for row in figures[1:]] == names
    for row, pattern in zip(figures[1:], summary["patterns"], strict=True):
        # the annual cost and TCO columns are the estimate's figures as the page shows them
        assert row[1][0] == usd(pattern["annual_usd"])
        assert row[3][0] == usd(pattern["tco_usd"])
        saving = pattern["annual_savings_vs_reference_usd"]  # None: not an alternative (issue 13)
        assert row[5][0] == ("–" if saving is None else usd(saving))
    header = [text for text, _ in matrix[0]]
    assert header[1:6] == [
        "Implementation time",
        "Security posture",
        "Operational overhead",
        "Cost impact",
        "Compliance risk",
    ]
    recommended = [row for row in matrix[1:] if "strong_open" in row[0][1]]
    assert [row[0][0] for row in recommended] == ["B) IAM task role (taskRoleArn) (recommended)"]
    # B at 50 services: 50 x 0.25 h = 12.5 h of implementation = 1.6 engineer-days (Medium)
    assert recommended[0][1][0] == "1.6 days (Medium)"
    assert "Recommended: " in printed and "10,000 simulated years, seed 20261129" in printed


def test_text_from_a_pattern_file_cannot_break_the_table(tmp_path, repo_root, tmp_path_factory):
    folder = tmp_path / "assumptions"
    shutil.copytree(repo_root / "assumptions", folder)
    path = folder / "patterns" / "c-security-group.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["name"] = (
        "Rule | [win](https://evil.example) ![p](https://evil.example/p.png) <b>x</b>"
    )
    document["requirement_gap"] = "no `code`, no *stars* | and no <script>alert(1)</script>"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    printed = _markdown(tmp_path_factory, "--services", "50", "--assumptions", str(folder))
    for block in _tables(printed):
        rendered = cells(block)
        assert len({len(row) for row in rendered}) == 1  # every row has the header's cells
        for row in rendered:
            for _, kinds in row:
                assert not (UNSAFE_TOKENS - {"strong_open"}) & set(kinds)
    assert "C) " + document["name"] in [row[0][0] for row in cells(_tables(printed)[1])]


def test_markdown_refuses_deterministic(capsys):
    assert main(["estimate", "--services", "5", "--format", "markdown", "--deterministic"]) == 1
    assert "--deterministic" in capsys.readouterr().err


def test_deterministic_json_has_no_percentiles(capsys):
    import json

    assert main(["estimate", "--services", "50", "--deterministic"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert "simulation" not in document
    assert all("percentiles" not in p for p in document["patterns"])


@pytest.mark.parametrize("extra", [["--deterministic"], ["--format", "markdown"]])
def test_samples_need_the_monte_carlo(extra, tmp_path, capsys):
    target = tmp_path / "draws.csv"
    assert main(["estimate", "--services", "5", "--samples", str(target), *extra]) == 1
    assert capsys.readouterr().err.startswith("--samples: writes the simulated draws")
    assert not target.exists()
