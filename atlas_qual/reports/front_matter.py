"""What every DMOP report and handout states before its findings: the cover fields and the front matter (USDOL funding
statement and disclaimer, cooperative agreement, partners, authors, version, reporting period), the honest coverage
sentence, and how analysts' texts are printed (drafts and untranslated originals marked).

Examples:
    >>> coverage_sentence(3, 7, "es")
    '3 de 7 entrevistas codificadas por una persona'
"""

from __future__ import annotations

from typing import Mapping

from atlas_qual.i18n import t, tn
from atlas_qual.reports.content import pick
from atlas_qual.reports.text import fmt_date, fmt_period, fmt_share, join_words


def coverage_sentence(coded: int, total: int, lang: str) -> str:
    """"X de N entrevistas codificadas por una persona": how every mention of the sample reads."""
    return tn("report_coverage", "report_coverage_plural", total, lang=lang, coded=coded)


def setting_text(settings: Mapping[str, str], key: str, lang: str, default_key: str, **params) -> str:
    """A per-language setting (``report.disclaimer.es``), else the catalog's standard text."""
    value = (settings.get(f"{key}.{lang}") or "").strip()
    if not value:
        return t(default_key, lang=lang, **params)
    for name, param in params.items():  # plain substitution: a typed brace never breaks the report
        value = value.replace("{" + name + "}", str(param))
    return value


def front_matter(settings: Mapping[str, str], lang: str) -> dict[str, str]:
    """The front-matter fields: funding statement, disclaimer, agreement, partners, authors, version, period."""
    from atlas_qual.store.settings import SETTINGS, partners

    settings = {**{k: s.default for k, s in SETTINGS.items()}, **dict(settings)}
    agreement = (settings.get("report.cooperative_agreement") or "").strip()
    amount = (settings.get("report.funding_amount") or "").strip()
    funding = setting_text(settings, "report.funding_statement", lang,
                           "report_funding_statement" if agreement else "report_funding_statement_no_number",
                           agreement=agreement or "—")
    if amount:
        funding += " " + t("report_funding_amount", lang=lang, amount=amount)
    # the author line in the report's language ("Equipo de M&E" in a Spanish report), else the one for every language
    authors = (settings.get(f"report.authors.{lang}") or "").strip() or (settings.get("report.authors") or "").strip()
    return {
        "funding": funding,
        "disclaimer": setting_text(settings, "report.disclaimer", lang, "report_disclaimer"),
        "agreement": t("report_fm_agreement", lang=lang, number=agreement) if agreement else "",
        "partners": t("report_fm_partners", lang=lang,
                      partners=join_words(partners(settings.get("report.partners", "")), lang)),
        "authors": t("report_fm_authors", lang=lang, authors=authors) if authors else "",
        "version": t("report_fm_version", lang=lang, version=settings.get("report.version") or "1.0"),
        "period": t("report_fm_period", lang=lang, period=fmt_period(settings["report.period"], lang))
        if (settings.get("report.period") or "").strip() else "",
    }


def report_fields(data, kind_key: str) -> dict[str, str]:
    """The template placeholders of a DMOP report or handout."""
    lang = data.lang
    scope = t("report_scope_territory", lang=lang, territory=data.territory) if data.territory else \
        interview_territories(data)
    fm = front_matter(data.settings, lang)
    coverage = coverage_sentence(data.coded, len(data.interviews), lang)
    warning = t("report_cover_incomplete", lang=lang, coverage=coverage,
                threshold=fmt_share(data.min_coverage, lang, 0)) if data.incomplete else coverage
    return {
        "report_kind": t(kind_key, lang=lang),
        "title": f"{data.dmop_id} — {data.dmop_name}",
        "subtitle": t(f"{kind_key}_subtitle", lang=lang),
        "scope": scope,
        "date": fmt_date(data.generated, lang, long=True),
        "organisation": t("report_organisation", lang=lang),
        "short_title": t("report_short_title", lang=lang, dmop=data.dmop_id, kind=t(kind_key, lang=lang)),
        "footer_text": "ATLAS · USDOL",
        "confidentiality": t("report_confidentiality" if data.redacted else "report_not_redacted", lang=lang),
        "coverage_note": warning,
        "version_line": " · ".join(x for x in (fm["version"], fm["period"]) if x),
        **fm,
    }


def with_draft_status(version_line: str, drafts: int, lang: str) -> str:
    """The cover's version line, saying plainly that the document is a draft while it prints texts the tool wrote
    and nobody reviewed (a reader who sees only "Version 1.0" takes every finding as the team's).

    Examples:
        >>> with_draft_status("Version 1.0", 2, "en")
        "Version 1.0 · DRAFT: 2 texts the tool drafted await the analysts' review"
        >>> with_draft_status("Version 1.0", 0, "en")
        'Version 1.0'
    """
    if not drafts:
        return version_line
    status = tn("report_cover_drafts", "report_cover_drafts_plural", drafts, lang=lang)
    return " · ".join(x for x in (version_line, status) if x)


def interview_territories(data) -> str:
    """The cover's scope when the report covers a whole DMOP: the territories its interviews come from, by name
    (names such as "Asunción y Central" hold an "y", so they are separated by a middle dot), not a claim about
    every territory of the pilot.

    Examples:
        >>> from atlas_qual.reports.model import DmopReportData, Interview
        >>> interview_territories(DmopReportData("es", "CR", "", interviews=(Interview("E-01", territory="Boquerón"),
        ...     Interview("E-02"))))
        'Territorios de las entrevistas: Boquerón · sin territorio registrado'
    """
    lang = data.lang
    present = {i.territory for i in data.interviews if i.territory}
    names = [name for name in data.territories if name in present] + sorted(present - set(data.territories))
    if any(not i.territory for i in data.interviews):
        names.append(t("report_territory_unknown", lang=lang))
    return t("report_scope_interview_territories", lang=lang, territories=" · ".join(names) or "—")


def analyst_text(b, text: Mapping[str, str], lang: str, draft: bool, *, style: str | None = None,
                 bold_prefix: str | None = None, empty_key: str | None = None):
    """An analyst's paragraph: the text in ``lang`` (or the Spanish original, marked), with a visible mark when it
    is still a draft the tool wrote; ``empty_key``: what to print when nobody wrote anything."""
    shown, original = pick(text, lang)
    if not shown:
        if empty_key:
            return b.note(t(empty_key, lang=lang))
        return None
    p = b.paragraph(shown, style, bold_prefix=bold_prefix)
    marks = ([t("report_mark_draft", lang=lang)] if draft else []) + \
        ([t("report_mark_original", lang=lang)] if original else [])
    if marks:
        run = p.add_run(" " + " ".join(marks))
        run.italic = True
    return p


def plain(text: Mapping[str, str], lang: str, draft: bool = False) -> str:
    """An analyst's text as one string with its marks (for table cells and bullets)."""
    shown, original = pick(text, lang)
    if not shown:
        return ""
    marks = ([t("report_mark_draft", lang=lang)] if draft else []) + \
        ([t("report_mark_original", lang=lang)] if original else [])
    return " ".join([shown, *marks])


__all__ = ["coverage_sentence", "front_matter", "report_fields", "analyst_text", "plain", "setting_text",
           "interview_territories", "with_draft_status"]
