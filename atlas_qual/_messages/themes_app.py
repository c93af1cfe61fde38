"""Messages of stored theme runs, `atlas-qual themes` and the themes app (Spanish, English)."""

MESSAGES = {
    # --- store: runs and edits ------------------------------------------------------------------------------------
    "themes_store_no_segments": (
        "No hay segmentos codificados con {code_es} (codificaciones aceptadas de codificadores humanos). Codifique "
        "segmentos con este código o quite filtros (DMOP, territorio, institución, rol, codificador).",
        "No segments are coded with {code_en} (accepted codings of human coders). Code segments with this code or "
        "remove filters (DMOP, territory, institution, role, coder).",
    ),
    "themes_store_too_little": (
        "Hay muy poco texto en {code_es} para encontrar temas: {n} segmentos con texto y {words} palabras con "
        "contenido; se necesitan al menos {min_texts} segmentos y {min_words} palabras con contenido. Quite "
        "filtros (DMOP, territorio, institución, rol, codificador) o codifique más segmentos con este código.",
        "There is too little text in {code_en} to find themes: {n} segments with text and {words} content words; at "
        "least {min_texts} segments and {min_words} content words are needed. Remove filters (DMOP, territory, "
        "institution, role, coder) or code more segments with this code.",
    ),
    "themes_store_run_unknown": (
        "No existe la corrida de temas {id}. Vea las corridas guardadas en la aplicación de temas.",
        "There is no theme run {id}. See the stored runs in the themes app.",
    ),
    "themes_store_theme_unknown": (
        "No existe el tema {id}; quizás se borró su corrida. Vuelva a cargar la página de temas.",
        "There is no theme {id}; its run may have been removed. Reload the themes page.",
    ),
    "themes_store_theme_deleted": (
        "El tema {id} está eliminado. Restáurelo antes de renombrarlo o unirlo.",
        "Theme {id} is deleted. Restore it before renaming or merging it.",
    ),
    "themes_store_merge_runs": (
        "Solo se pueden unir temas de una misma corrida (mismo código y filtros). Elija temas de una sola columna.",
        "Only themes of the same run (same code and filters) can be merged. Choose themes from one column.",
    ),
    "themes_store_merge_needs_two": (
        "Para unir temas elija al menos dos temas distintos.",
        "To merge themes choose at least two different themes.",
    ),
    "themes_store_label_too_long": (
        "El nombre del tema tiene {n} caracteres; use como máximo {max}.",
        "The theme name has {n} characters; use at most {max}.",
    ),
    # --- texts of a CSV/XLSX column -------------------------------------------------------------------------------
    "themes_texts_column_missing": (
        "{file}: indique la columna con los textos (--column NOMBRE).",
        "{file}: name the column that holds the texts (--column NAME).",
    ),
    "themes_texts_no_column": (
        "{file}: no hay una columna '{column}'. Columnas del archivo: {columns}. Escriba el nombre tal como aparece "
        "en la primera fila.",
        "{file}: there is no column '{column}'. Columns in the file: {columns}. Write the name as it appears in the "
        "first row.",
    ),
    "themes_texts_column_twice": (
        "{file}: hay varias columnas llamadas '{column}' ({columns}). Cambie el nombre de una en la primera fila.",
        "{file}: several columns are called '{column}' ({columns}). Rename one of them in the first row.",
    ),
    "themes_texts_bad_rows": (
        "{file}: {n} filas no se pueden leer: {rows_es}. Corrija esas filas y vuelva a intentarlo; no se analizó nada.",
        "{file}: {n} rows cannot be read: {rows_en}. Fix those rows and try again; nothing was analysed.",
    ),
    "themes_texts_row_width": (
        "fila {row} tiene {found} celdas y el encabezado {expected} (ponga entre comillas los textos con comas, "
        "punto y coma o saltos de línea, o guarde la planilla otra vez como CSV)",
        "row {row} has {found} cells and the header {expected} (put texts with commas, semicolons or line breaks in "
        "quotes, or save the sheet again as CSV)",
    ),
    "themes_texts_row_excel_error": (
        "fila {row} tiene el error de Excel {value} en lugar de un texto",
        "row {row} holds the Excel error {value} instead of a text",
    ),
    "themes_texts_csv_error": (
        "{file}: el CSV está dañado en la fila {row} ({reason}). Ábralo en su planilla y guárdelo de nuevo como "
        "CSV UTF-8.",
        "{file}: the CSV is damaged at row {row} ({reason}). Open it in your spreadsheet and save it again as CSV "
        "UTF-8.",
    ),
    "themes_texts_empty": (
        "{file}: el archivo no tiene filas. La primera fila debe tener los nombres de las columnas.",
        "{file}: the file has no rows. The first row must hold the column names.",
    ),
    "themes_texts_binary": (
        "{file}: no es un CSV ni un XLSX. Guárdelo desde su planilla como .csv (UTF-8) o .xlsx.",
        "{file}: it is neither CSV nor XLSX. Save it from your spreadsheet as .csv (UTF-8) or .xlsx.",
    ),
    "themes_texts_undecodable": (
        "{file}: no se reconoce la codificación del texto (byte {position}). Guárdelo como CSV UTF-8 desde su "
        "planilla.",
        "{file}: the text encoding is not recognized (byte {position}). Save it as CSV UTF-8 from your spreadsheet.",
    ),
    "themes_texts_xlsx_unreadable": (
        "{file}: no se puede abrir como Excel ({reason}). Guárdelo de nuevo como .xlsx o como CSV UTF-8.",
        "{file}: cannot be opened as Excel ({reason}). Save it again as .xlsx or as CSV UTF-8.",
    ),
    "themes_texts_old_excel": (
        "{file}: es un Excel antiguo (.xls). Guárdelo como .xlsx o como CSV UTF-8.",
        "{file}: it is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8.",
    ),
    "themes_texts_too_little": (
        "{file}, columna '{column}': hay muy poco texto para encontrar temas ({rows} filas, {n} con texto, {words} "
        "palabras con contenido). Se necesitan al menos {min_texts} textos y {min_words} palabras con contenido.",
        "{file}, column '{column}': there is too little text to find themes ({rows} rows, {n} with text, {words} "
        "content words). At least {min_texts} texts and {min_words} content words are needed.",
    ),
    # --- command line ---------------------------------------------------------------------------------------------
    "themes_cli_what": (
        "Indique qué analizar: --code CÓDIGO (segmentos codificados) o --texts ARCHIVO --column COLUMNA.",
        "Say what to analyse: --code CODE (coded segments) or --texts FILE --column COLUMN.",
    ),
    "themes_cli_both": (
        "Use --code o --texts, no los dos a la vez.",
        "Use --code or --texts, not both.",
    ),
    "themes_cli_filters_with_texts": (
        "Los filtros {flags} solo se aplican a --code; un archivo de textos no tiene DMOP, territorio, institución ni "
        "rol. Quítelos o filtre las filas en su planilla.",
        "The filters {flags} apply to --code only; a file of texts has no DMOP, territory, institution or role. "
        "Remove them or filter the rows in your spreadsheet.",
    ),
    "themes_cli_column_needed": (
        "Con --texts indique también la columna: --column COLUMNA.",
        "With --texts also name the column: --column COLUMN.",
    ),
    "themes_cli_summary": (
        "{code}: {segments} segmentos, {k} temas (corrida {run}, modelo {model})",
        "{code}: {segments} segments, {k} themes (run {run}, model {model})",
    ),
    "themes_cli_texts_summary": (
        "{file}, columna '{column}': {rows} filas, {k} temas (modelo {model})",
        "{file}, column '{column}': {rows} rows, {k} themes (model {model})",
    ),
    "themes_cli_segments": ("segmentos", "segments"),
    "themes_cli_rows": ("filas", "rows"),
    "themes_cli_row": ("fila", "row"),
    "themes_cli_unassigned": ("{n} sin tema", "{n} without a theme"),
    # --- the app --------------------------------------------------------------------------------------------------
    "themes_app_title": ("Temas en fortalezas y debilidades", "Themes in strengths and weaknesses"),
    "themes_app_intro": (
        "Temas que se repiten en lo que dijeron las personas entrevistadas, por código. Las citas se muestran con "
        "los datos personales ocultos.",
        "Themes that recur in what interviewees said, per code. Quotes are shown with personal data hidden.",
    ),
    "themes_app_view_single": ("Un código", "One code"),
    "themes_app_view_compare": ("Fortalezas y debilidades", "Strengths and weaknesses"),
    "themes_app_code": ("Código", "Code"),
    "themes_app_filter_dmop": ("DMOP", "DMOP"),
    "themes_app_filter_territory": ("Territorio", "Territory"),
    "themes_app_filter_institution": ("Institución", "Institution"),
    "themes_app_filter_role": ("Rol", "Role"),
    "themes_app_filter_coder": ("Codificador", "Coder"),
    "themes_app_any": ("(todos)", "(all)"),
    "themes_app_group_by": ("Comparar por", "Compare by"),
    "themes_app_embedding": ("Representación", "Embedding"),
    "themes_app_embedding_default": ("Léxica (sin descargas)", "Lexical (no downloads)"),
    "themes_app_embedding_st": ("MiniLM local (sentence-transformers)", "Local MiniLM (sentence-transformers)"),
    "themes_app_run": ("Buscar temas", "Find themes"),
    "themes_app_running": ("Buscando temas…", "Finding themes…"),
    "themes_app_loading_engine": (
        "Cargando el motor de temas en segundo plano; la primera búsqueda puede tardar unos segundos más.",
        "Loading the theme engine in the background; the first search may take a few seconds longer.",
    ),
    "themes_app_engine_ready": ("Motor de temas listo.", "Theme engine ready."),
    "themes_app_done": ("{k} temas en {code}.", "{k} themes in {code}."),
    "themes_app_none_yet": (
        "Todavía no hay temas guardados para {code} con estos filtros. Pulse «Buscar temas».",
        "No themes are stored yet for {code} with these filters. Press “Find themes”.",
    ),
    "themes_app_stored_run": (
        "Corrida {run} del {date}: {segments} segmentos, modelo {model}.",
        "Run {run} of {date}: {segments} segments, model {model}.",
    ),
    "themes_app_segments": ("{n} segmentos", "{n} segments"),
    "themes_app_terms": ("Términos", "Terms"),
    "themes_app_merged_from": ("Incluye: {labels}", "Includes: {labels}"),
    "themes_app_renamed_from": ("nombre del modelo: {label}", "model's name: {label}"),
    "themes_app_chart": ("Segmentos por tema: {code}", "Segments per theme: {code}"),
    "themes_app_heatmap": (
        "Proporción de los segmentos de cada {attribute} en cada tema: {code}",
        "Share of each {attribute}'s segments in each theme: {code}",
    ),
    "themes_app_removed": ("Temas eliminados o unidos", "Deleted or merged themes"),
    "themes_app_removed_deleted": ("eliminado", "deleted"),
    "themes_app_removed_merged": ("unido a «{label}»", "merged into “{label}”"),
    "themes_app_edit_title": ("Editar temas", "Edit themes"),
    "themes_app_theme": ("Tema", "Theme"),
    "themes_app_themes_to_merge": ("Temas a unir", "Themes to merge"),
    "themes_app_new_label": ("Nuevo nombre", "New name"),
    "themes_app_rename": ("Renombrar", "Rename"),
    "themes_app_merge": ("Unir", "Merge"),
    "themes_app_delete": ("Eliminar", "Delete"),
    "themes_app_restore": ("Restaurar", "Restore"),
    "themes_app_removed_short": ("Eliminado o unido", "Deleted or merged"),
    "themes_app_reset": ("Deshacer todas las ediciones", "Undo every edit"),
    "themes_app_saved": ("Cambios guardados.", "Changes saved."),
    "themes_app_pick_theme": ("Elija un tema.", "Choose a theme."),
    "themes_app_need_label": ("Escriba el nuevo nombre.", "Type the new name."),
}
