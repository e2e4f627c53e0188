"""The page's "Ground it in your account" step, with AppTest: upload the moto-made account's
credential report and task definitions, see the counts, accept the scenario into the what-if."""

from __future__ import annotations

import json

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.pages import PAGE, shown_text


def _page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["evidence_open"] = True
    return at.run()


def _upload(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    uploader = at.get("file_uploader")[0]
    for name, data, mime in files:
        uploader.upload(name, data, mime)
    return at.run()


def _frames(at: AppTest) -> list:
    return [frame.value for frame in at.dataframe]


def _page_text(at: AppTest) -> str:
    parts = [el.value for el in at.text] + [el.value for el in at.code]
    parts += [frame.to_csv() for frame in _frames(at)]
    parts += [str(el.value) for el in at.caption] + [str(el.value) for el in at.markdown]
    return "\n".join(parts)


def test_uploads_show_the_counts_and_the_accepted_scenario_moves_the_page(account):
    at = _page()
    files = [
        ("credential-report.csv", account.credential_report, "text/csv"),
        ("task-definitions.json", account.task_definitions, "application/json"),
    ]
    at = _upload(at, files)
    assert not at.exception
    lines = [el.value for el in at.text]
    assert "41 services: 18 task role, 14 keys in environment, 9 Secrets Manager" in lines
    assert "37 active keys, 22 older than 90 days, 5 unused 45+ days" in lines
    found = _frames(at)[0]
    counts = dict(zip(found["what"], found["count"], strict=True))
    assert counts["active long-lived access keys"] == 37
    assert counts["services (task-definition families)"] == 41
    sources = _frames(at)[1]
    assert dict(zip(sources["overridden"], sources["source"], strict=True))["org.access_keys"] == (
        "credential report, 2026-11-30, 37 rows"
    )
    at.button(key="evidence_accept").click().run()
    assert not at.exception
    assert at.session_state["services"] == 41
    assert at.session_state["scenario_start"].overrides.org["access_keys"] == 37
    assert any("41 services" in str(el.value) for el in at.caption)
    text = _page_text(at)
    assert "credential report, 2026-11-30, 37 rows" in text  # the what-if names its sources
    leaked = [ident for ident in account.identifiers if ident in text]
    assert not leaked


def test_a_bad_upload_is_refused_as_text_and_nothing_changes(account):
    at = _page()
    at = _upload(at, [("report.csv", b"user,arn\n=HYPERLINK(1),x\n", "text/csv")])
    assert not at.exception
    assert any("row 1: missing column" in el.value for el in at.code)
    assert at.session_state["scenario_start"].is_empty
    assert not at.get("button") or all(b.key != "evidence_accept" for b in at.button)
    assert np.isfinite(at.session_state["services"])
    json.dumps([el.value for el in at.code])  # plain text


def test_the_open_editor_names_the_source_beside_each_imported_edit(account):
    at = _page()
    at = _upload(at, [("credential-report.csv", account.credential_report, "text/csv")])
    at.button(key="evidence_accept").click().run()
    at.session_state["whatif_open"] = True
    at.run()
    assert not at.exception
    edits = shown_text("\n".join(str(el.value) for el in at.markdown))  # as a viewer reads it
    assert "org.access_keys: 1 → 37 (from the credential report, 2026-11-30, 37 rows)" in edits
