"""Numbers on charts are written in the reader's locale: a Spanish page or report reads "0,78" and "1,5", never
"0.78" (pages: inline SVG; Word reports: matplotlib PNGs, whose drawn texts are read off the figure)."""

from __future__ import annotations

import re

import pytest

from atlas_qual import html as H
from atlas_qual.reports import charts


def svg_texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_a_spanish_page_chart_writes_values_and_axis_with_a_decimal_comma():
    svg = H.bar_chart([("Evaluación/Fortalezas", 0.67), ("Evaluación/Debilidades", 0.825)], max_value=1.0,
                      lang="es", title="Alfa de Krippendorff por código")
    texts = svg_texts(svg)
    assert "0,67" in texts and ("0,82" in texts or "0,83" in texts)
    assert "0,2" in texts  # an axis tick
    assert not any(re.fullmatch(r"\d+\.\d+", x) for x in texts), texts


def test_an_english_page_chart_keeps_the_decimal_point():
    texts = svg_texts(H.bar_chart([("Strengths", 0.67)], max_value=1.0, lang="en"))
    assert "0.67" in texts and "0.2" in texts


def test_the_projected_ranking_writes_scores_with_two_decimals_in_spanish():
    texts = svg_texts(H.ranked_bar_chart([("1. G01 Inspectores", 4.2, 3.8, 4.6, True)], lang="es"))
    assert "4,20" in texts and "4.20" not in texts


def test_a_read_chart_is_sized_for_reading_and_a_projected_one_fills_its_column():
    read = H.bar_chart([("MTESS", 12)])
    projected = H.ranked_bar_chart([("G01", 4.2, 3.8, 4.6, False)])
    assert 'width="373"' in read and "aq-chart-fill" not in read  # 640 units at 14 px labels
    assert 'width="100%"' in projected and "aq-chart-fill" in projected


@pytest.fixture
def drawn(monkeypatch):
    """The figures the report charts draw, kept instead of only their PNG bytes."""
    figures = []
    real = charts._png

    def keep(fig):
        figures.append(fig)
        return real(fig)

    monkeypatch.setattr(charts, "_png", keep)
    return figures


def figure_texts(fig) -> list[str]:
    texts = []
    for ax in fig.axes:
        texts += [t.get_text() for t in ax.texts]
        texts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    return [t for t in texts if t]


def test_a_spanish_report_ranking_writes_scores_and_scale_with_a_decimal_comma(drawn):
    charts.ranking_chart(["G01. Inspectores", "G02. Registro"], [4.2, 3.15], [4, 2.5], [4.5, 3.5], lang="es")
    texts = figure_texts(drawn[0])
    assert "4,20" in texts and "3,15" in texts
    assert "1,5" in texts or "2,5" in texts  # the scale's half steps
    assert not any(re.fullmatch(r"\d+\.\d+", x) for x in texts), texts


def test_a_report_heatmap_of_counts_has_whole_numbers_on_its_scale(drawn):
    charts.heatmap(["Evaluación/Fortalezas", "Evaluación/Debilidades"], ["San Pedro", "Ñeembucú"], [[3, 0], [1, 2]],
                   legend="Segmentos", lang="es")
    fig = drawn[0]
    scale = [t.get_text() for t in fig.axes[1].get_yticklabels() if t.get_text()]
    assert scale and all(re.fullmatch(r"\d+", x) for x in scale), scale
    assert {"3", "0", "1", "2"} <= set(figure_texts(fig))


def test_a_report_chart_without_a_language_keeps_its_former_numbers(drawn):
    charts.ranking_chart(["G01"], [4.2], [4], [4.5])
    assert "4.20" in figure_texts(drawn[0])
