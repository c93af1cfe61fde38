"""A case's attributes as people type them: DMOP, territory and institution ids from names (accents, case and spacing
ignored), and the interview modes. Used by the file and REFI-QDA imports, search and agreement filters."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.models import Dmop, Institution, Territory
from atlas_qual.text import fold_input

fold = fold_input  # what people type: accents, case and spacing ignored

MODES = {"in_person": "in_person", "presencial": "in_person", "in person": "in_person", "phone": "phone",
         "telefonica": "phone", "telefono": "phone", "telephone": "phone", "online": "online", "en linea": "online",
         "virtual": "online"}


class CaseResolver:
    """Turns what people type (ids, names, accents or not) into reference ids, or says what is accepted."""

    def __init__(self, s: Session) -> None:
        self.dmops = {fold(d.id): d.id for d in s.scalars(select(Dmop))}
        self.territories: dict[str, str] = {}
        self.territory_names: dict[str, str] = {}  # id -> the name people know it by (never the raw key)
        for t in s.scalars(select(Territory)):
            self.territory_names[t.id] = t.name
            for alias in (t.id, t.name, t.name_en, t.id.replace("_", " ")):
                self.territories[fold(alias)] = t.id
        self.territories[fold("Asunción")] = "asuncion_central"
        self.territories[fold("Central")] = "asuncion_central"
        self.institutions = {fold(i.id): i.id for i in s.scalars(select(Institution))}

    def dmop(self, value: str | None) -> str | None:
        if not value:
            return None
        found = self.dmops.get(fold(value))
        if not found:
            raise AtlasQualError("unknown_dmop", dmop=value, known=", ".join(sorted(self.dmops.values())))
        return found

    def territory(self, value: str | None) -> str | None:
        if not value:
            return None
        found = self.territories.get(fold(value))
        if not found:
            from atlas_qual.i18n import has, label

            # joined by commas, not "y": "Asunción y Central" is one territory
            names = sorted((label("territory", tid) if has(f"territory_{tid}") else name
                            for tid, name in self.territory_names.items()), key=fold)
            raise AtlasQualError("unknown_territory", territory=value, known=", ".join(names))
        return found

    def institution(self, value: str | None) -> str | None:
        if not value:
            return None
        found = self.institutions.get(fold(value))
        if not found:
            raise AtlasQualError("unknown_institution", institution=value,
                                 known=", ".join(sorted(self.institutions.values())))
        return found


def resolve_dmop(s, dmop: str) -> Dmop:
    """A DMOP by id, case and accents ignored, or an error listing the DMOPs there are."""
    for row in s.scalars(select(Dmop)):
        if fold(row.id) == fold(dmop or ""):
            return row
    known = ", ".join(s.scalars(select(Dmop.id).order_by(Dmop.id)))
    raise AtlasQualError("unknown_dmop", dmop=dmop, known=known)


def resolve_territory(s, territory: str | None) -> Territory | None:
    """A territory by id, Spanish or English name, accents and case ignored (None for none)."""
    if not territory:
        return None
    rows = list(s.scalars(select(Territory)))
    for row in rows:
        if fold(territory) in {fold(row.id), fold(row.name), fold(row.name_en), fold(row.id.replace("_", " "))}:
            return row
    # the names people know them by, never the raw keys
    known = ", ".join(sorted((r.name for r in rows), key=fold))
    raise AtlasQualError("unknown_territory", territory=territory, known=known)
