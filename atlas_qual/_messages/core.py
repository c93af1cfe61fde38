"""Messages of the project store, the CLI and the reference data."""

MESSAGES = {
    "file_empty": (
        "{file}: el archivo está vacío. Revise que sea la transcripción correcta y vuelva a importarlo.",
        "{file}: the file is empty. Check that it is the right transcript and import it again.",
    ),
    "no_project": (
        "No hay un proyecto en {path}. Créelo con 'atlas-qual init' o indique otro con --project.",
        "There is no project at {path}. Create one with 'atlas-qual init' or name another with --project.",
    ),
    "not_a_project": (
        "{path} no es un proyecto de atlas-qual ({reason}). No se modificó nada; indique un proyecto con --project.",
        "{path} is not an atlas-qual project ({reason}). Nothing was changed; name a project with --project.",
    ),
    "schema_too_new": (
        "{path} usa la versión de esquema {found}, más nueva que la {supported} de esta versión de atlas-qual. "
        "Actualice atlas-qual (pip install -U atlas-qual); no se modificó nada.",
        "{path} uses schema version {found}, newer than {supported} supported by this atlas-qual. "
        "Upgrade atlas-qual (pip install -U atlas-qual); nothing was changed.",
    ),
    "db_unreachable": (
        "No se pudo abrir la base de datos {path}: {reason}. Revise la ruta o la URL y los permisos.",
        "Could not open the database {path}: {reason}. Check the path or URL and the permissions.",
    ),
    "unknown_dmop": (
        "DMOP desconocido: {dmop}. Use uno de: {known}.",
        "Unknown DMOP: {dmop}. Use one of: {known}.",
    ),
    "unknown_territory": (
        "Territorio desconocido: {territory}. Use uno de: {known}.",
        "Unknown territory: {territory}. Use one of: {known}.",
    ),
    "unknown_institution": (
        "Institución desconocida: {institution}. Use una sigla de: {known}.",
        "Unknown institution: {institution}. Use an acronym from: {known}.",
    ),
    "project_exists_demo": (
        "{path} ya contiene datos ({transcripts} transcripciones); la demo se construye solo sobre un proyecto nuevo. "
        "Use otro --project.",
        "{path} already holds data ({transcripts} transcripts); the demo is built only into a new project. "
        "Use another --project.",
    ),
}

MESSAGES.update({
    "init_done": (
        "Proyecto listo en {project}: {codes} códigos, {dmops} DMOP, {territories} territorios, {institutions} instituciones.",
        "Project ready at {project}: {codes} codes, {dmops} DMOPs, {territories} territories, {institutions} institutions.",
    ),
    "demo_done": (
        "Demo construida en {project}: {transcripts} transcripciones, {segments} segmentos, {codings} codificaciones, "
        "{sessions} sesión(es) de taller.",
        "Demo built at {project}: {transcripts} transcripts, {segments} segments, {codings} codings, "
        "{sessions} workshop session(s).",
    ),
    "info_schema_version": ("versión del esquema", "schema version"),
    "info_transcripts": ("transcripciones", "transcripts"),
    "info_segments": ("segmentos", "segments"),
    "info_codings": ("codificaciones", "codings"),
    "info_coders": ("codificadores", "coders"),
    "info_codes": ("códigos", "codes"),
    "info_gaps": ("brechas", "gaps"),
    "info_sessions": ("sesiones de taller", "workshop sessions"),
    "info_dmops": ("DMOP", "DMOPs"),
    "info_themes": ("temas", "themes"),
})

MESSAGES.update({
    "serve_urls": (
        "Sirviendo {project}\n  Inicio:        {base}/\n  Participantes: {base}/voila/render/participant.ipynb?session=CÓDIGO\n"
        "  Facilitación:  {base}/voila/render/facilitator.ipynb\n  Codificación:  {base}/voila/render/coding.ipynb\n"
        "  (cuadernos en {root}; Ctrl+C para detener)",
        "Serving {project}\n  Home:         {base}/\n  Participants: {base}/voila/render/participant.ipynb?session=CODE\n"
        "  Facilitator:  {base}/voila/render/facilitator.ipynb\n  Coding:       {base}/voila/render/coding.ipynb\n"
        "  (notebooks in {root}; Ctrl+C to stop)",
    ),
})
