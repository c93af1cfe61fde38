"""The workshop notebooks and the learning-workshop ballot screen (the facilitator page: tests/test_facilitator_page.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from atlas_qual.store import workshop as W

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "<img src=x onerror=alert(1)>"


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def session(project, tmp_path):
    path = write_csv(tmp_path / "gaps.csv", ["id", "title", "description"],
                     [["G01", "Rutas de intervención", "Sin ruta única"], ["G02", HOSTILE, "<script>x</script>"],
                      ["G03", "Canales de denuncia", "147 y 137"]])
    return W.create_session(project, "Taller <b>prueba</b>", gaps_file=path)


class Phone:
    """A participant voting through the store functions the participant page (atlas_qual.web) calls."""

    def __init__(self, project, code, nickname):
        self.project, self.code = project, code
        self.token = W.join_session(project, code, nickname).token

    def view(self, lang="es"):
        return W.participant_view(self.project, self.code, self.token, lang)


def participant(project, code, nickname):
    return Phone(project, code, nickname)


def answer_all(phone, value_for):
    """Answer every question of every item of the open round."""
    view = phone.view()
    keys = view.config.gate_keys if view.round.kind == "gate" else view.config.criterion_keys
    for n, item in enumerate(view.items):
        for key in keys:
            value = value_for(n, key)
            W.cast_vote(phone.project, phone.code, phone.token, item.ref, key,
                        value == "yes" if value in ("yes", "no") else value)


# --------------------------------------------------------------------------------------------------------------------
# notebooks
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, cls", [("facilitator", "FacilitatorApp")])
def test_notebooks_are_thin_views(name, cls):
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    source = "\n".join(c.source for c in code)
    assert len(code) == 1 and f"{cls}.from_request()" in source
    assert "def " not in source and "class " not in source
    assert all(not c.get("outputs") for c in code)


def test_participant_url_uses_the_address_the_room_can_reach():
    from atlas_qual.widgets.facilitator import participant_base

    assert participant_base({"ATLAS_QUAL_BASE_URL": "http://10.0.0.5:8866"}) == "http://10.0.0.5:8866"
    served_everywhere = {"ATLAS_QUAL_BASE_URL": "http://0.0.0.0:8866", "SERVER_NAME": "192.168.1.20",
                         "SERVER_PORT": "8866"}
    assert participant_base(served_everywhere) == "http://192.168.1.20:8866"
    assert participant_base({}) is None


def test_learning_session_speaks_of_recommendations(project):
    from atlas_qual.web.ballot import screen

    created = W.create_session(project, "Aprendizaje", kind="learning",
                               items=[{"ref": "R1", "title": "Capacitar a las CODENI"}])
    W.open_round(project, created.code, created.key, 1)
    phone = participant(project, created.code, "Rosa")
    shown = screen(phone.view(), 0, "es")
    assert [q.key for q in shown.questions] == ["endorse"]
    assert shown.item_label == "Recomendación 1 de 1" and "recomendaci" in shown.hint
    assert shown.actions is None and shown.responsible == ""
    W.cast_vote(project, created.code, phone.token, "R1", "endorse", True)
    assert W.results(project, created.code)["gaps"][0]["yes_share"]["endorse"] == 1.0
