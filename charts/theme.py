"""The look every chart shares, as one plotly template registered as the default.

Setting ``template=`` on each figure makes plotly validate and copy the whole template again (about
12 ms a figure, a quarter of the page's rerun); plotly applies the default template to a new figure
without validating it. Streamlit sets its own default ("streamlit") when its plotly module is
imported, so ``charts.finops.slide_figure`` makes ours the default again before every figure: the
look never depends on import order.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE = "ecs-s3-review"
FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=15, color="#1F2933")
AXIS = dict(showline=True, linecolor="#9AA5B1")


def review_template() -> go.layout.Template:
    """plotly_white, with the font, size, margins, legend and axis lines of a slide."""
    return go.layout.Template(
        pio.templates["plotly_white"],
        layout=dict(
            font=FONT,
            height=560,
            legend=dict(yanchor="top", y=1, xanchor="left", x=1.01, font=dict(size=13)),
            margin=dict(l=90, r=20, t=90, b=70),
            hoverlabel=dict(namelength=-1),
            xaxis=AXIS,
            yaxis=AXIS,
        ),
    )


def use_review_template() -> None:
    """Make the review template plotly's default (setting the default validates the template
    again, about 25 ms, so it is set only when something else changed it)."""
    if pio.templates.default == TEMPLATE:
        return
    if TEMPLATE not in pio.templates:
        pio.templates[TEMPLATE] = review_template()
    pio.templates.default = TEMPLATE
