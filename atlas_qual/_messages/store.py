"""Messages of storing transcripts and case attributes."""

MESSAGES = {
    "manifest_no_file_column": (
        "{file}: el manifiesto no tiene la columna 'file'. La primera fila debe ser: file,dmop,territory,institution,role,mode,date,language,interviewer,pseudonym.",
        "{file}: the manifest has no 'file' column. The first row must be: file,dmop,territory,institution,role,mode,date,language,interviewer,pseudonym.",
    ),
    "manifest_row_no_file": (
        "{file}, fila {row}: falta el nombre del archivo en la columna 'file'. Complételo o borre la fila.",
        "{file}, row {row}: the 'file' column is empty. Fill it in or delete the row.",
    ),
    "bad_date": (
        "Fecha no reconocida: '{value}'. Use AAAA-MM-DD (2025-03-14) o DD/MM/AAAA.",
        "Date not recognized: '{value}'. Use YYYY-MM-DD (2025-03-14) or DD/MM/YYYY.",
    ),
    "unknown_mode": (
        "Modalidad desconocida: '{mode}'. Use presencial, telefónica o en línea (in_person, phone, online).",
        "Unknown interview mode: '{mode}'. Use in_person, phone or online.",
    ),
    "transcript_duplicate": (
        "{file}: ya fue importado como transcripción #{id} ({other}); no se duplicó.",
        "{file}: already imported as transcript #{id} ({other}); not duplicated.",
    ),
    "transcript_duplicate_race": (
        "{file}: otra persona lo importó en este mismo momento; no se duplicó.",
        "{file}: someone else imported it at the same moment; not duplicated.",
    ),
    "file_unreadable": (
        "{file}: no se puede leer ({reason}). Revise la ruta y los permisos.",
        "{file}: cannot be read ({reason}). Check the path and the permissions.",
    ),
    "transcript_unknown": (
        "No existe la transcripción #{id}. Vea las transcripciones con 'atlas-qual info' o en la aplicación de codificación.",
        "There is no transcript #{id}. See the transcripts with 'atlas-qual info' or in the coding app.",
    ),
}

MESSAGES.update({
    "import_progress": ("Importando", "Importing"),
    "import_warning_label": ("aviso", "warning"),
    "codebook_import_done": ("{file}: {added} códigos nuevos, {updated} actualizados.",
                             "{file}: {added} new codes, {updated} updated."),
    "codebook_export_done": ("{file}: {n} códigos escritos.", "{file}: {n} codes written."),
    "import_ok": (
        "{file}: transcripción #{id}, {segments} segmentos (hablantes: {speakers})",
        "{file}: transcript #{id}, {segments} segments (speakers: {speakers})",
    ),
})

MESSAGES.update({
    "agreement_summary": (
        "Codificadores: {coders}; unidades (segmentos): {units}; acuerdo: {percent}; alfa de Krippendorff: {alpha}; kappa de Cohen: {kappa}",
        "Coders: {coders}; units (segments): {units}; agreement: {percent}; Krippendorff's alpha: {alpha}; Cohen's kappa: {kappa}",
    ),
})
