"""DMOP evaluation report for 40 coded interviews with stored themes, register data and 300 dpi charts, in one
process with the libraries already imported: time, against python-docx writing the same paragraphs and tables (no
charts, no template) — target ratio <= 20. The report reads stored codings and themes; it never runs the theme model."""

from __future__ import annotations

import csv
import io
import random
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N_INTERVIEWS = 40
TARGET_RATIO = 20.0
REPEATS = 5

TERRITORIES = ("Alto Paraná", "Ñeembucú", "San Pedro", "Boquerón", "Asunción y Central")
INSTITUTIONS = (("MTESS", "inspectora de trabajo"), ("MP", "agente fiscal"), ("PN", "comisario"),
                ("CODENI", "consejera CODENI"), ("MINNA", "técnica de protección"), ("MDP", "defensor público"),
                ("PJ", "jueza de la niñez"))
MODES = ("presencial", "telefónica", "en línea")
# (code, answer sentences) for the interviewee turns
ANSWERS = (
    ("Evaluación/Fortalezas", ["Lo mejor fueron las capacitaciones conjuntas con la fiscalía y la CODENI.",
                               "La ficha única de derivación nos ahorra tiempo: todos anotamos los mismos datos.",
                               "Ahora nos conocemos, sabemos a quién llamar y los casos llegan el mismo día.",
                               "El grupo de referentes de la ruta funciona bien para coordinar las salidas."]),
    ("Evaluación/Debilidades", ["Faltan inspectores, vehículos y combustible para llegar a las estancias.",
                                "El juzgado tarda semanas en dar las órdenes de allanamiento.",
                                "Cada institución lleva su propia planilla y no sabemos qué pasó con cada caso.",
                                "La rotación de funcionarios obliga a empezar de cero cada año."]),
    ("Evaluación/Recomendaciones", ["Que la ruta se apruebe por resolución de cada institución.",
                                    "Un registro compartido de casos derivados para todas las instituciones.",
                                    "Repetir las capacitaciones cada año porque la gente rota.",
                                    "Un protocolo con el Poder Judicial para órdenes urgentes."]),
    ("Evaluación/Desafíos", ["Las distancias y los caminos de tierra cuando llueve.",
                             "Las familias no denuncian el criadazgo por miedo."]),
    ("Evaluación/Soluciones innovadoras", ["Salidas conjuntas una vez al mes con el vehículo de la policía.",
                                           "Casos espejo: repasamos un caso cerrado con todas las instituciones."]),
)
CHANGES = (("Cambio en la coordinación/Aumento", "Sí, la coordinación aumentó con la fiscalía y la CODENI."),
           ("Cambio en la coordinación/Sin cambio", "Con el juzgado sigue igual que antes del piloto."),
           ("Cambio en la coordinación/Disminución", "Con el cambio de autoridades se cortó la comunicación."))


def _transcript(n: int, rng: random.Random) -> tuple[str, list[str | None]]:
    """A synthetic interview and the code of each of its turns (None for the interviewer's questions)."""
    inst, role = INSTITUTIONS[n % len(INSTITUTIONS)]
    header = (f"DMOP: MAUEP\nTerritorio: {TERRITORIES[n % len(TERRITORIES)]}\nInstitución: {inst}\nRol: {role}\n"
              f"Modalidad: {MODES[n % 3]}\nFecha: 2025-{3 + n % 3:02d}-{1 + n % 27:02d}\n"
              f"Entrevistado: Persona Sintética {n:02d}\nSeudónimo: E-{n:02d}\n\n")
    turns, codes = [], []
    for code, sentences in ANSWERS:
        turns.append("Entrevistadora: ¿Qué nos puede contar sobre esto?")
        codes.append(None)
        body = " ".join(rng.sample(sentences, k=min(2, len(sentences))))
        turns.append(f"Persona: {body} Lo digo por lo que vivimos en el piloto, con casos de trabajo infantil.")
        codes.append(code)
    change, sentence = CHANGES[0] if n % 4 else CHANGES[1 + (n // 4) % 2]
    turns += ["Entrevistadora: ¿Cambió la coordinación?", f"Persona: {sentence} Llámeme al 0981 {n:03d} 456."]
    codes += [None, change]
    return header + "\n\n".join(turns) + "\n", codes


def build_project(folder: Path):
    """A project with 40 MAUEP interviews coded by two coders, the demo register and a stored theme run per
    finding section."""
    from atlas_qual.store import open_project
    from atlas_qual.store.coding_io import import_codings_csv
    from atlas_qual.store.reference import init_project
    from atlas_qual.store.register import demo_steps
    from atlas_qual.store.transcripts import import_files, transcript_segments

    rng = random.Random(7)
    project = open_project(folder / "bench.db", create=True)
    init_project(project)
    files, plan = [], {}
    for n in range(N_INTERVIEWS):
        text, codes = _transcript(n, rng)
        path = folder / f"e{n:02d}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
        plan[path.name] = codes
    report = import_files(project, files)
    assert not report.errors, report.errors
    rows = []
    for item in report.imported:
        codes = plan[Path(item.file).name]
        for seg, code in zip(transcript_segments(project, item.transcript_id), codes):
            if code:
                rows.append((seg["id"], code, "ana.gimenez"))
                if seg["id"] % 5:  # the second coder misses one segment in five
                    rows.append((seg["id"], code, "carlos.rojas"))
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["segment_id", "code", "coder"])
    writer.writerows(rows)
    (folder / "codings.csv").write_text(buf.getvalue(), encoding="utf-8")
    result = import_codings_csv(project, folder / "codings.csv")
    assert result.ok, result.messages("en")
    for _name, step in demo_steps(project, ROOT / "data" / "demo"):
        step()
    _store_themes(project)
    return project


def _store_themes(project) -> None:
    """Stored theme runs as the themes store leaves them after an analysis (no model is run here or by the report)."""
    from sqlalchemy import select

    from atlas_qual.store.models import Code, Coding, Theme, ThemeAssignment, ThemeRun

    def _do(s):
        parent = s.scalar(select(Code).where(Code.name == "Evaluación", Code.parent_id.is_(None)))
        for name in ("Fortalezas", "Debilidades", "Recomendaciones"):
            code = s.scalar(select(Code).where(Code.name == name, Code.parent_id == parent.id))
            segs = sorted(set(s.scalars(select(Coding.segment_id).where(Coding.code_id == code.id))))
            run = ThemeRun(code_id=code.id, filters={"dmop": "MAUEP"}, model="bench", lang="es")
            s.add(run)
            s.flush()
            for k in range(4):
                theme = Theme(run_id=run.id, number=k, label=f"{name.lower()}_{k}", custom_label=f"{name} · tema {k + 1}",
                              terms=["fiscalía", "ruta", "codeni", f"t{k}"], size=len(segs[k::4]))
                s.add(theme)
                s.flush()
                s.add_all(ThemeAssignment(theme_id=theme.id, segment_id=seg, representative=i < 3, score=1 - i / 100)
                          for i, seg in enumerate(segs[k::4]))

    project.write(_do)


def _body_items(doc):
    """The body of a report in order: ("p", text, style name) and ("t", rows of cell texts)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    items = []
    for el in doc.element.body.iterchildren():
        if el.tag.endswith("}p"):
            p = Paragraph(el, doc)
            items.append(("p", p.text, p.style.name if p.style is not None else None))
        elif el.tag.endswith("}tbl"):
            table = Table(el, doc)
            items.append(("t", [[cell.text for cell in row.cells] for row in table.rows]))
    return items


def _baseline(items) -> float:
    """Seconds for plain python-docx to write the same paragraphs (with the default template's styles where the
    names exist) and tables: no template, no charts, no fields."""
    import docx

    start = time.perf_counter()
    doc = docx.Document()
    names = {s.name for s in doc.styles}
    for item in items:
        if item[0] == "p":
            doc.add_paragraph(item[1], style=item[2] if item[2] in names else None)
        else:
            rows = item[1]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for row, values in zip(list(table.rows), rows):
                for cell, value in zip(row.cells, values):
                    cell.text = value
    doc.save(io.BytesIO())
    return time.perf_counter() - start


def _chart_dpi(document, shape) -> float:
    """Pixels per inch of a chart at the size the report prints it (the TOC pass with LibreOffice is left out of the
    timing: it is a rendering, not writing the report)."""
    from PIL import Image

    blob = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    return Image.open(io.BytesIO(blob)).size[0] / (shape.width / 914400)


def run() -> list[dict]:
    import docx  # noqa: F401  (the libraries are imported before timing: the contract is "in one process")
    import matplotlib  # noqa: F401

    from atlas_qual.reports.generate import generate_report
    from atlas_qual.store.report_data import dmop_report_data

    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        folder = Path(tmp)
        project = build_project(folder)
        out = folder / "informe.docx"
        generate_report(project, "dmop", out, dmop="MAUEP", lang="es", toc_pages=False)  # warm-up: fonts, caches
        times, data_times = [], []
        for _ in range(REPEATS):
            start = time.perf_counter()
            dmop_report_data(project, "MAUEP", lang="es")
            data_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = generate_report(project, "dmop", out, dmop="MAUEP", lang="es", toc_pages=False)
            times.append(time.perf_counter() - start)
        import docx as _docx

        document = _docx.Document(str(out))
        charts = len(document.inline_shapes)
        dpi = min(_chart_dpi(document, shape) for shape in document.inline_shapes)
        items = _body_items(document)
        baseline = statistics.median(_baseline(items) for _ in range(REPEATS))
        report_time = statistics.median(times)
        project.dispose()
    ratio = report_time / baseline
    paragraphs = sum(1 for i in items if i[0] == "p")
    tables = sum(1 for i in items if i[0] == "t")
    return [
        {"metric": f"DMOP report, {N_INTERVIEWS} interviews, {charts} charts (at least {dpi:.0f} dpi on paper), "
                   f"{paragraphs} paragraphs, "
                   f"{tables} tables ({result.size // 1024} KB)",
         "value": round(report_time, 3), "unit": "s", "baseline": round(baseline, 4),
         "baseline_name": "python-docx, same paragraphs and tables, no charts or template",
         "ratio": round(ratio, 2), "target": TARGET_RATIO, "ok": ratio <= TARGET_RATIO},
        {"metric": "of which: reading and redacting the store (codings, themes, register, indicators)",
         "value": round(statistics.median(data_times), 3), "unit": "s", "baseline": None, "baseline_name": None,
         "ratio": None, "target": None, "ok": True},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
