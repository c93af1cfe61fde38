"""Messages of the agreement page, reconciliation, the agreement annex data and the project's REFI-QDA exchange."""

MESSAGES = {
    # --- agreement figures (page and report annex) -------------------------------------------------------------
    "agreement_app_title": ("Acuerdo entre codificadores", "Inter-coder agreement"),
    "agreement_app_overall": ("General", "Overall"),
    "agreement_app_col_code": ("Código", "Code"),
    "agreement_app_col_percent": ("Acuerdo", "Agreement"),
    "agreement_app_col_units": ("Unidades", "Units"),
    "agreement_app_col_positives": ("Segmentos con el código", "Segments with the code"),
    "agreement_app_method": (
        "Unidad de análisis: el segmento (turno de habla). Un codificador cubre todos los segmentos de las "
        "transcripciones que codificó; un segmento cuenta si lo cubrieron al menos dos de los codificadores elegidos. "
        "Para cada código se compara si cada codificador lo aplicó o no: acuerdo porcentual (segmentos en que todos "
        "coinciden), kappa de Cohen (dos codificadores) y alfa de Krippendorff (nominal, cualquier número de "
        "codificadores, admite datos faltantes). La fila «General» reúne todos los códigos; su acuerdo porcentual "
        "exige que coincidan todos los códigos del segmento.",
        "Unit of analysis: the segment (speaker turn). A coder covers every segment of the transcripts they coded; a "
        "segment counts when at least two of the chosen coders covered it. For each code the comparison is whether "
        "each coder applied it or not: percent agreement (segments where all agree), Cohen's kappa (two coders) and "
        "Krippendorff's alpha (nominal, any number of coders, missing data allowed). The \"Overall\" row pools every "
        "code; its percent agreement requires every code of the segment to match.",
    ),
    "agreement_app_chart_title": ("Alfa de Krippendorff por código", "Krippendorff's alpha per code"),
    "agreement_app_coders": ("Codificadores", "Coders"),
    "agreement_app_coders_hint": (
        "Elija dos o más codificadores (Ctrl o Mayús para elegir varios).",
        "Choose two or more coders (Ctrl or Shift to pick several).",
    ),
    "agreement_app_no_coders": (
        "Todavía no hay codificaciones de dos codificadores: codifique las mismas transcripciones con dos personas "
        "(página de codificación o «atlas-qual codings import») y vuelva aquí.",
        "There are no codings by two coders yet: code the same transcripts with two people (coding page or "
        "\"atlas-qual codings import\") and come back here.",
    ),
    "agreement_app_summary": (
        "{units} segmentos comparados · acuerdo {percent} · α = {alpha} · κ = {kappa}",
        "{units} segments compared · agreement {percent} · α = {alpha} · κ = {kappa}",
    ),
    "agreement_app_progress": (
        "{done} de {total} desacuerdos conciliados",
        "{done} of {total} disagreements reconciled",
    ),
    "agreement_app_no_disagreements": (
        "Los codificadores elegidos no tienen desacuerdos: no hay nada que conciliar.",
        "The chosen coders have no disagreements: there is nothing to reconcile.",
    ),
    "agreement_app_h_figures": ("Cifras por código", "Figures per code"),
    "agreement_app_h_reconcile": ("Conciliar desacuerdos", "Reconcile disagreements"),
    "agreement_app_h_table": ("Todos los desacuerdos", "All disagreements"),
    "agreement_app_card_where": ("{transcript}, turno {ordinal}", "{transcript}, turn {ordinal}"),
    "agreement_app_card_question": (
        "¿Se aplica «{code}» a este segmento?",
        "Does \"{code}\" apply to this segment?",
    ),
    "agreement_app_applied_by": ("Lo aplicó: {coders}", "Applied by: {coders}"),
    "agreement_app_not_applied_by": ("No lo aplicó: {coders}", "Not applied by: {coders}"),
    "agreement_app_position": ("Desacuerdo {n} de {total}", "Disagreement {n} of {total}"),
    "agreement_app_apply": ("Sí, aplicar el código", "Yes, apply the code"),
    "agreement_app_reject": ("No aplicar", "Do not apply"),
    "agreement_app_clear": ("Deshacer decisión", "Undo decision"),
    "agreement_app_prev": ("◀ Anterior", "◀ Previous"),
    "agreement_app_next": ("Siguiente ▶", "Next ▶"),
    "agreement_app_next_pending": ("Próximo pendiente", "Next pending"),
    "agreement_app_adopt": ("Copiar las coincidencias al consenso", "Copy the agreed codings to the consensus"),
    "agreement_app_adopted": (
        "Se copiaron {count} codificaciones en las que todos coincidían al codificador «{coder}».",
        "{count} codings on which everyone agreed were copied to coder \"{coder}\".",
    ),
    "agreement_app_decided_yes": ("Conciliado: se aplica", "Reconciled: applies"),
    "agreement_app_decided_no": ("Conciliado: no se aplica", "Reconciled: does not apply"),
    "agreement_app_pending": ("Pendiente", "Pending"),
    "agreement_app_saved": (
        "Decisión guardada como codificador «{coder}»; las codificaciones de cada codificador no cambian.",
        "Decision saved as coder \"{coder}\"; each coder's own codings are unchanged.",
    ),
    "agreement_app_col_where": ("Transcripción / turno", "Transcript / turn"),
    "agreement_app_col_text": ("Texto", "Text"),
    "agreement_app_col_applied": ("Aplicó", "Applied"),
    "agreement_app_col_not_applied": ("No aplicó", "Did not apply"),
    "agreement_app_col_decision": ("Decisión", "Decision"),
    "agreement_app_all_done": (
        "Todos los desacuerdos están conciliados.",
        "Every disagreement is reconciled.",
    ),
    "agreement_cli_disagreements": (
        "{count} desacuerdos (segmento, código) para conciliar en la página de acuerdo.",
        "{count} disagreements (segment, code) to reconcile on the agreement page.",
    ),
    "reconcile_unknown_segment": (
        "El segmento {id} no existe en el proyecto (¿se borró su transcripción?). Recargue la página.",
        "Segment {id} does not exist in the project (was its transcript deleted?). Reload the page.",
    ),
    # --- REFI-QDA exchange of the project ------------------------------------------------------------------------
    "refi_io_memo": ("Memo", "Memo"),
    "refi_io_unnamed_code": ("(código sin nombre)", "(unnamed code)"),
    "refi_io_unnamed_source": ("(fuente sin nombre)", "(unnamed source)"),
    "refi_io_write_failed": (
        "{file}: no se pudo escribir ({reason}). Revise que la carpeta exista y que tenga permiso de escritura.",
        "{file}: could not be written ({reason}). Check that the folder exists and that you may write in it.",
    ),
    "refi_io_export_skipped": (
        "«{source}», turno {segment}: una codificación en las posiciones {start}-{end} queda fuera del texto y no "
        "se exportó.",
        "'{source}', turn {segment}: a coding at positions {start}-{end} falls outside the text and was not exported.",
    ),
    "refi_io_exported_qdpx": (
        "{file}: {sources} fuentes, {codings} codificaciones, {codes} códigos, {users} usuarios, {cases} casos, "
        "{notes} memos ({redaction}).",
        "{file}: {sources} sources, {codings} codings, {codes} codes, {users} users, {cases} cases, {notes} memos "
        "({redaction}).",
    ),
    "refi_io_redacted": (
        "datos personales reemplazados; las codificaciones siguen sobre las mismas palabras",
        "personal data replaced; codings still cover the same words",
    ),
    "refi_io_not_redacted": (
        "SIN redactar: contiene nombres reales y datos personales; no lo comparta",
        "NOT redacted: holds real names and personal data; do not share it",
    ),
    "refi_io_exported_codebook": ("{file}: {codes} códigos.", "{file}: {codes} codes."),
    "refi_io_import_summary": (
        "{file}: {sources} fuentes nuevas ({merged} ya estaban), {codes} códigos nuevos ({matched} ya existían), "
        "{users} usuarios, {codings} codificaciones importadas ({duplicates} repetidas), {memos} memos; "
        "{unplaced} codificaciones sin ubicar.",
        "{file}: {sources} new sources ({merged} already there), {codes} new codes ({matched} already existed), "
        "{users} users, {codings} codings imported ({duplicates} repeated), {memos} memos; {unplaced} codings "
        "unplaced.",
    ),
    "refi_io_warn_code_renamed": (
        "{file}: el código «{code}» contiene «/», que en atlas-qual separa niveles; se importó como «{name}».",
        "{file}: code '{code}' contains '/', which separates levels in atlas-qual; it was imported as '{name}'.",
    ),
    "refi_io_warn_attribute": (
        "{file}: la fuente «{source}» tiene {attribute} = «{value}», que el proyecto no reconoce; se guardó como "
        "atributo adicional. Corríjalo en el proyecto si corresponde.",
        "{file}: source '{source}' has {attribute} = '{value}', which the project does not recognize; it was kept "
        "as an extra attribute. Fix it in the project if needed.",
    ),
    "refi_io_warn_orphan_cases": (
        "{file}: {count} casos no están vinculados a ninguna fuente; sus variables no se importaron.",
        "{file}: {count} cases are not linked to any source; their variables were not imported.",
    ),
    "refi_io_warn_empty_source": (
        "{file}: la fuente «{source}» no tiene texto; no se importó.",
        "{file}: source '{source}' has no text; it was not imported.",
    ),
    "refi_io_warn_merged": (
        "{file}: la fuente «{source}» ya está en el proyecto (transcripción #{id}, «{title}»); sus codificaciones "
        "y memos se agregaron a esa transcripción.",
        "{file}: source '{source}' is already in the project (transcript #{id}, '{title}'); its codings and memos "
        "were added to that transcript.",
    ),
    "refi_io_warn_same_guid": (
        "{file}: la fuente «{source}» es la transcripción #{id} («{title}») con otro texto (¿una exportación "
        "redactada?); se importó como transcripción nueva. Para reunir codificaciones, exporte con --no-redact.",
        "{file}: source '{source}' is transcript #{id} ('{title}') with a different text (a redacted export?); it "
        "was imported as a new transcript. To bring codings together, export with --no-redact.",
    ),
    "refi_io_warn_crossing": (
        "{file}: {count} codificaciones abarcan más de un segmento; se guardaron en el segmento donde empiezan, con "
        "su extensión completa.",
        "{file}: {count} codings span more than one segment; they were stored on the segment where they start, with "
        "their full extent.",
    ),
    "refi_io_unplaced_outside": (
        "«{source}», posiciones {start}-{end}: la selección cae solo en líneas de encabezado o en blanco, fuera de "
        "todo segmento.",
        "'{source}', positions {start}-{end}: the selection falls only on header or blank lines, outside every "
        "segment.",
    ),
    "refi_io_unplaced_empty_source": (
        "«{source}», posiciones {start}-{end}: la fuente no tiene texto.",
        "'{source}', positions {start}-{end}: the source has no text.",
    ),
}
