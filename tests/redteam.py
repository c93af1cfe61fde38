"""What the redaction red-team files (tests/test_redaction_field10.py onwards) share: a list of texts of one genre
each, with what must be hidden and what must stay, and the test that runs every text through the redactor with and
without the project's names list.

A red-team file builds its texts with :class:`Cases` and takes the genre test from :func:`genre_test`; its module
gives the ``listed`` fixture (a :class:`~atlas_qual.redaction.Redactor` over its names list)::

    CASES = Cases()
    _case = CASES.add
    _case("parte_policial", "...", hide=["AAPK 123"], names=["Godoy"], keep=["POLICÍA NACIONAL"])
    test_each_genre_hides_its_identifiers_and_keeps_every_trap = genre_test(CASES)
"""

from __future__ import annotations

import pytest

from atlas_qual.redaction import redact

__all__ = ["Cases", "genre_test"]


class Cases(list):
    """(genre, text, hide, names, keep) for each text: ``hide`` must be gone with and without the names list,
    ``names`` with it only, and every string in ``keep`` (trap phrases) must stay word for word."""

    def add(self, name: str, text: str, hide=(), names=(), keep=()) -> None:
        self.append((name, text, list(hide), list(names), list(keep)))

    def text(self, genre: str) -> str:
        return next(c[1] for c in self if c[0] == genre)


def genre_test(cases: Cases):
    """The test of each genre in ``cases``, with the names list (the module's ``listed`` fixture) and without it."""

    @pytest.mark.parametrize("genre", [c[0] for c in cases])
    @pytest.mark.parametrize("with_names", [False, True], ids=["no-names", "names"])
    def test_each_genre_hides_its_identifiers_and_keeps_every_trap(genre, with_names, listed):
        _, text, hide, names, keep = next(c for c in cases if c[0] == genre)
        out = listed.redact(text) if with_names else redact(text)
        assert [s for s in hide if s in out] == []
        assert [s for s in keep if s not in out] == []
        if with_names:
            assert [s for s in names if s in out] == []

    return test_each_genre_hides_its_identifiers_and_keeps_every_trap
