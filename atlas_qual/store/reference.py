"""Reference data loaded by `init`: territories, institutions, USDOL 2018 actions, DMOPs, criteria, default codebook."""

from __future__ import annotations

import csv
import io
import uuid
from importlib import resources
from typing import Any, Iterable

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.store.db import Project
from atlas_qual.store.models import (
    Code,
    Criterion,
    Dmop,
    EnforcementFigure,
    Institution,
    Territory,
    UsdolAction,
)


def _data(name: str) -> str:
    return resources.files("atlas_qual.data").joinpath(name).read_text(encoding="utf-8")


def _csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_data(name))))


def reference_yaml() -> dict[str, Any]:
    return yaml.safe_load(_data("reference.yaml"))


def default_codebook() -> dict[str, Any]:
    return yaml.safe_load(_data("codebook.yaml"))


def _upsert(s: Session, model: type, key: Any, **fields: Any) -> None:
    row = s.get(model, key)
    if row is None:
        pk = model.__mapper__.primary_key[0].name
        s.add(model(**{pk: key}, **fields))
    else:
        for name, value in fields.items():
            setattr(row, name, value)


def load_reference(s: Session) -> None:
    """Insert or refresh every reference table; running it twice leaves one copy of each row."""
    ref = reference_yaml()
    for t in ref["territories"]:
        _upsert(s, Territory, t["id"], name=t["name"], name_en=t["name_en"], why_es=t["why_es"], why_en=t["why_en"])
    for row in _csv("institutions.csv"):
        _upsert(s, Institution, row["acronym"], name_es=row["name_es"], name_en=row["name_en"], kind=row["kind"],
                role=row["role"])
    for row in _csv("usdol_2018_paraguay_suggested_actions.csv"):
        _upsert(s, UsdolAction, row["id"], area=row["area"], text=row["suggested_action"],
                years=row["years_suggested"], first_year=int(row["first_year"]), last_year=int(row["last_year"]))
    existing = {(f.table, f.indicator): f for f in s.scalars(select(EnforcementFigure))}
    for row in _csv("usdol_2018_paraguay_enforcement.csv"):
        fig = existing.get((row["table"], row["indicator"]))
        if fig is None:
            s.add(EnforcementFigure(table=row["table"], indicator=row["indicator"], y2017=row["2017"], y2018=row["2018"]))
        else:
            fig.y2017, fig.y2018 = row["2017"], row["2018"]
    for d in ref["dmops"]:
        row = s.get(Dmop, d["id"])
        if row is None:  # the phase is project data once created: refresh only the reference texts
            s.add(Dmop(id=d["id"], name_es=d["name_es"], name_en=d["name_en"], type=d["type"], aim_es=d["aim_es"],
                       aim_en=d["aim_en"]))
        else:
            row.name_es, row.name_en, row.aim_es, row.aim_en = d["name_es"], d["name_en"], d["aim_es"], d["aim_en"]
    for i, c in enumerate(ref["criteria"]):
        _upsert(s, Criterion, c["id"], label_es=c["label_es"], label_en=c["label_en"], position=i)
    s.flush()
    if s.scalar(select(Code.id).limit(1)) is None:
        load_codebook(s, default_codebook()["codes"])


def load_codebook(s: Session, codes: Iterable[dict[str, Any]], parent: Code | None = None) -> int:
    """Merge a codebook tree (the YAML shape) into the project: existing codes (same parent and name) are updated,
    new ones added. Returns how many codes were added."""
    added = 0
    parent_id = parent.id if parent else None
    same_parent = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    siblings = {c.name: c for c in s.scalars(select(Code).where(same_parent))}
    for pos, spec in enumerate(codes):
        code = siblings.get(spec["name"])
        fields = dict(
            name_en=spec.get("name_en", ""),
            definition=_pair(spec.get("definition")),
            when_to_use=_pair(spec.get("when_to_use")),
            when_not_to_use=_pair(spec.get("when_not_to_use")),
            example=_pair(spec.get("example")),
            color=spec.get("color") or "#607d8b",
            rules=spec.get("rules") or {},
        )
        if code is None:
            code = Code(name=spec["name"], parent_id=parent.id if parent else None, position=pos,
                        guid=str(uuid.uuid4()), **fields)
            s.add(code)
            s.flush()
            added += 1
        else:
            for k, v in fields.items():
                if v or k == "rules":
                    setattr(code, k, v)
        added += load_codebook(s, spec.get("children") or [], code)
    return added


def _pair(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"es": value}
    return {k: str(v) for k, v in value.items()}


def init_project(project: Project) -> None:
    """Load the reference data (idempotent): the body of `atlas-qual init`."""
    project.write(load_reference)
