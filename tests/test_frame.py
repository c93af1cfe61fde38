"""The shared page frame: one header with the apps and the language switch, one status area, one stylesheet."""

from __future__ import annotations

import ipywidgets as widgets
import pytest


def test_frame_header_links_home_and_every_served_app_and_marks_the_current_one():
    from atlas_qual.widgets.frame import frame

    page = frame("coding", widgets.HTML("body"), lang="es", apps=("landing", "coding", "themes"))
    header = page.header.value
    assert 'href="index.ipynb?lang=es"' in header and 'data-testid="home-link"' in header
    assert '<a href="themes.ipynb?lang=es" data-app="themes">Temas</a>' in header
    assert 'aria-current="page" data-app="coding">Codificación</a>' in header
    assert "<h1" in header and "Codificación" in header
    assert page.children[-1] is page.body


def test_language_switch_keeps_the_query_string_and_names_each_language_in_itself():
    from atlas_qual.widgets.frame import frame

    page = frame("coding", widgets.HTML(), lang="en", params={"transcript": "3", "coder": "ana", "lang": "en"},
                 apps=("landing",))
    header = page.header.value
    assert 'href="coding.ipynb?transcript=3&amp;coder=ana&amp;lang=es"' in header
    assert '<span lang="en" aria-current="true">English</span>' in header and ">Español</a>" in header
    assert ">Home</a>" in header  # the rest of the header in the page's language


def test_query_string_text_cannot_break_out_of_the_header():
    from atlas_qual.widgets.frame import frame

    header = frame("bok", widgets.HTML(), params={"gap": '"><script>alert(1)</script>'}, apps=()).header.value
    assert "<script>" not in header and "%3Cscript%3E" in header


def test_workshop_only_server_links_only_the_landing_and_facilitator_pages(tmp_path, monkeypatch):
    from atlas_qual.server import notebooks_dir, workshop_only_dir
    from atlas_qual.widgets.frame import available_apps

    assert {"landing", "facilitator", "coding", "reports", "register"} <= set(available_apps(notebooks_dir()))
    assert "participant" not in available_apps(notebooks_dir())  # a plain web page at /p/CODE, needs a code
    assert available_apps(workshop_only_dir(tmp_path / "pages")) == ("landing", "facilitator")
    monkeypatch.setenv("ATLAS_QUAL_WORKSHOP_ONLY", "1")
    assert available_apps(notebooks_dir()) == ("landing", "facilitator")


def test_status_area_shows_errors_progress_and_messages_escaped():
    from atlas_qual.widgets.frame import frame

    page = frame("reports", widgets.HTML(), lang="es", apps=())
    page.show_error("Falta el archivo <b>x.csv</b>")
    assert 'role="alert"' in page.status.value and "&lt;b&gt;x.csv" in page.status.value
    page.show_progress(2, 5, "Informe")
    assert "Informe: 2 de 5" in page.status.value and 'aria-valuenow="2"' in page.status.value
    page.show_status("Guardado", tone="ok")
    assert 'role="status"' in page.status.value and "aq-ok" in page.status.value
    page.clear_status()
    assert page.status.value == ""


def test_frame_adds_two_widgets_and_one_stylesheet():
    from atlas_qual.widgets.frame import frame

    body = widgets.HTML()
    page = frame("register", body, apps=())
    assert page.children == (page.header, page.status, body)
    css = page.header.value
    assert css.count("<style>") == 1
    for rule in ("@media print", "focus-visible", "text-overflow: clip", ".aq-num", "flex-wrap: wrap"):
        assert rule in css


def test_unknown_app_is_a_programming_error():
    from atlas_qual.widgets.frame import frame

    with pytest.raises(ValueError, match="unknown app"):
        frame("nowhere", widgets.HTML())


@pytest.mark.parametrize("module, cls, app", [("landing", "Landing", "landing"),
                                              ("register", "RegisterApp", "register"),
                                              ("bok", "BokApp", "bok"), ("cycle", "CycleApp", "cycle")])
def test_my_pages_are_served_in_the_frame(project, monkeypatch, module, cls, app):
    import importlib

    from atlas_qual.widgets import page as page_module

    monkeypatch.setattr(page_module, "project", lambda path=None: project)
    monkeypatch.setenv("QUERY_STRING", "lang=en")
    built = getattr(importlib.import_module(f"atlas_qual.widgets.{module}"), cls).from_request()
    assert built.app == app and built.lang == "en" and built.body.lang == "en"
    assert 'data-testid="lang-es"' in built.header.value
