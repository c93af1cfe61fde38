"""The landing page: the project's real counts and links to the apps, as a widget and served by Voila in Chromium."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli_process


def test_landing_html_escapes_project_text():
    from atlas_qual.widgets.landing import render_landing

    info = {"project": "<img src=x onerror=alert(1)>", "transcripts": 3, "segments": 40, "codings": 12, "sessions": 1,
            "gaps": 18, "dmops": 3, "themes": 0, "codings_by_coder": {"<b>ana</b>": 12},
            "dmop_list": [{"id": "CR", "name_es": "Derivaciones", "name_en": "Referrals", "phase": "pilot"}],
            "sessions_list": [{"code": "ABC234", "title": "<script>x</script>", "participants": 4}]}
    out = render_landing(info, "es", {"coding.ipynb"})
    assert "<img src=x" not in out and "&lt;img src=x" in out
    assert "<script>x" not in out and "&lt;b&gt;ana&lt;/b&gt;" in out
    assert 'href="coding.ipynb?lang=es"' in out and "facilitator.ipynb" not in out
    assert ">40<" in out and "piloto" in out


def test_landing_widget_switches_language(project):
    from atlas_qual.widgets.landing import Landing

    w = Landing(project, lang="es")
    assert "Transcripciones" in w._body.value or "transcripciones" in w._body.value
    w._toggle.value = "en"
    assert "transcripts" in w._body.value and w.lang == "en"


@pytest.mark.browser
def test_landing_page_in_chromium_shows_the_demo_counts(demo_server, page):
    info = json.loads(run_cli_process("info", "--json", "--project", demo_server.project).out)
    page.goto(demo_server.base + "/")
    page.wait_for_selector(".aq-stats")
    assert page.url.endswith("/voila/render/index.ipynb")
    stats = page.locator(".aq-stat-n").all_inner_texts()
    assert stats[:3] == [str(info["transcripts"]), str(info["segments"]), str(info["codings"])]
    body = page.inner_text(".aq-page")
    for coder in info["coders"]:
        assert coder in body
    assert info["transcripts"] >= 12
    page.get_by_text("English").click()
    page.wait_for_selector("text=Codings by coder")
