"""Learning workshops on the participant page (/p/CODE, plain form posts): endorse a recommendation and name who
should be responsible; the workshop's outcome takes the participants' own words."""

from __future__ import annotations

import re

import httpx


def test_participant_names_who_should_be_responsible_and_the_outcome_records_it(project_path):
    from atlas_qual.server import VoilaProcess
    from atlas_qual.store import open_project
    from atlas_qual.store.cycle import add_recommendation, create_learning_workshop, list_recommendations, \
        record_learning_outcome
    from atlas_qual.store.workshop import close_round, open_round

    project = open_project(project_path)
    server = None
    try:
        add_recommendation(project, "CR", "Difundir las líneas 147 y 137 en las radios comunitarias en guaraní")
        add_recommendation(project, "CR", "Capacitar a las CODENI en la ruta de derivación")
        created = create_learning_workshop(project, "CR")
        open_round(project, created.code, created.key, 1)
        server = VoilaProcess(project_path, pool_size=0)
        path = f"{server.base}/p/{created.code}"
        for nickname, who in (("consejera_sp", "MINNA"), ("fiscal_central", "MINNA"), ("radio_boq", "CODENI")):
            with httpx.Client() as phone:
                csrf = re.search(r'name="_csrf" value="([^"]+)"', phone.get(path).text).group(1)
                phone.post(path + "/join", data={"_csrf": csrf, "nickname": nickname})
                page = phone.get(path).text
                assert 'id="responsible" hidden' in page  # asked only after a "yes"
                item = re.search(r'name="item" value="([^"]+)"', page).group(1)
                phone.post(path + "/vote", data={"_csrf": csrf, "item": item, "vote": "endorse:yes"})
                assert 'id="responsible" hidden' not in phone.get(path).text
                saved = phone.post(path + "/vote", data={"_csrf": csrf, "item": item, "vote": "endorse:yes",
                                                          "responsible": "1", "resp": who}, follow_redirects=True)
                assert "Guardado" in saved.text and f'value="{who}"' in saved.text
        close_round(project, created.code, created.key, 1)
        record_learning_outcome(project, created.code, created.key, course_of_action="Piloto con radios")
        first = next(r for r in list_recommendations(project, "CR") if r.text.startswith("Difundir"))
        assert first.status == "endorsed"
        assert first.responsible == "MINNA"  # the most proposed, from the participants' own words
    finally:
        if server is not None:
            server.stop()
        project.dispose()
