"""Static images: PNG at slide size, SVG that parses, one browser shared safely between threads,
and an immediate one-line answer where there is no browser."""

from __future__ import annotations

import io
import itertools
import os
import re
import time
import xml.etree.ElementTree as ET
import zipfile
from concurrent.futures import ThreadPoolExecutor

import plotly.graph_objects as go
import pytest
from PIL import Image

from accesscost.export import images
from accesscost.export.context import image_figures

pytest_plugins = ("tests.export_fixtures",)


def small_figure(title: str) -> go.Figure:
    return go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout=dict(title=title))


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


def svg_root(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag.endswith("svg")
    return root


# --- with a browser -------------------------------------------------------------------------


def test_png_is_slide_size_and_svg_parses(chromium):
    png, svg = images.figure_images(small_figure("Slide size"))
    assert png_size(png) == (1920, 1080)
    root = svg_root(svg)
    assert (root.get("width"), root.get("height")) == ("1920", "1080")
    assert root.get("viewBox") == "0 0 960 540"  # laid out at 960 x 540, drawn twice as large
    assert b"Slide size" in svg


def test_scale_multiplies_the_pixels(chromium):
    png = images.figure_image(small_figure("Scaled"), "png", 800, 450, scale=2)
    assert png_size(png) == (1600, 900)


def test_a_finops_figure_renders_at_slide_size_despite_its_own_height(chromium, export_context):

    fig = export_context.figures["annual-cost-by-category"]
    assert (fig.layout.height or fig.layout.template.layout.height) == 620
    png, svg = images.figure_images(fig)
    assert png_size(png) == (1920, 1080)
    assert b"Annual cost by category" in svg


def test_concurrent_calls_each_get_their_own_image(chromium):
    jobs = [(f"Figure number {k}", 640 + 16 * k, 360 + 8 * k) for k in range(6)]

    def render(job):
        title, width, height = job
        return images.figure_images(small_figure(title), width, height, scale=1)

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(render, jobs))
    for (title, width, height), (png, svg) in zip(jobs, results, strict=True):
        assert png_size(png) == (width, height)
        assert title.encode() in svg
        others = [t for t, _, _ in jobs if t != title]
        assert not any(other.encode() in svg for other in others)


def test_images_zip_holds_png_and_svg_of_each_figure(chromium):
    figures = {"First chart": small_figure("one"), "second": small_figure("two")}
    with zipfile.ZipFile(io.BytesIO(images.images_zip(figures, 800, 450, scale=1.2))) as archive:
        assert sorted(archive.namelist()) == [
            "first-chart.png",
            "first-chart.svg",
            "second.png",
            "second.svg",
        ]
        assert png_size(archive.read("second.png")) == (960, 540)
        svg_root(archive.read("first-chart.svg"))


def test_the_images_zip_holds_every_chart_and_every_blueprint(chromium, export_context):
    # what the page's "Chart images" button and cli.py export hold (issue 19)
    data = images.images_zip(image_figures(export_context))
    stems = [*export_context.figures, *(f"blueprint-{pid}" for pid in export_context.blueprints)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == sorted(
            f"{s}.{e}" for s in stems for e in ("png", "svg")
        )
        for pid in export_context.blueprints:
            assert png_size(archive.read(f"blueprint-{pid}.png")) == (1920, 1080)
            assert b"Blueprint:" in archive.read(f"blueprint-{pid}.svg")


SLIDE_WIDTH_PT = 13.333 * 72  # a 16:9 slide


def text_points(root: ET.Element) -> list[tuple[str, float]]:
    """Each text of an SVG with its size in points where the image fills a slide's width."""
    view_width = float(root.get("viewBox").split()[2])
    points_a_unit = SLIDE_WIDTH_PT / view_width
    sizes = []
    for element in root.iter():
        size = re.search(r"font-size:\s*([\d.]+)px", element.get("style") or "")
        if element.tag.endswith("text") and size:
            scaled = re.search(r"scale\(([\d.]+)", element.get("transform") or "")
            factor = float(scaled[1]) if scaled else 1.0
            sizes.append(("".join(element.itertext()), float(size[1]) * factor * points_a_unit))
    return sizes


def test_every_exported_image_has_slide_size_type(chromium, export_context):
    # 14 pt at least where the 1920-px image fills a 13.333-inch slide: ticks, legend, titles,
    # annotations and labels alike
    for name, fig in image_figures(export_context).items():
        texts = text_points(svg_root(images.figure_image(fig, "svg")))
        assert texts, name
        small = sorted({(round(size, 1), text) for text, size in texts if size < 13.95})
        assert not small, f"{name}: {small[:6]}"


def tick_rows(root: ET.Element) -> list[tuple[float, int, float]]:
    """Each y-axis tick label of an SVG as (its place down the image, its lines, its size)."""
    rows = []
    for group in root.iter():
        if group.get("class") != "ytick":
            continue
        for text in (e for e in group.iter() if e.tag.endswith("text")):
            down = sum(
                map(float, re.findall(r"translate\([^,]+,([-\d.]+)\)", text.get("transform") or ""))
            )
            lines = max(1, sum(1 for e in text.iter() if e.tag.endswith("tspan")))
            size = float(re.search(r"font-size:\s*([\d.]+)px", text.get("style"))[1])
            rows.append((down, lines, size))
    return sorted(rows)


def test_no_exported_chart_draws_its_y_labels_over_each_other(chromium, export_context):
    # the tornado's twelve two-line labels were drawn over each other at the slide layout
    for name, fig in export_context.figures.items():
        rows = tick_rows(svg_root(images.figure_image(fig, "svg")))
        for (above, lines, size), (below, more, _) in itertools.pairwise(rows):
            room = (lines + more) / 2 * size  # half of each label on either side of its tick
            assert below - above >= room, f"{name}: labels {above:.0f} and {below:.0f} overlap"


def test_the_server_starts_once_then_each_image_is_quick(chromium):
    images.figure_images(small_figure("warm"))  # the server may already run: make sure
    started = time.perf_counter()
    images.figure_images(small_figure("timed"))
    assert time.perf_counter() - started < 5


def test_an_unknown_format_is_refused_and_the_server_keeps_working(chromium):
    with pytest.raises(ValueError, match="image_format"):
        images.figure_image(small_figure("x"), "gif", 100, 100)
    png, _ = images.figure_images(small_figure("still works"), 320, 180, scale=1)
    assert png_size(png) == (320, 180)


# --- without a browser ----------------------------------------------------------------------


def test_a_missing_browser_path_is_no_browser(no_browser):
    assert images.browser_available() is None


@pytest.mark.parametrize("kind", ["directory", "not executable"])
def test_a_browser_path_that_cannot_run_is_no_browser(monkeypatch, tmp_path, kind):
    path = tmp_path / "chromium"
    if kind == "directory":
        path.mkdir()
    else:
        path.write_text("#!/bin/sh\n")
        os.chmod(path, 0o644)
    monkeypatch.setenv("BROWSER_PATH", str(path))
    assert images.browser_available() is None


def test_without_a_browser_export_answers_at_once_with_one_line(no_browser):
    started = time.perf_counter()
    with pytest.raises(images.ImageExportError) as raised:
        images.figure_images(small_figure("never rendered"))
    with pytest.raises(images.ImageExportError):
        images.images_zip({"a": small_figure("a")})
    assert time.perf_counter() - started < 1
    assert str(raised.value) == images.NO_BROWSER_MESSAGE


def test_a_browser_that_dies_at_start_is_an_error_not_a_hang(chromium, monkeypatch, tmp_path):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    os.chmod(broken, 0o755)
    monkeypatch.setenv("BROWSER_PATH", str(broken))
    started = time.perf_counter()
    with pytest.raises(images.ImageExportError, match="Chromium failed to start"):
        images.figure_images(small_figure("never"))
    assert time.perf_counter() - started < images.START_TIMEOUT_S
    monkeypatch.setenv("BROWSER_PATH", chromium)
    png, _ = images.figure_images(small_figure("back"), 320, 180, scale=1)
    assert png_size(png) == (320, 180)


def test_the_no_browser_message_is_one_clear_line():
    message = images.NO_BROWSER_MESSAGE
    assert "\n" not in message
    assert "Chromium" in message and "apt-get install chromium" in message
    assert "deck" in message and "CSV" in message


# --- the page's toolbar ---------------------------------------------------------------------


def test_toolbar_downloads_a_slide_size_png_with_the_given_name():
    config = images.toolbar_config("Annual cost vs services (50)")
    assert config == {
        "displaylogo": False,
        "modeBarButtons": [["toImage"]],  # one tab stop a chart, not eight
        "toImageButtonOptions": {
            "format": "png",
            "filename": "annual-cost-vs-services-50",
            "width": 960,
            "height": 540,
            "scale": 2,
        },
    }
    options = config["toImageButtonOptions"]
    assert (options["width"] * options["scale"], options["height"] * options["scale"]) == (
        1920,
        1080,
    )


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("savings", "savings"),
        ("Cost / Risk: A→B", "cost-risk-a-b"),
        ("../../etc/passwd", "etc-passwd"),
        ("", "chart"),
        ("x" * 200, "x" * 80),
    ],
)
def test_file_stems_are_safe(name, stem):
    assert images.file_stem(name) == stem
