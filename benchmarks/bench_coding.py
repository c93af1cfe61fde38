"""Coding benchmarks.

1. Import + segmentation + lemmatization + auto-coding of 200 generated Spanish transcripts of 3,000 words each
   (``import_files`` then ``autocode_project`` into a fresh project) vs spaCy's own ``nlp.pipe`` over the same texts
   with the same pipeline and the same components: target ratio <= 2.
2. First screen of the coding page (``.aq-seg`` visible) for a 300,000-character transcript in Chromium vs the
   one-button baseline notebook on the same Voila server: target ratio <= 1.5.
3. Apply-code round trip in the coding page, in Chromium: from the click on Apply (a span selected with
   Shift+arrows) to the status line saying what was applied, p95 over 40 applies, measured in the page with
   ``performance.now()``; baseline in the same page and run: the old whole-page path, still behind the "Accept
   suggestion" button (one store write, then the page reloaded from the store and every turn sent again).
   Target: p95 <= 150 ms.

Transcripts are generated deterministically (seeded) from Spanish sentences in the voice of the evaluation
interviews, with a header block like the demo interviews' (including ``Idioma: es``) and alternating speaker turns,
so the importer and the rules see what they see in real files.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

SENTENCES = (
    "La coordinación con la fiscalía aumentó bastante desde el primer taller del piloto.",
    "Faltan inspectores en la regional y los vehículos no alcanzan para llegar a las estancias.",
    "Los inspectores del Ministerio de Trabajo derivaron tres casos de trabajo infantil a la CODENI.",
    "Nadie sabía cuál era el rol de la policía cuando aparecía un caso de trata de personas.",
    "La ficha única de derivación fue idea nuestra y ahora todos la usan en el departamento.",
    "Hicimos capacitaciones conjuntas con la defensa pública y con los jueces de paz.",
    "El registro de denuncias sigue siendo muy débil y no sabemos cuántas llegan por la línea 147.",
    "Las órdenes de allanamiento tardan semanas y para entonces los adolescentes ya no están.",
    "En Boquerón las distancias son enormes y en época de lluvia los caminos quedan cortados.",
    "Lo mejor fue conocernos personalmente; ahora nos llamamos por teléfono antes de actuar.",
    "Recomendaría que el protocolo se apruebe por resolución para que no dependa de las personas.",
    "Las tres mesas convocan a los mismos funcionarios y cada una tiene su propio plan de acción.",
    "El criadazgo todavía se ve como una costumbre y muchas familias no lo denuncian.",
    "Las víctimas de trabajo forzoso a veces tienen deudas con el patrón y no quieren declarar.",
    "La comunidad empezó a llamar a la radio para preguntar por las ofertas de empleo engañosas.",
    "El consejo departamental se reúne cada dos meses pero no tiene presupuesto propio.",
    "Con el cambio de autoridades se perdió parte de lo que habíamos avanzado en el piloto.",
    "Las niñas que trabajan en casas de familia casi nunca aparecen en las estadísticas oficiales.",
    "La evidencia que junta el inspector en el acta sirve después para la investigación penal.",
    "Sería bueno que haya un directorio actualizado con los teléfonos de cada institución.",
    "Bueno, o sea, digamos que la situación mejoró un poco, aunque falta mucho por hacer todavía.",
    "El Ministerio de la Niñez envió un equipo para acompañar a los adolescentes rescatados.",
    "En Ciudad del Este los casos de trata internacional pasan por el Puente de la Amistad.",
    "La policía nacional no siempre tiene combustible para los operativos en el interior.",
    "Los fiscales valoran que ahora el acta de inspección llegue completa y con fotografías.",
)
QUESTIONS = (
    "¿Qué funcionó mejor del procedimiento unificado?",
    "¿Cómo cambió la coordinación con las otras instituciones?",
    "¿Qué dificultades encontraron durante el piloto?",
    "¿Qué recomendaría para la siguiente etapa?",
    "¿Puede contarnos un caso concreto?",
)
INTERVIEWEES = ("Rosa Benítez", "Marcelo Ortiz", "Liz Cáceres", "Néstor Duarte", "Graciela Villalba")
TERRITORIES = ("Alto Paraná", "Ñeembucú", "San Pedro", "Boquerón", "Asunción y Central")
DMOPS = ("MAUEP", "IPACM", "CR")


def generate_transcript(index: int, *, words: int = 3000, seed: int = 2025) -> str:
    """A synthetic interview of about ``words`` words: header lines, then interviewer / interviewee turns."""
    rng = random.Random(seed * 100_003 + index)
    person = INTERVIEWEES[index % len(INTERVIEWEES)]
    header = [f"Título: Entrevista sintética {index + 1}", f"Fecha: 2025-0{1 + index % 9}-1{index % 10}",
              "Modalidad: " + ("presencial", "telefónica", "en línea")[index % 3], f"DMOP: {DMOPS[index % 3]}",
              f"Territorio: {TERRITORIES[index % 5]}", "Entrevistadora: Ana Giménez", f"Entrevistada: {person} {index}",
              f"Seudónimo: SYN-{index + 1:03d}", "Idioma: es", ""]
    turns, count = [], 0
    while count < words:
        question = rng.choice(QUESTIONS)
        turns.append(f"Entrevistadora: {question}")
        answer = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 8)))
        turns.append(f"{person}: {answer}")
        count += len(question.split()) + len(answer.split())
    return "\n".join(header) + "\n" + "\n\n".join(turns) + "\n"


def long_transcript(chars: int = 300_000, seed: int = 7) -> str:
    """One interview of about ``chars`` characters (the QualCoder pain point)."""
    text = generate_transcript(10_000 + seed, words=10)
    index = 0
    while len(text) < chars:
        index += 1
        text += "\n\n" + generate_transcript(index, words=400, seed=seed).split("\n\n", 1)[1]
    return text


def bench_pipeline(n: int = 200, words: int = 3000) -> dict:
    from atlas_qual.coding import _pipes_to_skip
    from atlas_qual.nlp import get_nlp
    from atlas_qual.store import open_project
    from atlas_qual.store.coding import autocode_project
    from atlas_qual.store.reference import init_project
    from atlas_qual.store.transcripts import import_files

    texts = [generate_transcript(i, words=words) for i in range(n)]
    nlp = get_nlp("es")  # loading the pipeline is paid once by both sides, outside the timings
    # our side reads the texts through the same pipeline object: spaCy's tokenizer, and its lemmatizer once per
    # distinct word (atlas_qual.coding.Matcher); the baseline runs every component on every token
    skip = _pipes_to_skip(nlp)
    list(nlp.pipe(texts[:2], disable=skip))

    def baseline() -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(texts, disable=skip):
            pass
        return time.process_time() - cpu, time.perf_counter() - wall

    def ours(tmp: Path, run: int) -> tuple[float, float, int, int]:
        folder = tmp / f"run{run}"
        folder.mkdir()
        files = []
        for i, text in enumerate(texts):
            path = folder / f"entrevista_{i:03d}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(path)
        project = open_project(tmp / f"bench{run}.db", create=True)
        init_project(project)
        wall, cpu = time.perf_counter(), time.process_time()
        report = import_files(project, files)
        auto = autocode_project(project)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        project.dispose()
        assert not report.errors, report.errors[:3]
        return cpu, wall, auto.segments, auto.suggestions

    with tempfile.TemporaryDirectory(prefix="aq-bench-coding-") as tmp:
        base_runs, our_runs = [], []
        for run in range(2):  # interleaved, best of two: other work on the machine hits both sides alike
            base_runs.append(baseline())
            cpu, wall, segments, suggestions = ours(Path(tmp), run)
            our_runs.append((cpu, wall))
    base_cpu, base_wall = min(r[0] for r in base_runs), min(r[1] for r in base_runs)
    mine_cpu, mine_wall = min(r[0] for r in our_runs), min(r[1] for r in our_runs)
    words_total = sum(len(t.split()) for t in texts)
    # CPU time of this process: both sides are single-threaded, and unlike wall time it does not swing with
    # whatever else the machine runs (the wall-clock figures are kept beside it)
    return {"metric": f"import + segment + lemmatize + auto-code {n} transcripts, CPU time ({words_total:,} words; "
                      f"{segments:,} segments, {suggestions:,} suggestions)",
            "value": round(mine_cpu, 2), "unit": "s", "baseline": round(base_cpu, 2),
            "baseline_name": "spaCy nlp.pipe over the same texts, same pipeline", "ratio": round(mine_cpu / base_cpu, 2),
            "target": "<= 2", "ok": mine_cpu / base_cpu <= 2,
            "wall_value": round(mine_wall, 2), "wall_baseline": round(base_wall, 2),
            "wall_ratio": round(mine_wall / base_wall, 2)}


def bench_page(repeats: int = 5) -> list[dict]:
    import subprocess
    import sys

    from benchmarks._pages import chromium, compare_pages, served_demo

    with tempfile.TemporaryDirectory(prefix="aq-bench-page-") as tmp:
        tmp = Path(tmp)
        project = tmp / "long.db"
        exe = Path(sys.executable).with_name("atlas-qual")
        subprocess.run([str(exe), "demo", "--project", str(project), "--json"], check=True, capture_output=True)
        path = tmp / "entrevista_larga.txt"
        path.write_text(long_transcript(), encoding="utf-8")
        out = subprocess.run([str(exe), "import", str(path), "--project", str(project), "--json"], check=True,
                             capture_output=True, text=True)
        import json

        info = json.loads(out.stdout)["imported"][0]
        with served_demo(project=project) as (server, _p), chromium() as browser:
            url = server.url("coding.ipynb", coder="ana.gimenez", transcript=info["transcript_id"])
            rows = compare_pages(browser, server, {
                f"coding page, first screen of a {len(path.read_text(encoding='utf-8')):,}-character transcript "
                f"({info['segments']} segments)": (url, ".aq-seg")}, repeats=repeats)
    return rows


_TIMED_CLICK = """([button, watched]) => new Promise((resolve) => {
    const status = document.querySelector(watched);
    const t0 = performance.now();
    const obs = new MutationObserver(() => { obs.disconnect(); resolve(performance.now() - t0); });
    obs.observe(status, {childList: true, subtree: true, characterData: true});
    document.querySelector(button).click();
})"""


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def bench_apply(applies: int = 40) -> dict:
    from benchmarks._pages import chromium, served_demo

    with served_demo(pool_size=1) as (server, _project), chromium() as browser:
        page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        page.goto(server.url("coding.ipynb", coder="bench.apply", transcript=1))
        page.wait_for_selector("[data-testid=segment]", state="visible", timeout=120_000)
        turns = page.locator("[data-testid=segment]").count()
        ours, base = [], []
        for i in range(applies + 3):  # the first three warm the kernel's code paths up
            turn = page.locator(f'[data-testid=segment][data-ordinal="{1 + i % turns}"]')
            turn.focus()
            for _ in range(3 + i // turns):  # a different span each time: every apply is a new coding
                page.keyboard.press("Shift+ArrowRight")
            page.fill("[data-testid=code-input]", "Evaluación/Debilidades")
            ms = page.evaluate(_TIMED_CLICK, ["[data-testid=apply]", "[data-testid=coding-status]"])
            # the old path: accepting the turn's suggestions (or saying there are none) reloads the whole page
            old = page.evaluate(_TIMED_CLICK, [".aq-accept button, button.aq-accept", ".aq-message"])
            if i >= 3:
                ours.append(ms)
                base.append(old)
        text = page.inner_text("[data-testid=coding-status]")
    value, baseline = _p95(ours), _p95(base)
    return {"metric": f"apply a code to a selected span, browser round trip p95 ({applies} applies)",
            "value": round(value, 1), "unit": "ms", "baseline": round(baseline, 1),
            "baseline_name": "old whole-page round trip in the same page (Accept suggestion: reload every turn)",
            "ratio": round(value / baseline, 2), "target": "p95 <= 150 ms", "ok": value <= 150,
            "median": round(sorted(ours)[len(ours) // 2], 1), "last_status": text[:80]}


def run() -> list[dict]:
    return [bench_pipeline(), *bench_page(), bench_apply()]


if __name__ == "__main__":
    for row in run():
        print(row)
