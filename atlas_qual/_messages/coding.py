"""Messages of the codebook, auto-coding, codings import/export, retrieval and the coding app."""

MESSAGES = {
    # --- transcripts import (store)
    "csv_undecodable": (
        "{file}: no se puede leer el texto (byte {position}). Guárdelo como CSV UTF-8 desde su planilla.",
        "{file}: the text cannot be read (byte {position}). Save it as CSV UTF-8 from your spreadsheet.",
    ),
    "import_unexpected": (
        "{file}: no se pudo leer ({reason}). El archivo puede estar dañado; ábralo y guárdelo de nuevo, o "
        "expórtelo como .txt. El resto del lote se importó.",
        "{file}: could not be read ({reason}). The file may be damaged; open it and save it again, or export it "
        "as .txt. The rest of the batch was imported.",
    ),
    # --- codebook files and validation
    "codebook_invalid": (
        "{source}: el libro de códigos tiene problemas: {problems}. Corríjalos y vuelva a importarlo; no se cambió nada.",
        "{source}: the codebook has problems: {problems}. Fix them and import it again; nothing was changed.",
    ),
    "codebook_no_codes": (
        "{source}: no hay una lista de códigos. El archivo debe empezar con 'codes:' seguido de la lista de códigos.",
        "{source}: there is no list of codes. The file must start with 'codes:' followed by the list of codes.",
    ),
    "codebook_bad_yaml": (
        "{source}, línea:columna {where}: YAML inválido ({reason}). Revise la sangría y las comillas.",
        "{source}, line:column {where}: invalid YAML ({reason}). Check the indentation and the quotes.",
    ),
    "codebook_csv_no_path": (
        "{source}: falta la columna 'path'. La primera fila debe ser: {columns}.",
        "{source}: the 'path' column is missing. The first row must be: {columns}.",
    ),
    "codebook_unsupported": (
        "{file}: use un archivo .yaml, .yml o .csv para el libro de códigos.",
        "{file}: use a .yaml, .yml or .csv file for the codebook.",
    ),
    "codebook_problem_rules_not_mapping": (
        "las reglas deben ser un mapa (lemmas, phrases, regex, speakers, attributes)",
        "rules must be a mapping (lemmas, phrases, regex, speakers, attributes)",
    ),
    "codebook_problem_rules_unknown_key": (
        "regla desconocida '{field}' (use {known})",
        "unknown rule '{field}' (use {known})",
    ),
    "codebook_problem_rules_bad_regex": (
        "expresión regular inválida '{pattern}' ({reason})",
        "invalid regular expression '{pattern}' ({reason})",
    ),
    "codebook_problem_rules_attributes_not_mapping": (
        "'attributes' debe ser un mapa atributo: valores (p. ej. territory: [boqueron])",
        "'attributes' must map an attribute to values (e.g. territory: [boqueron])",
    ),
    "codebook_problem_rules_unknown_attribute": (
        "atributo desconocido '{field}' (use {known})",
        "unknown attribute '{field}' (use {known})",
    ),
    "codebook_problem_name_empty": ("falta el nombre del código", "the code has no name"),
    "codebook_problem_name_slash": (
        "el nombre '{name}' contiene '/', que separa padre e hijo; use otro signo",
        "the name '{name}' contains '/', which separates parent and child; use another sign",
    ),
    "codebook_problem_name_too_long": (
        "el nombre '{name}…' supera los {max} caracteres",
        "the name '{name}…' is longer than {max} characters",
    ),
    "codebook_problem_bad_color": (
        "color '{color}' inválido (use #rrggbb, p. ej. #1f5fa8)",
        "invalid colour '{color}' (use #rrggbb, e.g. #1f5fa8)",
    ),
    "codebook_problem_code_not_mapping": (
        "cada código debe ser un mapa con 'name'",
        "each code must be a mapping with 'name'",
    ),
    "codebook_problem_code_unknown_key": (
        "campo desconocido '{field}'",
        "unknown field '{field}'",
    ),
    "codebook_problem_children_not_list": (
        "'children' debe ser una lista de códigos",
        "'children' must be a list of codes",
    ),
    "codebook_problem_duplicate_sibling": (
        "'{name}' repite el nombre de '{other}' en el mismo nivel",
        "'{name}' repeats the name of '{other}' at the same level",
    ),
    "codebook_problem_attributes_cell": (
        "'{cell}' no tiene la forma atributo=valor1,valor2",
        "'{cell}' is not of the form attribute=value1,value2",
    ),
    "codebook_problem_csv_bad_path": (
        "la ruta '{path}' está vacía o tiene un nivel vacío (use Padre/Hijo)",
        "the path '{path}' is empty or has an empty level (use Parent/Child)",
    ),
    "codebook_problem_csv_duplicate_path": (
        "la ruta '{path}' ya apareció en otra fila",
        "the path '{path}' already appeared in another row",
    ),
    "codebook_problem_csv_missing_parent": (
        "el código padre '{parent}' no está en el archivo; agregue una fila para él",
        "the parent code '{parent}' is not in the file; add a row for it",
    ),
    # --- code resolution and edits
    "code_unknown": (
        "No existe el código '{code}'. Escriba su nombre o su ruta Padre/Hijo, p. ej.: {hint}.",
        "There is no code '{code}'. Write its name or its path Parent/Child, e.g.: {hint}.",
    ),
    "code_unknown_id": (
        "No existe el código #{id}; quizá fue borrado o fusionado. Recargue la página.",
        "There is no code #{id}; it may have been deleted or merged. Reload the page.",
    ),
    "code_ambiguous": (
        "'{code}' puede ser varios códigos: {paths}. Escriba la ruta completa Padre/Hijo.",
        "'{code}' may mean several codes: {paths}. Write the full path Parent/Child.",
    ),
    "code_exists": (
        "Ya existe un código '{name}' en {parent}. Elija otro nombre o fusione los códigos.",
        "There is already a code '{name}' under {parent}. Choose another name or merge the codes.",
    ),
    "code_top_level": ("el nivel superior", "the top level"),
    "code_move_cycle": (
        "No se puede mover '{code}' dentro de '{parent}': '{parent}' está dentro de '{code}'.",
        "Cannot move '{code}' into '{parent}': '{parent}' is inside '{code}'.",
    ),
    "code_merge_self": (
        "No se puede fusionar '{code}' consigo mismo ni con uno de sus subcódigos.",
        "Cannot merge '{code}' into itself or into one of its subcodes.",
    ),
    "code_delete_unconfirmed": (
        "Borrar '{code}' elimina {codes} código(s) y {codings} codificación(es). Confirme para borrar.",
        "Deleting '{code}' removes {codes} code(s) and {codings} coding(s). Confirm to delete.",
    ),
    # --- codings
    "coder_missing": (
        "Falta el nombre del codificador. Escríbalo (p. ej. ana.gimenez) antes de codificar.",
        "The coder's name is missing. Type it (e.g. ana.gimenez) before coding.",
    ),
    "coder_too_long": (
        "El nombre del codificador '{coder}…' supera los 120 caracteres.",
        "The coder name '{coder}…' is longer than 120 characters.",
    ),
    "segment_unknown": (
        "No existe el segmento #{id}. Vea los segmentos con 'atlas-qual segments --transcript ID'.",
        "There is no segment #{id}. See the segments with 'atlas-qual segments --transcript ID'.",
    ),
    "span_outside_segment": (
        "El fragmento {start}-{end} está fuera del segmento #{id} ({seg_start}-{seg_end}). Elija texto del segmento.",
        "The span {start}-{end} is outside segment #{id} ({seg_start}-{seg_end}). Choose text of the segment.",
    ),
    "suggestion_unknown": (
        "La sugerencia #{id} ya no existe (quizá se volvió a ejecutar la codificación automática). Recargue.",
        "Suggestion #{id} no longer exists (auto-coding may have run again). Reload.",
    ),
    "coding_not_yours": (
        "La codificación #{id} es de otro codificador; solo puede cambiar las suyas.",
        "Coding #{id} belongs to another coder; you can only change your own.",
    ),
    "memo_kind_unknown": (
        "Tipo de memo desconocido '{kind}' (use segment, code o transcript).",
        "Unknown memo kind '{kind}' (use segment, code or transcript).",
    ),
    "memo_target_unknown": (
        "No existe el {kind} #{id} para el memo.",
        "There is no {kind} #{id} for the memo.",
    ),
    # --- codings CSV import / export
    "codings_csv_columns": (
        "{file}: faltan columnas. Use 'segment_id,code,coder' o 'transcript,segment,code,coder' (encontradas: {found}).",
        "{file}: columns are missing. Use 'segment_id,code,coder' or 'transcript,segment,code,coder' (found: {found}).",
    ),
    "codings_csv_empty": (
        "{file}: no tiene filas de codificaciones.",
        "{file}: holds no coding rows.",
    ),
    "codings_row_error": (
        "{file}, fila {row}: {error}",
        "{file}, row {row}: {error}",
    ),
    "codings_row_no_coder": (
        "falta el codificador (columna coder)",
        "the coder is missing (column coder)",
    ),
    "codings_row_no_code": ("falta el código (columna code)", "the code is missing (column code)"),
    "codings_row_bad_segment_id": (
        "segment_id '{value}' no es un número",
        "segment_id '{value}' is not a number",
    ),
    "codings_row_unknown_segment": (
        "no existe el segmento #{value}",
        "there is no segment #{value}",
    ),
    "codings_row_unknown_transcript": (
        "no hay una transcripción importada con el archivo '{value}'",
        "no imported transcript has the file name '{value}'",
    ),
    "codings_row_ambiguous_transcript": (
        "hay varias transcripciones con el archivo '{value}' (#{ids}); use segment_id",
        "several transcripts have the file name '{value}' (#{ids}); use segment_id",
    ),
    "codings_row_bad_ordinal": (
        "segment '{value}' debe ser el número de turno (1, 2, 3...)",
        "segment '{value}' must be the turn number (1, 2, 3...)",
    ),
    "codings_row_no_ordinal": (
        "'{transcript}' no tiene el segmento {value} (tiene {count})",
        "'{transcript}' has no segment {value} (it has {count})",
    ),
    "codings_row_segment_mismatch": (
        "segment_id {segment_id} no es el turno {value} de '{transcript}' (¿el archivo viene de otro proyecto?); "
        "borre la columna segment_id para ubicar las codificaciones por archivo y turno",
        "segment_id {segment_id} is not turn {value} of '{transcript}' (does the file come from another project?); "
        "delete the segment_id column to place the codings by file and turn",
    ),
    "codings_import_failed": (
        "{file}: {n} fila(s) con errores; no se importó ninguna codificación de este archivo (todo o nada). "
        "Corrija las filas y vuelva a importarlo.",
        "{file}: {n} row(s) with errors; no coding of this file was imported (all or nothing). "
        "Fix the rows and import it again.",
    ),
    "codings_import_ok": (
        "{file}: {imported} codificaciones importadas, {duplicates} ya existían.",
        "{file}: {imported} codings imported, {duplicates} already existed.",
    ),
    "codings_export_ok": (
        "{file}: {rows} codificaciones exportadas{redacted}.",
        "{file}: {rows} codings exported{redacted}.",
    ),
    "export_redacted": (" (datos personales ocultos)", " (personal data redacted)"),
    "export_not_redacted": (" (SIN ocultar datos personales: no compartir)", " (personal data NOT redacted: do not share)"),
    "xlsx_export_ok": (
        "{file}: libro de Excel con {sheets} hojas ({rows} codificaciones){redacted}.",
        "{file}: Excel workbook with {sheets} sheets ({rows} codings){redacted}.",
    ),
    "export_write_failed": (
        "{file}: no se pudo escribir ({reason}). Revise la carpeta y que el archivo no esté abierto en otro programa.",
        "{file}: could not be written ({reason}). Check the folder and that the file is not open in another program.",
    ),
    "autocode_progress": ("Codificación automática", "Auto-coding"),
    "autocode_done": (
        "{transcripts} transcripción(es), {segments} segmentos: {suggestions} sugerencias nuevas para '{coder}'.",
        "{transcripts} transcript(s), {segments} segments: {suggestions} new suggestions for '{coder}'.",
    ),
    "autocode_no_rules": (
        "Ningún código tiene reglas de codificación automática. Agregue 'rules' en el libro de códigos.",
        "No code has auto-coding rules. Add 'rules' to the codebook.",
    ),
    "autocode_rule_line": (
        "  {code} [{rule}]: precisión {precision}, exhaustividad {recall} (vs {coder}, {tp} aciertos)",
        "  {code} [{rule}]: precision {precision}, recall {recall} (vs {coder}, {tp} hits)",
    ),
    # --- sheet and column names of exports
    "sheet_codings": ("Codificaciones", "Codings"),
    "sheet_codebook": ("Libro de códigos", "Codebook"),
    "sheet_matrix": ("Código x {attribute}", "Code x {attribute}"),
    "sheet_cooccurrence": ("Coocurrencia", "Co-occurrence"),
    "sheet_transcripts": ("Entrevistas", "Interviews"),
    "col_code": ("Código", "Code"),
    "col_interviews": ("entrevistas", "interviews"),
    "col_segments": ("segmentos", "segments"),
    "col_pct_interviews": ("% de entrevistas", "% of interviews"),
    "attr_dmop": ("DMOP", "DMOP"),
    "attr_territory": ("Territorio", "Territory"),
    "attr_institution": ("Institución", "Institution"),
    "attr_role": ("Rol", "Role"),
    "attr_mode": ("Modalidad", "Mode"),
    "attr_language": ("Idioma", "Language"),
    "attr_interviewer": ("Entrevistador/a", "Interviewer"),
    "attr_pseudonym": ("Seudónimo", "Pseudonym"),
    "attr_date": ("Fecha", "Date"),
    "attr_none": ("(sin dato)", "(none)"),
    "mode_in_person": ("presencial", "in person"),
    "mode_phone": ("telefónica", "phone"),
    "mode_online": ("en línea", "online"),
    # --- the coding app
    "coding_app_coder": ("Codificador/a", "Coder"),
    "coding_app_coder_placeholder": ("su nombre, p. ej. ana.gimenez", "your name, e.g. ana.gimenez"),
    "coding_app_no_coder_short": ("sin elegir", "not chosen"),
    "coding_app_need_coder": (
        "Escriba o elija su nombre de codificador/a para ver y aplicar sus códigos. Solo verá sus propias "
        "codificaciones (codificación ciega).",
        "Type or choose your coder name to see and apply your codes. You will see only your own codings "
        "(blind coding).",
    ),
    "coding_app_transcript": ("Entrevista", "Interview"),
    "coding_app_no_transcripts": (
        "Todavía no hay transcripciones. Impórtelas con 'atlas-qual import ARCHIVO...'.",
        "There are no transcripts yet. Import them with 'atlas-qual import FILE...'.",
    ),
    "coding_app_prev": ("Página anterior", "Previous page"),
    "coding_app_next": ("Página siguiente", "Next page"),
    "coding_app_page": ("Página", "Page"),
    "coding_app_page_of": ("Pág. (de {pages})", "Page (of {pages})"),
    "coding_app_filter": ("Mostrar", "Show"),
    "coding_app_filter_all": ("todos los segmentos", "all segments"),
    "coding_app_filter_uncoded": ("sin codificar (por mí)", "not coded (by me)"),
    "coding_app_filter_suggested": ("con sugerencias pendientes", "with pending suggestions"),
    "coding_app_filter_code": ("código: {code}", "code: {code}"),
    "coding_app_filter_speaker": ("hablante: {speaker}", "speaker: {speaker}"),
    "coding_app_no_segments": (
        "Ningún segmento cumple el filtro. Elija 'todos los segmentos'.",
        "No segment matches the filter. Choose 'all segments'.",
    ),
    "coding_app_progress": (
        "{coded} de {total} segmentos codificados ({pct} %)",
        "{coded} of {total} segments coded ({pct}%)",
    ),
    "coding_app_permalink": ("Enlace a esta vista", "Link to this view"),
    "coding_app_segment": ("Segmento", "Segment"),
    "coding_app_code": ("Código", "Code"),
    "coding_app_code_placeholder": ("escriba para buscar un código", "type to find a code"),
    "coding_app_apply": ("Aplicar", "Apply"),
    "coding_app_apply_tip": ("Aplicar el código al segmento elegido", "Apply the code to the chosen segment"),
    "coding_app_remove": ("Quitar", "Remove"),
    "coding_app_remove_tip": ("Quitar el código del segmento elegido", "Remove the code from the chosen segment"),
    "coding_app_accept": ("Aceptar sugerencia", "Accept suggestion"),
    "coding_app_accept_tip": (
        "Acepta la sugerencia del código elegido (o todas las del segmento si no eligió código)",
        "Accepts the suggestion of the chosen code (or all of the segment's if no code is chosen)",
    ),
    "coding_app_reject": ("Rechazar sugerencia", "Reject suggestion"),
    "coding_app_reject_tip": (
        "Rechaza la sugerencia del código elegido (o todas las del segmento si no eligió código)",
        "Rejects the suggestion of the chosen code (or all of the segment's if no code is chosen)",
    ),
    "coding_app_memos": ("Memos", "Memos"),
    "coding_app_memos_tip": ("Notas sobre el segmento, la entrevista o un código", "Notes on the segment, interview or a code"),
    "coding_app_codebook": ("Libro de códigos", "Codebook"),
    "coding_app_applied": ("'{code}' aplicado al segmento #{ordinal}.", "'{code}' applied to segment #{ordinal}."),
    "coding_app_removed": ("'{code}' quitado del segmento #{ordinal}.", "'{code}' removed from segment #{ordinal}."),
    "coding_app_nothing_removed": (
        "El segmento #{ordinal} no tiene su código '{code}'; no se quitó nada.",
        "Segment #{ordinal} does not carry your code '{code}'; nothing was removed.",
    ),
    "coding_app_accepted": ("Aceptado en #{ordinal}: {codes}.", "Accepted on #{ordinal}: {codes}."),
    "coding_app_rejected": ("Rechazado en #{ordinal}: {codes}.", "Rejected on #{ordinal}: {codes}."),
    "coding_app_no_suggestions": (
        "El segmento #{ordinal} no tiene sugerencias pendientes.",
        "Segment #{ordinal} has no pending suggestions.",
    ),
    "coding_app_definition": ("Definición", "Definition"),
    "coding_app_when_to_use": ("Cuándo usarlo", "When to use it"),
    "coding_app_when_not_to_use": ("Cuándo no usarlo", "When not to use it"),
    "coding_app_example": ("Ejemplo", "Example"),
    "coding_app_code_usage": ("{codings} codificaciones, {subcodes} subcódigos", "{codings} codings, {subcodes} subcodes"),
    "coding_app_memo_segment": ("Segmento", "Segment"),
    "coding_app_memo_transcript": ("Entrevista", "Interview"),
    "coding_app_memo_code": ("Código", "Code"),
    "coding_app_memo_placeholder": ("Su memo (solo usted lo ve aquí)", "Your memo (only you see it here)"),
    "coding_app_memo_save": ("Guardar memo", "Save memo"),
    "coding_app_memo_saved": ("Memo guardado: {target}.", "Memo saved: {target}."),
    "coding_app_memo_pick_code": ("Elija un código en el campo Código.", "Choose a code in the Code field."),
    "coding_app_top_level": ("(nivel superior)", "(top level)"),
    "coding_app_cb_help": (
        "Elija un código en el campo Código para renombrarlo, moverlo, fusionarlo o borrarlo. Los cambios valen "
        "para todos los codificadores.",
        "Choose a code in the Code field to rename, move, merge or delete it. Changes apply to every coder.",
    ),
    "coding_app_cb_name": ("Nombre", "Name"),
    "coding_app_cb_name_tip": ("nombre nuevo", "new name"),
    "coding_app_cb_parent": ("Dentro de", "Under"),
    "coding_app_cb_add": ("Agregar código", "Add code"),
    "coding_app_cb_rename": ("Renombrar", "Rename"),
    "coding_app_cb_move": ("Mover", "Move"),
    "coding_app_cb_merge_into": ("Fusionar en", "Merge into"),
    "coding_app_cb_merge": ("Fusionar", "Merge"),
    "coding_app_cb_delete": ("Borrar código", "Delete code"),
    "coding_app_cb_confirm_delete": ("Confirmar borrado", "Confirm delete"),
    "coding_app_cb_autocode": ("Sugerir códigos en esta entrevista", "Suggest codes in this interview"),
    "coding_app_cb_added": ("Código agregado: {code}.", "Code added: {code}."),
    "coding_app_cb_renamed": ("'{old}' ahora es '{code}'.", "'{old}' is now '{code}'."),
    "coding_app_cb_moved": ("'{old}' ahora es '{code}'.", "'{old}' is now '{code}'."),
    "coding_app_cb_merged": (
        "'{source}' fusionado en '{target}': {moved} codificaciones movidas, {collapsed} duplicadas unidas.",
        "'{source}' merged into '{target}': {moved} codings moved, {collapsed} duplicates collapsed.",
    ),
    "coding_app_cb_deleted": ("'{code}' borrado con {codings} codificaciones.", "'{code}' deleted with {codings} codings."),
    "coding_app_cb_export": ("Exportar {fmt}", "Export {fmt}"),
    "coding_app_cb_download": ("Descargar {name}", "Download {name}"),
    "coding_app_cb_upload": ("Libro .yaml/.csv", "Codebook .yaml/.csv"),
    "coding_app_cb_import": ("Importar libro", "Import codebook"),
    "coding_app_cb_no_file": (
        "Elija primero un archivo .yaml o .csv con el botón de carga.",
        "First choose a .yaml or .csv file with the upload button.",
    ),
    "coding_app_cb_imported": (
        "{file}: {added} códigos nuevos, {updated} actualizados (no se borró ninguno).",
        "{file}: {added} new codes, {updated} updated (none deleted).",
    ),
    "coding_app_autocode_running": (
        "Buscando sugerencias (la primera vez tarda unos segundos)…",
        "Looking for suggestions (the first time takes a few seconds)…",
    ),
    "coding_app_autocode_done": (
        "{suggestions} sugerencias nuevas; {withdrawn} retiradas porque su regla ya no coincide.",
        "{suggestions} new suggestions; {withdrawn} withdrawn because their rule no longer matches.",
    ),
    # --- the retrieval page
    "retrieval_title": ("Recuperación y comparación", "Retrieval and comparison"),
    "retrieval_view_quotes": ("Citas", "Quotes"),
    "retrieval_view_matrix": ("Código × atributo", "Code × attribute"),
    "retrieval_view_cooccurrence": ("Coocurrencia", "Co-occurrence"),
    "retrieval_all_codes": ("(todos los códigos)", "(all codes)"),
    "retrieval_all_coders": ("(todos)", "(everybody)"),
    "retrieval_any": ("(todos)", "(any)"),
    "retrieval_compare_by": ("Comparar por", "Compare by"),
    "retrieval_excel": ("Excel", "Excel"),
    "retrieval_csv": ("CSV", "CSV"),
    "retrieval_download": ("Descargar {name}", "Download {name}"),
    "retrieval_none": (
        "No hay codificaciones con estos filtros. Quite algún filtro o codifique más entrevistas.",
        "No codings match these filters. Remove a filter or code more interviews.",
    ),
    "retrieval_count": ("segmentos codificados en {interviews} entrevista(s)", "coded segments in {interviews} interview(s)"),
    "retrieval_more": (
        "Se muestran {shown} de {total}; descargue el Excel para verlos todos.",
        "Showing {shown} of {total}; download the Excel file to see them all.",
    ),
    "retrieval_turn": ("Turno", "Turn"),
    "retrieval_speaker": ("Hablante", "Speaker"),
    "retrieval_quote": ("Cita", "Quote"),
    "retrieval_matrix_pct": (
        "% de entrevistas (codificadas) de cada {attribute} que mencionan el código",
        "% of (coded) interviews of each {attribute} that mention the code",
    ),
    "retrieval_matrix_segments": ("Segmentos codificados por {attribute}", "Coded segments by {attribute}"),
    "retrieval_chart_code": ("{code}: % de entrevistas por {attribute}", "{code}: % of interviews by {attribute}"),
    "retrieval_chart_codes": ("Segmentos codificados por código", "Coded segments by code"),
    "retrieval_cooccurrence_caption": (
        "Segmentos con ambos códigos (diagonal: segmentos con el código)",
        "Segments with both codes (diagonal: segments with the code)",
    ),
    "retrieval_chart_pairs": ("Pares de códigos más frecuentes", "Most frequent code pairs"),
}
