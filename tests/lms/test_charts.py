"""The SVG charts: valid SVG, accessible, bars proportional to values, labels present, right
to left for Arabic readers."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils.translation import override
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.charts import Series, bar_chart, line_chart, nice_ceiling

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def test_a_bar_chart_is_valid_accessible_svg_with_its_labels():
    with override("en"):
        svg = bar_chart(
            title="Hours by season", labels=["1446 AH", "1447 AH"], values=[Decimal("10"), 25]
        )
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Hours by season"
    assert root.get("aria-labelledby").split()[0] == title.get("id")
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "1446 AH" in texts and "1447 AH" in texts
    assert "25" in texts and "10" in texts


def _bars(svg: str) -> list[ET.Element]:
    return [r for r in _parse(svg).iter(f"{SVG}rect") if r.get("class") == "chart-bar"]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
        min_size=1,
        max_size=12,
    )
)
def test_bars_are_proportional_to_their_values(values):
    bars = _bars(bar_chart(title="t", labels=[str(i) for i in range(len(values))], values=values))
    assert len(bars) == len(values)
    top = max(values)
    heights = [float(bar.get("height")) for bar in bars]
    if top == 0:
        assert all(height == 0 for height in heights)
        return
    tallest = heights[values.index(top)]
    for value, height in zip(values, heights, strict=True):
        assert abs(height - tallest * float(value / top)) <= 0.15


def test_arabic_charts_read_from_the_right():
    labels, values = ["الأول", "الثاني"], [1, 2]
    with override("en"):
        ltr = _bars(bar_chart(title="t", labels=labels, values=values))
    with override("ar"):
        svg = bar_chart(title="ساعات التطوع", labels=labels, values=values)
    rtl = _bars(svg)
    assert float(ltr[0].get("x")) < float(ltr[1].get("x"))
    assert float(rtl[0].get("x")) > float(rtl[1].get("x"))
    assert _parse(svg).get("direction") == "rtl"
    assert "الأول" in svg


def test_numbers_are_written_for_the_reader():
    with override("en"):
        svg = bar_chart(title="t", labels=["a"], values=[Decimal("1250.50")])
    assert "1,250.5" in [t.text for t in _parse(svg).iter(f"{SVG}text")]


def test_text_is_escaped():
    svg = bar_chart(title="<script>", labels=["a & b"], values=[1])
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == "<script>"
    assert "<script>" not in svg


def test_a_line_chart_draws_each_series_through_its_points_with_a_legend():
    with override("en"):
        svg = line_chart(
            title="Hours by category",
            labels=["1445", "1446", "1447"],
            series=[Series("Guidance", [10, 20, 40]), Series("First aid", [5, 0, 10])],
        )
    root = _parse(svg)
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-series"]
    assert [g.get("data-series") for g in groups] == ["Guidance", "First aid"]
    for group in groups:
        assert len(group.findall(f"{SVG}circle")) == 3
        assert len(group.find(f"{SVG}polyline").get("points").split()) == 3
    ys = [float(c.get("cy")) for c in groups[0].findall(f"{SVG}circle")]
    assert ys[0] > ys[1] > ys[2]  # higher values are drawn higher
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Guidance" in texts and "First aid" in texts and "1446" in texts


def test_the_value_axis_ends_at_a_round_number():
    assert nice_ceiling(Decimal(0)) == 1
    assert nice_ceiling(Decimal(7)) == 10
    assert nice_ceiling(Decimal(130)) == 200
    assert nice_ceiling(Decimal(2400)) == 2500
    assert nice_ceiling(Decimal("0.3")) == Decimal("0.5")
