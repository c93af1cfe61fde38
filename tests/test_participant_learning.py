"""Learning workshops on the participant page: endorse a recommendation and name who should be responsible."""

from __future__ import annotations


def test_participant_names_who_should_be_responsible_and_the_outcome_records_it(project):
    from atlas_qual.store.cycle import add_recommendation, create_learning_workshop, list_recommendations, \
        record_learning_outcome
    from atlas_qual.store.workshop import close_round, open_round
    from atlas_qual.widgets.participant import ParticipantApp

    add_recommendation(project, "CR", "Difundir las líneas 147 y 137 en las radios comunitarias en guaraní")
    add_recommendation(project, "CR", "Capacitar a las CODENI en la ruta de derivación")
    created = create_learning_workshop(project, "CR")
    open_round(project, created.code, created.key, 1)

    people = []
    for nickname, who in (("consejera_sp", "MINNA"), ("fiscal_central", "MINNA"), ("radio_boq", "CODENI")):
        app = ParticipantApp(project, code=created.code, lang="es")
        app._nick_in.value = nickname
        app._join_btn.click()
        app._pick.value = 0
        (key, _head, toggle), = [row for row in app._rows if row[0] == "endorse"]
        assert app._resp_box.layout.display == "none"  # only after a "yes"
        toggle.value = "yes"
        assert app._resp_box.layout.display is None and app._resp_text is not None
        app._resp_text.value = who
        app._resp_box.children[-1].click()
        assert "endorse" in app._confirm.value
        people.append(app)

    close_round(project, created.code, created.key, 1)
    record_learning_outcome(project, created.code, created.key, course_of_action="Piloto con radios")
    first = next(r for r in list_recommendations(project, "CR") if r.text.startswith("Difundir"))
    assert first.status == "endorsed"
    assert first.responsible == "MINNA"  # the most proposed, from the participants' own words
