"""Facilitator keys: OWASP-strength hashes, old hashes upgraded, a growing delay after wrong keys across processes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from atlas_qual import keys
from atlas_qual import workshop as core
from atlas_qual.errors import NotAuthorized
from atlas_qual.store import open_project
from atlas_qual.store import workshop as W
from atlas_qual.store.models import WorkshopSession, utcnow


@pytest.fixture
def session(project):
    return W.create_session(project, "Taller", items=[{"ref": "G01", "title": "Rutas"}, {"ref": "G02", "title": "Datos"}])


def stored_row(project, code):
    with project.session() as s:
        return s.execute(select(WorkshopSession.key_hash, WorkshopSession.key_failures, WorkshopSession.key_retry_at)
                         .where(WorkshopSession.code == code)).one()


def forget_this_process():
    """What another process (the CLI, a second server) knows: nothing about keys that matched here."""
    keys._REMEMBERED.clear()


def allow_next_try(project, code):
    """The wait after wrong keys is over (without sleeping through it)."""
    project.write(lambda s: s.execute(update(WorkshopSession).where(WorkshopSession.code == code)
                                      .values(key_retry_at=utcnow() - dt.timedelta(seconds=1))))


def test_new_keys_get_pbkdf2_sha256_at_owasps_600000_iterations(monkeypatch):
    monkeypatch.delenv("ATLAS_QUAL_FAST_KDF", raising=False)  # the real parameters, once
    stored = keys.hash_key("clave-del-facilitador")
    scheme, rounds, salt, digest = stored.split("$")
    assert (scheme, int(rounds)) == ("pbkdf2", 600_000) and len(bytes.fromhex(salt)) == 16 and len(digest) == 64
    assert keys.verify_key("clave-del-facilitador", stored)
    assert not keys.verify_key("clave-del-facilitadoR", stored)
    assert not keys.needs_rehash(stored)
    assert "clave-del-facilitador" not in stored


def test_the_test_suite_uses_the_cheap_count_only_when_asked(monkeypatch):
    monkeypatch.setenv("ATLAS_QUAL_FAST_KDF", "1")
    assert keys.iterations() == keys.FAST_ITERATIONS
    monkeypatch.setenv("ATLAS_QUAL_FAST_KDF", "yes")  # anything but "1" is production
    assert keys.iterations() == keys.ITERATIONS


def test_comparison_is_constant_time(monkeypatch):
    import hmac

    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    stored = keys.hash_key("k", rounds=1000)
    assert keys.verify_key("k", stored) and not keys.verify_key("j", stored)
    assert len(calls) == 2


def test_old_2000_iteration_hash_still_opens_the_session_and_is_upgraded(project, session, monkeypatch):
    legacy = core.hash_key(session.key, iterations=2000)
    project.write(lambda s: s.execute(update(WorkshopSession).where(WorkshopSession.code == session.code)
                                      .values(key_hash=legacy)))
    forget_this_process()
    monkeypatch.delenv("ATLAS_QUAL_FAST_KDF", raising=False)
    assert keys.needs_rehash(legacy)
    W.authorize(project, session.code, session.key)
    upgraded = stored_row(project, session.code).key_hash
    assert upgraded != legacy and upgraded.startswith("pbkdf2$600000$")
    forget_this_process()
    W.authorize(project, session.code, session.key)  # the upgraded hash verifies the same key
    with pytest.raises(NotAuthorized):
        W.authorize(project, session.code, session.key + "x")


def test_wrong_keys_make_the_next_tries_wait_longer_and_longer(project, session):
    code = session.code
    waits = []
    for attempt in range(1, 6):
        allow_next_try(project, code)
        before = utcnow()
        with pytest.raises(NotAuthorized) as err:
            W.authorize(project, code, f"wrong-{attempt}")
        assert err.value.key == "wsapp_not_authorized"
        _hash, failures, retry_at = stored_row(project, code)
        assert failures == attempt
        waits.append(0 if retry_at is None else max(0, round((retry_at - before).total_seconds())))
    assert waits == [0, 0, 2, 4, 8]  # a typo or two cost nothing; guessing gets slower every time


def test_during_the_wait_even_the_right_key_is_refused_and_afterwards_it_resets_the_count(project, session):
    code = session.code
    for attempt in range(3):
        allow_next_try(project, code)
        with pytest.raises(NotAuthorized):
            W.authorize(project, code, "wrong")
    forget_this_process()
    with pytest.raises(NotAuthorized) as err:  # refused unseen: a guess during the wait learns nothing
        W.open_round(project, code, session.key, 1)
    assert err.value.key == "wsapp_key_wait" and "wait" in err.value.message("en")
    assert W.session_state(project, code).open_round is None
    allow_next_try(project, code)
    W.open_round(project, code, session.key, 1)
    _hash, failures, retry_at = stored_row(project, code)
    assert failures == 0 and retry_at is None


def test_the_delay_is_shared_by_another_process_on_the_same_project(project, project_path, session):
    for attempt in range(3):
        allow_next_try(project, session.code)
        with pytest.raises(NotAuthorized):
            W.authorize(project, session.code, "wrong")
    other = open_project(project_path)  # what a second server or the CLI opens
    try:
        forget_this_process()
        with pytest.raises(NotAuthorized) as err:
            W.authorize(other, session.code, session.key)
        assert err.value.key == "wsapp_key_wait"
    finally:
        other.dispose()


def test_an_open_facilitator_page_keeps_working_while_someone_guesses(project, session):
    code = session.code
    W.authorize(project, code, session.key)  # the facilitator unlocked the page in this process
    for attempt in range(4):
        allow_next_try(project, code)
        with pytest.raises(NotAuthorized):
            W.authorize(project, code, "guess")
    state = W.open_round(project, code, session.key, 1)  # not locked out of the workshop by the guesser
    assert state.status == "open"


def test_wrong_key_attempts_change_nothing_else(project, session):
    version = W.session_version(project, session.code)
    with pytest.raises(NotAuthorized):
        W.open_round(project, session.code, "wrong", 1)
    assert W.session_version(project, session.code) == version
    assert W.session_state(project, session.code).open_round is None


def test_admin_password_from_env_or_file_compared_in_constant_time(monkeypatch, tmp_path):
    monkeypatch.delenv("ATLAS_QUAL_ADMIN_PASSWORD", raising=False)
    monkeypatch.delenv("ATLAS_QUAL_ADMIN_PASSWORD_FILE", raising=False)
    assert keys.admin_password() is None and not keys.check_admin_password("")
    secret = tmp_path / "admin.txt"
    secret.write_text("sala-de-reuniones\n", encoding="utf-8")
    monkeypatch.setenv("ATLAS_QUAL_ADMIN_PASSWORD_FILE", keys.admin_password_file(str(secret)))
    assert keys.check_admin_password("sala-de-reuniones") and not keys.check_admin_password("sala")
    monkeypatch.setenv("ATLAS_QUAL_ADMIN_PASSWORD", "otra")
    assert keys.check_admin_password("otra")


def test_serve_refuses_an_empty_admin_password_file(tmp_path):
    from atlas_qual.errors import AtlasQualError

    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    for path in (empty, tmp_path / "missing.txt"):
        with pytest.raises(AtlasQualError) as err:
            keys.admin_password_file(str(path))
        assert path.name in err.value.message("en") and "first line" in err.value.message("en")


def test_serve_hands_the_admin_password_file_to_the_server(cli, project_path, tmp_path, monkeypatch):
    import subprocess

    secret = tmp_path / "admin.txt"
    secret.write_text("sala-de-reuniones\n", encoding="utf-8")
    started = {}

    class FakeServer:
        def __init__(self, argv, env=None, **_kw):
            import io

            started["env"] = env
            self.stdout = io.BytesIO(b"")  # what the server printed: nothing

        def wait(self, *a, **k):
            return 0

    monkeypatch.setattr(subprocess, "Popen", FakeServer)
    res = cli("serve", "--admin-password-file", secret, "--project", project_path)
    assert res.code == 0, res
    assert started["env"]["ATLAS_QUAL_ADMIN_PASSWORD_FILE"] == str(secret.resolve())
    assert "sala-de-reuniones" not in "".join(started["env"].values())  # the path travels, never the password
    bad = cli("serve", "--admin-password-file", tmp_path / "missing.txt", "--project", project_path, "--lang", "en")
    assert bad.code == 1 and "missing.txt" in bad.err and bad.err.count("\n") == 1


def test_a_new_facilitator_key_never_starts_with_a_dash_a_command_line_would_take_for_an_option(monkeypatch):
    import secrets

    from atlas_qual import keys

    drawn = iter(["-Zt4Qm0yP7wE2rV9uX1bN8cK3jH6gF5d", "_t4Qm0yP7wE2rV9uX1bN8cK3jH6gF5dA"])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: next(drawn))
    assert keys.new_key() == "_t4Qm0yP7wE2rV9uX1bN8cK3jH6gF5dA"
