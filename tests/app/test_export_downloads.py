"""The Export section's downloads, as a click makes them: each (made only when asked) is the file
its label names, built from the page's export context."""

from __future__ import annotations

import csv
import io
import zipfile

import yaml
from pptx import Presentation

from accesscost.app.export import DOWNLOADS, _made_on_click

pytest_plugins = ("tests.export_fixtures",)


def test_each_download_makes_the_file_its_label_names(export_context, deck):
    made = {suffix: _made_on_click(target, lambda: export_context)() for _, target, suffix, _
            in DOWNLOADS}  # fmt: skip
    slides = Presentation(io.BytesIO(made[".pptx"])).slides
    assert len(slides) == len(deck.slides)  # the deck the export tests read (its zip is re-dated)
    for suffix in (".xlsx", ".pptx"):  # Office files are zips
        assert zipfile.ZipFile(io.BytesIO(made[suffix])).namelist()
    for suffix in ("-matrix.csv", "-figures.csv"):
        rows = list(csv.DictReader(io.StringIO(made[suffix])))
        assert {row["id"] for row in rows} >= set(export_context.shown)
    assert set(yaml.safe_load(made["-assumptions.yaml"])) >= {"org", "patterns"}
