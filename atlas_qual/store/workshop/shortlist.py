"""The shortlist, DMOPs-C and workgroup members of a workshop session in the store."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping, Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.gaps import RowError, RowErrors, fold, read_table
from atlas_qual.store.models import (
    WORKGROUP_ROLES,
    Dmop,
    Institution,
    ShortlistEntry,
    WorkgroupMember,
    WorkshopSession,
)
from atlas_qual.store.workshop.common import (
    _clean_text,
    _facilitator_write,
    _find_item,
    _lookup_session,
    _resolve_institution,
    _scoring_items,
)


ROLE_ALIASES = {
    "champion": "champion", "campeon": "champion", "campeona": "champion", "referente": "champion",
    "technical_expert": "technical_expert", "technical expert": "technical_expert", "expert": "technical_expert",
    "experto tecnico": "technical_expert", "experta tecnica": "technical_expert", "experto": "technical_expert",
    "experta": "technical_expert", "tecnico": "technical_expert", "tecnica": "technical_expert",
    "atlas_team": "atlas_team", "atlas team": "atlas_team", "atlas": "atlas_team", "equipo atlas": "atlas_team",
    "equipo_atlas": "atlas_team",
}


def _new_dmop_id(s: Session, name: str) -> str:
    words = [w for w in re.findall(r"[^\W\d_]+", fold(name)) if len(w) > 2] or ["DMOP"]
    stem = "".join(w[0] for w in words).upper()[:8] or "DMOP"
    existing = {d.upper() for d in s.scalars(select(Dmop.id))}
    candidate, n = stem, 2
    while candidate in existing:
        candidate = f"{stem}{n}"
        n += 1
    return candidate


def set_shortlist(project: Project, code: str, key: str | None,
                  entries: Sequence[Mapping[str, Any]]) -> list[dict]:
    """Replace the shortlist: ``[{"item": ref, "dmop": existing DMOP id or None, "new_dmop_name": "", "note": ""}]``
    best first. Items must be among the scored (qualifying) items. A ``new_dmop_name`` without ``dmop`` creates a
    DMOP-C in development (id from the name's initials, or ``new_dmop_id``) so workgroups can be attached.
    Returns the stored entries."""

    def _do(s: Session, ws: WorkshopSession) -> list[dict]:
        scoring = _scoring_items(ws)
        if scoring is None:
            raise AtlasQualError("wsapp_shortlist_needs_scoring")
        allowed = {r.casefold() for r in scoring}
        dmops = {d.id.upper(): d for d in s.scalars(select(Dmop))}
        s.execute(delete(ShortlistEntry).where(ShortlistEntry.session_id == ws.id))
        stored, seen = [], set()
        for rank, entry in enumerate(entries, start=1):
            ref = str(entry.get("item") or entry.get("gap") or entry.get("id") or "").strip()
            item = _find_item(s, ws, ref)
            if item.ref.casefold() not in allowed:
                raise AtlasQualError("wsapp_item_not_scored", item=item.ref)
            if item.ref in seen:
                raise AtlasQualError("wsapp_item_exists", ref=item.ref)
            seen.add(item.ref)
            dmop_id = None
            new_name = _clean_text(entry.get("new_dmop_name"))
            wanted = str(entry.get("dmop") or "").strip()
            if wanted:
                found = dmops.get(wanted.upper())
                if found is None:
                    raise AtlasQualError("unknown_dmop", dmop=wanted, known=", ".join(sorted(dmops)))
                dmop_id = found.id
            elif new_name:
                existing = next((d for d in dmops.values() if fold(d.name_es) == fold(new_name)
                                 or fold(d.name_en) == fold(new_name)), None)
                if existing is not None:
                    dmop_id = existing.id
                else:
                    new_id = str(entry.get("new_dmop_id") or "").strip().upper() or _new_dmop_id(s, new_name)
                    if new_id in dmops:
                        raise AtlasQualError("wsapp_dmop_id_taken", dmop=new_id)
                    dmop = Dmop(id=new_id[:20], name_es=new_name, name_en=new_name, type="DMOP-C",
                                phase="development")
                    s.add(dmop)
                    s.flush()
                    dmops[dmop.id.upper()] = dmop
                    dmop_id = dmop.id
            s.add(ShortlistEntry(session_id=ws.id, item_id=item.id, rank=rank, dmop_id=dmop_id,
                                 new_dmop_name=new_name, note=str(entry.get("note") or "")))
            stored.append({"id": item.ref, "rank": rank, "dmop": dmop_id, "new_dmop_name": new_name})
        return stored

    return _facilitator_write(project, code, key, _do)


def _role(value: str) -> str:
    found = ROLE_ALIASES.get(fold(value).replace("-", " ")) or ROLE_ALIASES.get(fold(value))
    if found is None:
        raise AtlasQualError("wsapp_bad_role", role=value, known=", ".join(WORKGROUP_ROLES))
    return found


def _dmop_id(s: Session, value: str) -> str:
    wanted = str(value or "").strip()
    ids = list(s.scalars(select(Dmop.id).order_by(Dmop.id)))
    for d in ids:
        if d.upper() == wanted.upper():
            return d
    raise AtlasQualError("unknown_dmop", dmop=wanted, known=", ".join(ids))


def add_workgroup_member(project: Project, code: str, key: str | None, dmop: str, name: str,
                         institution: str | None, role: str) -> int:
    """Add a workgroup member to a DMOP (role: champion, technical_expert, atlas_team; Spanish names accepted).
    Returns the member id."""
    clean = _clean_text(name, 200)
    if not clean:
        raise AtlasQualError("wsapp_member_name_required")
    role_id = _role(role)

    def _do(s: Session, ws: WorkshopSession) -> int:
        member = WorkgroupMember(dmop_id=_dmop_id(s, dmop), session_id=ws.id, name=clean,
                                 institution_id=_resolve_institution(s, institution), role=role_id)
        s.add(member)
        s.flush()
        return member.id

    return _facilitator_write(project, code, key, _do)


def remove_workgroup_member(project: Project, code: str, key: str | None, member_id: int) -> None:
    def _do(s: Session, ws: WorkshopSession) -> None:
        member = s.get(WorkgroupMember, int(member_id))
        if member is None or member.session_id != ws.id:
            raise AtlasQualError("wsapp_unknown_member", member=member_id)
        s.delete(member)

    _facilitator_write(project, code, key, _do)


WORKGROUP_COLUMNS = {
    "dmop": "dmop", "dmop_c": "dmop", "dmop_id": "dmop", "modelo": "dmop",
    "name": "name", "nombre": "name", "member": "name", "miembro": "name", "integrante": "name",
    "institution": "institution", "institucion": "institution",
    "role": "role", "rol": "role", "funcion": "role",
}


def import_workgroups(project: Project, code: str, key: str | None, path: str | Path) -> int:
    """Add workgroup members from a table ``dmop,name,institution,role`` (all rows or none). Returns how many."""
    table = read_table(path, WORKGROUP_COLUMNS, ["dmop", "name", "role"])

    def _do(s: Session, ws: WorkshopSession) -> int:
        errors = []
        members = []
        for row_number, row in table.rows:
            try:
                clean = _clean_text(row["name"], 200)
                if not clean:
                    raise AtlasQualError("wsapp_member_name_required")
                members.append(WorkgroupMember(dmop_id=_dmop_id(s, row["dmop"]), session_id=ws.id, name=clean,
                                               institution_id=_resolve_institution(s, row.get("institution")),
                                               role=_role(row["role"])))
            except AtlasQualError as exc:
                errors.append(RowError(table.file, row_number, exc.message()))
        if errors:
            raise RowErrors(table.file, errors)
        s.add_all(members)
        return len(members)

    return _facilitator_write(project, code, key, _do)


def workgroups(project: Project, code: str, lang: str = "es") -> list[dict]:
    """The workgroup members named in a session: ``[{"id", "dmop", "dmop_name", "name", "institution",
    "institution_name", "role"}]`` by DMOP then role."""
    with project.session() as s:
        ws = _lookup_session(s, code)
        return _workgroups(s, ws, lang)


def _workgroups(s: Session, ws: WorkshopSession, lang: str) -> list[dict]:
    rows = s.execute(select(WorkgroupMember, Dmop, Institution)
                     .join(Dmop, Dmop.id == WorkgroupMember.dmop_id)
                     .outerjoin(Institution, Institution.id == WorkgroupMember.institution_id)
                     .where(WorkgroupMember.session_id == ws.id)).all()
    order = {r: i for i, r in enumerate(WORKGROUP_ROLES)}
    out = [{"id": m.id, "dmop": d.id, "dmop_name": d.name_en if lang == "en" else d.name_es, "name": m.name,
            "institution": m.institution_id, "institution_name": (i.name_en if lang == "en" else i.name_es) if i else "",
            "role": m.role} for m, d, i in rows]
    out.sort(key=lambda r: (r["dmop"], order.get(r["role"], 9), r["id"]))
    return out


def dmops(project: Project, lang: str = "es") -> list[dict]:
    """The project's DMOPs ``[{"id", "name", "type", "phase"}]`` (for pickers)."""
    with project.session() as s:
        return [{"id": d.id, "name": d.name_en if lang == "en" else d.name_es, "type": d.type, "phase": d.phase}
                for d in s.scalars(select(Dmop).order_by(Dmop.created_at, Dmop.id))]


def institutions(project: Project, lang: str = "es") -> list[dict]:
    """The reference institutions ``[{"id", "name"}]`` (for pickers)."""
    with project.session() as s:
        return [{"id": i.id, "name": i.name_en if lang == "en" else i.name_es}
                for i in s.scalars(select(Institution).order_by(Institution.id))]
