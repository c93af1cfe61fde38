"""Helpers of atlas_qual.api: DataFrames with the package's dtypes, the project's reference categories, what an analyst
types (a code's name, a territory's name) resolved to stored ids, and errors that read as one clear line.

Kept apart from atlas_qual.api so that module stays a readable list of the frames an analyst can ask for.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from atlas_qual.errors import AtlasQualError

if TYPE_CHECKING:
    import pandas as pd

CATEGORICAL = ("dmop", "territory", "institution", "mode", "institution_kind", "kind", "status", "origin",
               "round_kind", "language")
MODES = ("in_person", "phone", "online")


class ApiValueError(AtlasQualError, ValueError):
    """A value the analyst passed that the project does not know (a table, a measure): one line saying what to use."""


class ApiLookupError(AtlasQualError, KeyError):
    """Something asked for by name or id that the project does not hold (a workshop session, a themes run)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message(getattr(self, "lang", None))


def short_errors(fn):
    """``fn`` raising the package's user errors (a one-line message in the language the project was opened in,
    ``open_project(..., lang="en")``) from the analyst's own call, without the library's frames behind it: a notebook
    shows the message, not a page of traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AtlasQualError as err:
            lang = kwargs.get("lang") if fn.__name__ == "open_project" else getattr(args[0] if args else None,
                                                                                   "lang", None)
            if lang and getattr(err, "lang", None) is None:
                err.lang = lang
            raise err.with_traceback(None) from None
    return wrapper


def text_dtype():
    """The dtype pandas gives a column of text: ``str`` on pandas 3, ``object`` on pandas 2."""
    import pandas as pd

    return pd.Series(["x"]).dtype


def frame(records: list[dict] | dict[str, list], columns: Iterable[str], *, ints: Iterable[str] = (),
          floats: Iterable[str] = (), nullable_ints: Iterable[str] = (), dates: Iterable[str] = (),
          bools: Iterable[str] = (), nullable_bools: Iterable[str] = (),
          categories: dict[str, Sequence[str]] | None = None) -> "pd.DataFrame":
    """A DataFrame with the package's dtypes: categoricals for case attributes (with the project's reference values
    as categories, so frames concatenate and pivot alike), datetimes, integer counts; an empty frame has the same
    columns and dtypes as a full one (text columns stay text, not float)."""
    import pandas as pd

    columns = list(columns)
    if isinstance(records, dict):  # already columns
        out = pd.DataFrame({c: records.get(c, []) for c in columns}, columns=columns)
    else:
        out = pd.DataFrame.from_records(records, columns=columns)
    typed = set()
    for col in ints:
        if col in out:
            out[col] = pd.to_numeric(out[col]).fillna(0).astype("int64")
            typed.add(col)
    for col in nullable_ints:
        if col in out:
            out[col] = pd.to_numeric(out[col]).astype("Int64")
            typed.add(col)
    for col in floats:
        if col in out:
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
            typed.add(col)
    for col in dates:
        if col in out:
            out[col] = pd.to_datetime(out[col], errors="coerce").astype("datetime64[us]")
            typed.add(col)
    for col in bools:
        if col in out:
            out[col] = out[col].astype("boolean") if out[col].isna().any() else out[col].astype("bool")
            typed.add(col)
    for col in nullable_bools:  # True / False / not yet known
        if col in out:
            out[col] = out[col].astype("boolean")
            typed.add(col)
    categories = categories or {}
    for col in CATEGORICAL:
        if col in out and not isinstance(out[col].dtype, pd.CategoricalDtype):
            known = categories.get(col)
            if known is not None:
                values = sorted(set(known) | {str(v) for v in out[col].dropna().unique()})  # unique: vectorised
                out[col] = out[col].astype(pd.CategoricalDtype(pd.Index(values, dtype=text_dtype())))
            else:
                out[col] = out[col].astype("category")
            if not len(out) and known is None:  # no values to infer from: categories of text, as when full
                out[col] = out[col].cat.set_categories(pd.Index([], dtype=text_dtype()))
            typed.add(col)
    for col in columns:  # text columns stay text when there is no text (no rows, or nothing filled in)
        if col in out and col not in typed and out[col].isna().all():
            out[col] = out[col].astype(text_dtype())
    return out


def reference_categories(store) -> dict[str, list[str]]:
    """The values a case attribute can take in this project (its reference data), for categorical columns."""
    from sqlalchemy import select

    from atlas_qual.store.models import Dmop, Institution, Territory

    return {"dmop": [r[0] for r in store.rows(select(Dmop.id))],
            "territory": [r[0] for r in store.rows(select(Territory.id))],
            "institution": [r[0] for r in store.rows(select(Institution.id))],
            "institution_kind": sorted({r[0] for r in store.rows(select(Institution.kind)) if r[0]}),
            "mode": list(MODES)}


def case_filters(store, dmop: str | None, territory: str | None, institution: str | None) -> dict[str, str]:
    """{"dmop": id, ...} from what an analyst typed (ids or names, accents and case ignored); an unknown value is a
    one-line error listing the known ones."""
    if not (dmop or territory or institution):
        return {}
    from atlas_qual.store.case_values import CaseResolver

    with store.session() as s:
        resolver = CaseResolver(s)
        found = {"dmop": resolver.dmop(dmop), "territory": resolver.territory(territory),
                 "institution": resolver.institution(institution)}
    return {k: v for k, v in found.items() if v}


def code_ids(store, codes: str | int | Sequence[str | int] | None, include_subcodes: bool = True) -> list[int] | None:
    """The ids of the codes named (a name, a "Parent/Child" path, English names or an id), with their subcodes;
    None for no filter. An unknown or ambiguous name is a one-line error naming the codes meant."""
    if codes is None:
        return None
    from atlas_qual.store.agreement import _code_index  # noqa: PLC2701 - the codebook index as the store builds it

    wanted = [codes] if isinstance(codes, (str, int)) else list(codes)
    with store.session() as s:
        index = _code_index(s)
        ids: list[int] = []
        for code in wanted:
            ref = index.resolve(code)
            ids += [ref.id, *(index.descendants(ref.id) if include_subcodes else [])]
    return list(dict.fromkeys(ids))


def check_coders(store, coders: list[str] | None, *, empty_ok: bool = False, pairs: bool = False) -> None:
    """A one-line error naming every coder of the project when one of ``coders`` never coded anything (a typo would
    otherwise give an empty frame that reads as "nobody coded this"). ``empty_ok``: a project without codings yet
    gives its empty frames (a notebook written on the demo runs on a new project). ``pairs``: agreement needs at
    least two coders, said in one line rather than a row of NaN."""
    if not coders:
        return
    from sqlalchemy import select

    from atlas_qual.store.agreement import human_coders
    from atlas_qual.store.models import Coding

    stored = {r[0] for r in store.rows(select(Coding.coder).distinct())}
    if empty_ok and not stored:
        return
    for coder in coders:
        if coder not in stored:
            people = [c["coder"] for c in human_coders(store)]  # every person who coded, not only those asked for
            raise ApiLookupError("api_unknown_coder", coder=coder, known=", ".join(people) or "-")
    if pairs and len(set(coders)) < 2:
        people = [c["coder"] for c in human_coders(store)]
        raise ApiValueError("api_agreement_two_coders", known=", ".join(people) or "-")


def numeric_answers(out: "pd.DataFrame", columns: Iterable[str]) -> "pd.DataFrame":
    """Survey answers that are all numbers (a 1-5 rating, "4,5" in Spanish) as numbers, so ``.mean()`` works:
    ``Int64`` when whole, ``float64`` otherwise; an empty answer is missing. Text answers stay text."""
    import pandas as pd

    for col in columns:
        values = out[col].astype("object").where(out[col].notna(), None)
        text = values.map(lambda v: None if v is None or (isinstance(v, str) and not v.strip())
                          else str(v).strip().replace(",", ".") if isinstance(v, str) else v)
        if text.isna().all():
            continue
        numbers = pd.to_numeric(text, errors="coerce")
        if numbers[text.notna()].isna().any() or values.map(lambda v: isinstance(v, bool)).any():
            continue  # some answer is not a number: the column stays text
        whole = bool((numbers.dropna() % 1 == 0).all())
        out[col] = numbers.astype("Int64") if whole else numbers.astype("float64")
    return out


def transcript_number(transcript) -> int | None:
    """A transcript's id as typed (``3``, ``"3"``); anything else is a one-line error pointing to its ids."""
    if transcript is None:
        return None
    try:
        return int(str(transcript).strip())
    except ValueError:
        raise ApiLookupError("api_unknown_transcript", id=transcript) from None


def coder_list(coders: str | Sequence[str] | None) -> list[str] | None:
    """``"ana.gimenez,carlos.rojas"``, ``"ana.gimenez"`` or a list -> a list of coder names (None: every coder)."""
    if coders is None:
        return None
    if isinstance(coders, str):
        return [c.strip() for c in coders.split(",") if c.strip()] or None
    return [str(c).strip() for c in coders]


def code_paths(codes: dict[int, tuple[int | None, str]]) -> dict[int, str]:
    """code id -> "Parent/Child" from {id: (parent_id, name)}."""
    paths: dict[int, str] = {}

    def path(cid: int) -> str:
        if cid not in paths:
            parent, name = codes[cid]
            paths[cid] = f"{path(parent)}/{name}" if parent in codes else name
        return paths[cid]

    for cid in codes:
        path(cid)
    return paths


def speaker_redactor(text, lang: str):
    """Speaker labels as outputs show them, as every other output does (``store.project_redaction.redact_speaker``):
    the respondent's label ("R" of P/R, "I" of E/I, read from the transcript's ``labels``) and a label made of the
    interviewee's own names become the pseudonym (the name redactor cannot know a first name alone belongs to
    them), anything else is redacted as text."""
    from atlas_qual.i18n import t
    from atlas_qual.text import fold
    from atlas_qual.transcripts.speakers import is_respondent_label

    def speaker(label, interviewee, pseudonym, labels=()):
        if not label:
            return label
        if pseudonym and is_respondent_label(label, labels if len(label.strip(" .:-")) == 1 else ()):
            return pseudonym
        if interviewee:
            words = set(fold(label).replace(".", " ").split())
            if words and words <= set(fold(interviewee).split()):
                return pseudonym or t("redaction_name", lang=lang)
        return text(label)
    return speaker


def cached(redactor):
    """``redactor.redact`` remembering each text: frames repeat the same texts (codes, speakers, attributes)."""
    cache: dict[str, str] = {}

    def apply(value):
        if not value:
            return value
        out = cache.get(value)
        if out is None:
            out = cache[value] = redactor.redact(value)
        return out
    return apply


RESULT_FLOATS = ("score", "median", "q1", "q3", "iqr", "mean", "weighted", "kendall_w")
RESULT_INTS = ("n", "gate_n", "top_scores")


def results_frame(items: list[dict[str, Any]]) -> "pd.DataFrame":
    """The items of a workshop's results, one value per cell (``{"yes_share": {"C1": .8}}`` -> ``yes_share_C1``),
    numbers as numbers even when nobody voted yet (then NaN), ``rank`` a nullable integer."""
    import pandas as pd

    rows = []
    for item in items:
        flat: dict[str, Any] = {}
        for key, value in item.items():
            if isinstance(value, dict):
                flat.update({f"{key}_{k}": v for k, v in value.items()})
            else:
                flat[key] = value
        rows.append(flat)
    out = pd.DataFrame(rows)
    for col in out.columns:
        values = out[col].dropna()
        numeric = len(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        if col in RESULT_INTS:
            out[col] = pd.to_numeric(out[col], errors="coerce").fillna(0).astype("int64")
        elif col == "rank":
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
        elif col in RESULT_FLOATS or col.startswith("yes_share_") or numeric:
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    if "id" in out.columns:
        out["item"] = out["id"]
    return out
