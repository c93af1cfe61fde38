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


def test_an_open_workshop_on_the_landing_page_links_to_its_participant_page():
    from atlas_qual.widgets.landing import render_landing

    info = {"project": "p.db", "transcripts": 0, "segments": 0, "codings": 0, "sessions": 2, "gaps": 0, "dmops": 0,
            "themes": 0, "codings_by_coder": {}, "dmop_list": [],
            "sessions_list": [{"code": "ABC234", "title": "Abierta", "participants": 3, "status": "open"},
                              {"code": "XYZ789", "title": "Terminada", "participants": 9, "status": "finished"}]}
    out = render_landing(info, "es", set())
    assert '<a href="../../p/ABC234">página de participantes</a>' in out and "p/XYZ789" not in out


def test_landing_widget_switches_language(project):
    from atlas_qual.widgets.landing import Landing

    w = Landing(project, lang="es")
    assert "Transcripciones" in w._body.value or "transcripciones" in w._body.value
    w.lang = "en"
    assert "transcripts" in w._body.value and w.lang == "en"


def test_landing_counts_read_in_the_readers_locale():
    from atlas_qual.widgets.landing import render_landing

    info = {"project": "p.db", "transcripts": 3, "segments": 4617, "codings": 12, "sessions": 0, "gaps": 0,
            "dmops": 0, "themes": 0, "codings_by_coder": {"ana": 1200}, "dmop_list": [], "sessions_list": []}
    assert ">4.617<" in render_landing(info, "es", set()) and "1.200" in render_landing(info, "es", set())
    assert ">4,617<" in render_landing(info, "en", set())


def test_landing_on_a_workshop_only_server_offers_only_the_facilitator(project, tmp_path, monkeypatch):
    from atlas_qual.server import workshop_only_dir
    from atlas_qual.widgets.landing import Landing

    folder = workshop_only_dir(tmp_path / "pages")
    body = Landing(project, lang="es", notebooks=folder)._body.value
    assert 'href="facilitator.ipynb?lang=es"' in body
    assert "coding.ipynb" not in body and "reports.ipynb" not in body


@pytest.mark.browser
def test_landing_page_in_chromium_shows_the_demo_counts(demo_server, page):
    info = json.loads(run_cli_process("info", "--json", "--project", demo_server.project).out)
    page.goto(demo_server.base + "/")
    page.wait_for_selector(".aq-stats")
    assert page.url.endswith("/voila/render/index.ipynb")
    stats = page.locator(".aq-stat-n").all_inner_texts()
    assert stats[:3] == [str(info["transcripts"]), str(info["segments"]), str(info["codings"])]
    body = page.inner_text(".aq-frame")
    for coder in info["coders"]:
        assert coder in body
    assert info["transcripts"] >= 12
    page.click("[data-testid=lang-en]")  # the frame's switch: the same page again, in English
    page.wait_for_selector("text=Codings by coder")
    assert page.url.endswith("index.ipynb?lang=en")
