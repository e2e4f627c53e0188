"""The look every chart shares, as one plotly template registered as the default.

Setting ``template=`` on each figure makes plotly validate and copy the whole template again (about
12 ms a figure, a quarter of the page's rerun); plotly applies the default template to a new figure
without validating it. Streamlit sets its own default ("streamlit") when its plotly module is
imported, so ``accesscost.figures.layout.slide_figure`` makes ours the default again before every
figure: the
look never depends on import order.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE = "ecs-s3-review"
FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=15, color="#1F2933")
AXIS = dict(showline=True, linecolor="#9AA5B1")
MARGIN = dict(l=90, r=20, t=100, b=70)  # t: one title line and one subtitle line


def review_template() -> go.layout.Template:
    """plotly_white, with the font, size, margins, legend and axis lines of a slide merged into
    its layout (``Template(base, layout=...)`` would replace the whole layout, automargin and grid
    colours included)."""
    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.update(
        font=FONT,
        height=620,
        # across the foot of the figure, two entries a row, each half the width so long names
        # never run into each other (at the right the legend took 40% of the width at 1280 px);
        # slide_figure puts it in a bottom margin sized for its rows
        legend=dict(
            orientation="h",
            xanchor="left",
            x=0,
            font=dict(size=14),
            entrywidth=0.5,
            entrywidthmode="fraction",
        ),
        margin=MARGIN,
        hoverlabel=dict(namelength=-1),
        xaxis=AXIS,
        yaxis=AXIS,
    )
    return template


def use_review_template() -> None:
    """Make the review template plotly's default (setting the default validates the template
    again, about 25 ms, so it is set only when something else changed it)."""
    if pio.templates.default == TEMPLATE:
        return
    if TEMPLATE not in pio.templates:
        pio.templates[TEMPLATE] = review_template()
    pio.templates.default = TEMPLATE


class FigureDraft:
    """Collects a figure's traces, shapes, annotations and layout, then builds it in one go.

    It takes the ``go.Figure`` calls a figure builder makes (``add_trace``, ``add_shape``,
    ``add_annotation``, ``update_layout``, ``update_xaxes``, ``update_yaxes``); plotly validates and
    copies the whole figure again on each of those, so a diagram of a few dozen parts took 150 ms
    to build and takes a tenth of that this way.
    """

    def __init__(self) -> None:
        self.traces: list = []
        self.layout: dict = {"shapes": [], "annotations": []}

    def add_trace(self, trace) -> None:
        self.traces.append(trace)

    def add_shape(self, shape: dict | None = None, **fields) -> None:
        self.layout["shapes"].append({**(shape or {}), **fields})

    def add_annotation(self, annotation: dict | None = None, **fields) -> None:
        self.layout["annotations"].append({**(annotation or {}), **fields})

    def update_layout(self, **fields) -> None:
        for key, value in fields.items():
            known = self.layout.get(key)
            if isinstance(known, dict) and isinstance(value, dict):
                value = {**known, **value}
            self.layout[key] = value

    def update_xaxes(self, **fields) -> None:
        self.update_layout(xaxis=fields)

    def update_yaxes(self, **fields) -> None:
        self.update_layout(yaxis=fields)

    def build(self) -> go.Figure:
        return review_figure(self.traces, self.layout)


def review_figure(traces: list, layout: dict) -> go.Figure:
    """A figure in one go, on the review template (every chart is built here)."""
    use_review_template()
    return go.Figure(data=traces, layout=layout)
