"""Static images of plotly figures (PNG and SVG) through kaleido and the system Chromium.

One browser is kept for the life of the process: it is started on the first image (about 2-5 s),
then each image takes a fraction of a second. Kaleido's render server is not thread-safe (two
sessions exporting at once were seen to get each other's images), so every call holds one lock.

Nothing here waits forever. Without a browser kaleido's own sync server starts "fine" and its next
call hangs, so the browser is looked up first (``browser_available``) and a missing one raises
``ImageExportError`` with ``NO_BROWSER_MESSAGE`` at once; starting and rendering run on a private
event loop with time limits, and a browser that died is started afresh on the next call.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import io
import math
import os
import re
import threading
import zipfile
from collections.abc import Coroutine, Mapping
from pathlib import Path
from typing import Any, Protocol

import plotly.graph_objects as go

NO_BROWSER_MESSAGE = (
    "Image export needs Chromium (apt-get install chromium); "
    "the deck with native charts and the CSV still work."
)
SLIDE_WIDTH_PX, SLIDE_HEIGHT_PX = 1920, 1080  # pixels of every exported image
# Charts are laid out at 960 x 540, about the plot's width on the page, and drawn twice as large:
# a 1920-pixel image filling a 13.33-inch slide is 144 px an inch, so the template's 15 px text
# becomes 30 px, 15 pt on the slide (the legend's 14 px, 14 pt), readable from the back of a room.
LAYOUT_WIDTH, LAYOUT_HEIGHT = 960, 540
SLIDE_SCALE = SLIDE_WIDTH_PX / LAYOUT_WIDTH
START_TIMEOUT_S = 60.0
RENDER_TIMEOUT_S = 90.0


class ImageExportError(RuntimeError):
    """An image could not be made; the message is one line a person can act on."""


def browser_available() -> str | None:
    """The path of a Chromium kaleido can drive, or None; a file lookup, it never hangs."""
    from choreographer.browsers.chromium import Chromium

    try:
        path = Chromium.find_browser(skip_local=False)
    except (OSError, RuntimeError, ValueError):
        return None
    if not path or not Path(path).is_file() or not os.access(path, os.X_OK):
        return None
    return str(path)


class _Renderer(Protocol):
    """What is used of ``kaleido.Kaleido`` (kaleido ships no type hints)."""

    async def calc_fig(self, fig: dict, *, opts: dict) -> bytes: ...

    async def close(self) -> None: ...


async def _open_kaleido(browser: str) -> _Renderer:
    import kaleido

    renderer = kaleido.Kaleido(mathjax=False, path=browser)
    await renderer.open()
    return renderer


class _RenderServer:
    """A kaleido browser on its own event loop thread; callers hold ``_LOCK``."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._renderer: _Renderer | None = None
        self._browser: str | None = None

    def render(self, figure: dict, options: dict, browser: str) -> bytes:
        renderer = self._renderer
        if renderer is None or self._browser != browser:
            renderer = self._start(browser)
        try:
            coroutine = renderer.calc_fig(figure, opts=options)
            return self._run(coroutine, RENDER_TIMEOUT_S, "render the chart")
        except ImageExportError:
            self.stop()  # a browser that failed once is started afresh next time
            raise

    def _start(self, browser: str) -> _Renderer:
        self.stop()
        self._loop = asyncio.new_event_loop()
        thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        thread.start()
        try:
            renderer: _Renderer = self._run(_open_kaleido(browser), START_TIMEOUT_S, "start")
        except ImageExportError:
            self.stop()
            raise
        self._renderer, self._browser = renderer, browser
        return renderer

    def _run(self, coroutine: Coroutine, timeout: float, action: str) -> Any:
        if self._loop is None:  # stop() ran between _start and here; the caller starts afresh
            coroutine.close()
            raise ImageExportError(f"Chromium did not {action}: its event loop had stopped")
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise ImageExportError(f"Chromium did not {action} within {timeout:.0f} s") from None
        except Exception as error:  # kaleido and choreographer raise many kinds
            reason = error.args[0] if error.args else type(error).__name__
            raise ImageExportError(f"Chromium failed to {action}: {reason}") from error

    def stop(self) -> None:
        loop, renderer = self._loop, self._renderer
        self._loop = self._renderer = self._browser = None
        if loop is None:
            return
        if renderer is not None:
            future = asyncio.run_coroutine_threadsafe(renderer.close(), loop)
            try:
                future.result(10)
            except Exception:  # closing a broken browser may fail in any way
                future.cancel()
        loop.call_soon_threadsafe(loop.stop)


_SERVER = _RenderServer()
_LOCK = threading.Lock()


def stop_server() -> None:
    """Close the browser (it restarts on the next image); called at exit."""
    with _LOCK:
        _SERVER.stop()


atexit.register(stop_server)


def figure_image(
    fig: go.Figure,
    image_format: str,
    width: int = LAYOUT_WIDTH,
    height: int = LAYOUT_HEIGHT,
    scale: float = SLIDE_SCALE,
) -> bytes:
    """One figure as ``png`` or ``svg`` bytes: laid out at ``width`` x ``height``, drawn at
    ``scale`` (the PNG is width x scale by height x scale pixels; 1920 x 1080 by default)."""
    if image_format not in ("png", "svg"):
        raise ValueError(f"image_format must be 'png' or 'svg', got {image_format!r}")
    browser = browser_available()
    if browser is None:
        raise ImageExportError(NO_BROWSER_MESSAGE)
    width, height, scale = slide_layout(fig, width, height, scale)
    options = {"format": image_format, "width": width, "height": height, "scale": scale}
    with _LOCK:
        return _SERVER.render(fig.to_dict(), options, browser)


def slide_layout(fig: go.Figure, width: int, height: int, scale: float) -> tuple[int, int, float]:
    """The layout size and scale of an image of ``width`` x ``height`` at ``scale``: a chart
    taller than that (its height set to keep its plot, ``accesscost.figures.finops``) is laid out
    at its own height in the same shape and drawn smaller, so the image keeps its size and the
    chart keeps its plot; squeezed to 540 px, the score chart's bar labels ran into each other."""
    own = fig.layout.height
    if not own or own <= height:
        return width, height, scale
    unit = math.gcd(width, height)  # the smallest step of the same shape, in whole pixels
    steps = math.ceil(own / (height // unit))
    wide, tall = steps * (width // unit), steps * (height // unit)
    return wide, tall, scale * width / wide


def figure_images(
    fig: go.Figure,
    width: int = LAYOUT_WIDTH,
    height: int = LAYOUT_HEIGHT,
    scale: float = SLIDE_SCALE,
) -> tuple[bytes, bytes]:
    """The figure as (PNG bytes, SVG bytes), 1920 x 1080 pixels by default."""
    return (
        figure_image(fig, "png", width, height, scale),
        figure_image(fig, "svg", width, height, scale),
    )


def images_zip(
    figures: Mapping[str, go.Figure],
    width: int = LAYOUT_WIDTH,
    height: int = LAYOUT_HEIGHT,
    scale: float = SLIDE_SCALE,
) -> bytes:
    """A zip holding ``<name>.png`` and ``<name>.svg`` for every figure, slide size by default."""
    if browser_available() is None:
        raise ImageExportError(NO_BROWSER_MESSAGE)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, fig in figures.items():
            png, svg = figure_images(fig, width, height, scale)
            archive.writestr(f"{file_stem(name)}.png", png)
            archive.writestr(f"{file_stem(name)}.svg", svg)
    return buffer.getvalue()


def file_stem(name: str) -> str:
    """A safe file name stem: lower case letters, digits and dashes."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return stem[:80] or "chart"


def toolbar_config(filename: str) -> dict:
    """``config=`` for ``st.plotly_chart``: the camera button saves a 1920 x 1080 PNG named
    ``<filename>.png``, laid out like the exported images."""
    return {
        "displaylogo": False,
        # only the camera: plotly's 8 buttons a chart were 32 stops in the tab order before Export
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {
            "format": "png",
            "filename": file_stem(filename),
            "width": LAYOUT_WIDTH,
            "height": LAYOUT_HEIGHT,
            "scale": SLIDE_SCALE,
        },
    }
