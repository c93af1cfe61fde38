"""Messages of the live workshop: store rules (sessions, rounds, votes, ballots, gap files), the CLI, the
facilitator and participant pages, and the Excel export."""

MESSAGES = {
    # --- tables (gap files, paper ballots, workgroups) ------------------------------------------------------------
    "wsapp_row_error": ("{file}, fila {row}: {message}", "{file}, row {row}: {message}"),
    "wsapp_table_rows_invalid": (
        "{file}: {count} fila(s) con errores, no se importó nada. Filas {first}{more}. Corrija esas filas y vuelva "
        "a importar el archivo.",
        "{file}: {count} row(s) with errors, nothing was imported. Rows {first}{more}. Fix those rows and import "
        "the file again.",
    ),
    "wsapp_table_unreadable": (
        "{file}: no se puede leer como planilla Excel ({reason}). Guárdelo de nuevo como .xlsx o como CSV.",
        "{file}: cannot be read as an Excel workbook ({reason}). Save it again as .xlsx or as CSV.",
    ),
    "wsapp_file_not_found": (
        "No se encuentra el archivo {file}. Revise la ruta.",
        "File {file} not found. Check the path.",
    ),
    "wsapp_table_type": (
        "{file}: use una tabla CSV (.csv) o Excel (.xlsx).",
        "{file}: use a CSV (.csv) or Excel (.xlsx) table.",
    ),
    "wsapp_table_empty": (
        "{file} no tiene filas. La primera fila lleva los nombres de las columnas y cada fila siguiente un dato.",
        "{file} has no rows. The first row holds the column names and each following row one entry.",
    ),
    "wsapp_table_missing_columns": (
        "{file}: faltan las columnas {missing} (encontradas: {found}). Ponga los nombres de columna en la primera "
        "fila.",
        "{file}: the columns {missing} are missing (found: {found}). Put the column names in the first row.",
    ),
    "wsapp_table_too_long": (
        "{file} tiene más de {limit} filas. Divídalo en varios archivos.",
        "{file} has more than {limit} rows. Split it into several files.",
    ),
    "wsapp_gap_no_id": ("falta el id de la brecha (por ejemplo G01).", "the gap id is missing (for example G01)."),
    "wsapp_gap_bad_id": (
        "el id «{id}» no sirve: use letras, números, «-», «_» o «.», empezando con una letra (por ejemplo G01).",
        "the id '{id}' cannot be used: use letters, digits, '-', '_' or '.', starting with a letter (for example "
        "G01).",
    ),
    "wsapp_gap_duplicate": (
        "el id «{id}» ya aparece en la fila {other}. Cada brecha necesita un id distinto.",
        "the id '{id}' already appears in row {other}. Each gap needs a different id.",
    ),
    "wsapp_gap_no_title": ("falta el título de la brecha.", "the gap title is missing."),
    "wsapp_gap_en_unknown": (
        "la brecha «{id}» no está en {file}. Use los mismos ids que el archivo en español.",
        "the gap '{id}' is not in {file}. Use the same ids as the Spanish file.",
    ),
    "wsapp_gap_unknown_action": (
        "la acción USDOL «{action}» no existe. Use ids de la lista 2018: {known}.",
        "the USDOL action '{action}' does not exist. Use ids from the 2018 list: {known}.",
    ),
    # --- sessions -------------------------------------------------------------------------------------------------
    "wsapp_unknown_session": (
        "No hay ninguna sesión con el código «{code}». Revise el código que muestra la pantalla del facilitador.",
        "There is no session with the code '{code}'. Check the code shown on the facilitator's screen.",
    ),
    "wsapp_not_authorized": (
        "Clave de facilitador incorrecta para la sesión {code}. Solo quien tiene la clave puede abrir o cerrar "
        "rondas, mostrar resultados, editar o exportar.",
        "Wrong facilitator key for session {code}. Only the key holder can open or close rounds, reveal results, "
        "edit or export.",
    ),
    "wsapp_missing_key": (
        "Falta la clave de facilitador. Use --key CLAVE o defina ATLAS_QUAL_FACILITATOR_KEY (la clave se mostró "
        "al crear la sesión).",
        "The facilitator key is missing. Use --key KEY or set ATLAS_QUAL_FACILITATOR_KEY (the key was shown when "
        "the session was created).",
    ),
    "wsapp_session_finished": (
        "La sesión {code} ya terminó: no se aceptan más participantes ni votos.",
        "Session {code} has ended: no more participants or votes are accepted.",
    ),
    "wsapp_title_required": ("Escriba un título para la sesión.", "Write a title for the session."),
    "wsapp_unknown_gaps": (
        "Estas brechas no están en el proyecto: {gaps}. Impórtelas primero con un archivo de brechas.",
        "These gaps are not in the project: {gaps}. Import them first with a gap file.",
    ),
    "wsapp_no_gaps": (
        "El proyecto no tiene brechas. Indique un archivo de brechas (columnas id,title,description) con --gaps.",
        "The project has no gaps. Give a gap file (columns id,title,description) with --gaps.",
    ),
    "wsapp_bad_item_ref": (
        "El id «{ref}» no sirve: use letras, números, «-», «_» o «.» (por ejemplo G19).",
        "The id '{ref}' cannot be used: use letters, digits, '-', '_' or '.' (for example G19).",
    ),
    "wsapp_item_exists": ("«{ref}» ya está en la sesión.", "'{ref}' is already in the session."),
    "wsapp_item_no_title": ("Escriba un título para «{ref}».", "Write a title for '{ref}'."),
    "wsapp_items_locked": (
        "La ronda de filtro ya empezó: no se pueden agregar ni quitar elementos (sí corregir su texto).",
        "The gate round has started: items can no longer be added or removed (their text can still be corrected).",
    ),
    "wsapp_unknown_item": (
        "«{item}» no es un elemento de la sesión {code}. Use uno de los ids de la lista.",
        "'{item}' is not an item of session {code}. Use one of the ids in the list.",
    ),
    "wsapp_criteria_locked": (
        "La ronda de puntuación ya empezó: los criterios y sus pesos ya no se pueden cambiar.",
        "The scoring round has started: the criteria and their weights can no longer be changed.",
    ),
    "wsapp_procedure_locked": (
        "La ronda de puntuación ya empezó con los elementos que calificaron: el procedimiento ya no se puede "
        "cambiar.",
        "The scoring round has started with the items that qualified: the procedure can no longer be changed.",
    ),
    # --- rounds ---------------------------------------------------------------------------------------------------
    "wsapp_round_gate": ("ronda {number} (filtro)", "round {number} (gate)"),
    "wsapp_round_score": ("ronda {number} (puntuación)", "round {number} (scoring)"),
    "wsapp_round_already_open": ("La {round} ya está abierta.", "The {round} is already open."),
    "wsapp_close_first": ("Cierre primero la {round}.", "Close the {round} first."),
    "wsapp_no_such_round": (
        "No existe la ronda {round} (la última es la {last}). Abra las rondas en orden.",
        "There is no round {round} (the last one is {last}). Open the rounds in order.",
    ),
    "wsapp_round_passed": (
        "La {round} no se puede reabrir: una ronda posterior ya empezó.",
        "The {round} cannot be reopened: a later round has already started.",
    ),
    "wsapp_previous_not_closed": (
        "Primero abra y cierre la {round}.",
        "First open and close the {round}.",
    ),
    "wsapp_no_items": (
        "La sesión no tiene elementos para votar. Agregue brechas antes de abrir la ronda.",
        "The session has no items to vote on. Add gaps before opening the round.",
    ),
    "wsapp_nothing_qualifies": (
        "Ningún elemento calificó en la ronda de filtro, así que no hay nada que puntuar. Revise los resultados o "
        "cambie el procedimiento de agregación.",
        "No item qualified in the gate round, so there is nothing to score. Check the results or change the "
        "aggregation procedure.",
    ),
    "wsapp_round_not_open": (
        "No hay una ronda abierta ({round}) para cerrar.",
        "There is no open round ({round}) to close.",
    ),
    "wsapp_reveal_needs_closed": (
        "Los resultados se muestran a los participantes al cerrar la ronda: cierre primero la {round}.",
        "Results are shown to participants once the round closes: close the {round} first.",
    ),
    # --- participants and votes -----------------------------------------------------------------------------------
    "wsapp_nickname_required": ("Escriba un apodo para unirse.", "Write a nickname to join."),
    "wsapp_nickname_too_long": (
        "El apodo es demasiado largo: use como máximo {limit} caracteres.",
        "The nickname is too long: use at most {limit} characters.",
    ),
    "wsapp_nickname_taken": (
        "El apodo «{nickname}» ya está en uso en esta sesión. Elija otro (por ejemplo agregue una inicial).",
        "The nickname '{nickname}' is already taken in this session. Choose another (for example add an initial).",
    ),
    "wsapp_round_closed": (
        "La {round} ya está cerrada: su voto no se registró.",
        "The {round} is closed: your vote was not recorded.",
    ),
    "wsapp_no_open_round": (
        "No hay ninguna ronda abierta para votar. Espere a que el facilitador abra la ronda.",
        "No round is open for voting. Wait for the facilitator to open the round.",
    ),
    "wsapp_wrong_round": (
        "«{criterion}» no se vota en la {round}, que es la ronda abierta.",
        "'{criterion}' is not voted in the {round}, which is the open round.",
    ),
    "wsapp_item_not_scored": (
        "«{item}» no calificó en la ronda de filtro, así que no se puntúa.",
        "'{item}' did not qualify in the gate round, so it is not scored.",
    ),
    "wsapp_unknown_action": (
        "Acción USDOL desconocida: {actions}. Use los ids de la lista 2018 (por ejemplo PY2018-05).",
        "Unknown USDOL action: {actions}. Use ids from the 2018 list (for example PY2018-05).",
    ),
    "wsapp_detail_too_long": (
        "Demasiados detalles en el voto: como máximo {limit}.",
        "Too many details in the vote: at most {limit}.",
    ),
    "wsapp_unknown_participant": (
        "Este navegador no está registrado en la sesión {code}. Vuelva a unirse con su apodo.",
        "This browser is not registered in session {code}. Join again with your nickname.",
    ),
    "wsapp_ballot_device_participant": (
        "«{nickname}» ya vota desde un dispositivo; una boleta en papel no puede reemplazar sus votos. Use otro "
        "nombre para la boleta.",
        "'{nickname}' already votes from a device; a paper ballot cannot replace their votes. Use another name "
        "for the ballot.",
    ),
    # --- results, shortlist, workgroups ---------------------------------------------------------------------------
    "wsapp_not_tied": (
        "{items} no forman un empate sin resolver. Indique, en orden, exactamente los elementos de un empate que "
        "las reglas no resolvieron.",
        "{items} are not an unresolved tie. List, in order, exactly the items of a tie that the rules did not "
        "break.",
    ),
    "wsapp_shortlist_needs_scoring": (
        "La lista corta se arma con los resultados de la puntuación: abra primero la ronda de puntuación.",
        "The shortlist comes from the scoring results: open the scoring round first.",
    ),
    "wsapp_dmop_id_taken": (
        "Ya existe un DMOP con el id {dmop}. Elija el existente o use otro id.",
        "A DMOP with id {dmop} already exists. Choose the existing one or use another id.",
    ),
    "wsapp_bad_role": (
        "Rol «{role}» desconocido. Use uno de: {known} (campeón, experto técnico, equipo ATLAS).",
        "Unknown role '{role}'. Use one of: {known} (champion, technical expert, ATLAS team).",
    ),
    "wsapp_member_name_required": ("Escriba el nombre del integrante.", "Write the member's name."),
    "wsapp_unknown_member": ("No existe el integrante {member} en esta sesión.",
                             "There is no member {member} in this session."),
    "wsapp_role_champion": ("Campeón/a", "Champion"),
    "wsapp_role_technical_expert": ("Experto/a técnico/a", "Technical expert"),
    "wsapp_role_atlas_team": ("Equipo ATLAS", "ATLAS team"),
    # --- labels shared by pages and export ------------------------------------------------------------------------
    "wsapp_weight": ("peso", "weight"),
    "wsapp_rank": ("Puesto", "Rank"),
    "wsapp_score": ("Puntaje", "Score"),
    "wsapp_median": ("Mediana", "Median"),
    "wsapp_iqr": ("RIC", "IQR"),
    # --- Excel export ---------------------------------------------------------------------------------------------
    "wsapp_x_session": ("Sesión", "Session"),
    "wsapp_x_field": ("Campo", "Field"),
    "wsapp_x_value": ("Valor", "Value"),
    "wsapp_x_code": ("Código", "Code"),
    "wsapp_x_title": ("Título", "Title"),
    "wsapp_x_kind": ("Tipo", "Kind"),
    "wsapp_x_status": ("Estado", "Status"),
    "wsapp_x_rule": ("Regla", "Rule"),
    "wsapp_x_procedure": ("Procedimiento", "Procedure"),
    "wsapp_x_participants": ("Participantes", "Participants"),
    "wsapp_x_created": ("Creada", "Created"),
    "wsapp_x_criterion": ("Criterio {criterion}", "Criterion {criterion}"),
    "wsapp_x_items": ("Elementos", "Items"),
    "wsapp_x_description": ("Descripción", "Description"),
    "wsapp_x_votes": ("Votos", "Votes"),
    "wsapp_x_round": ("Ronda", "Round"),
    "wsapp_x_participant": ("Participante", "Participant"),
    "wsapp_x_question": ("Pregunta", "Question"),
    "wsapp_x_actions": ("Acciones USDOL", "USDOL actions"),
    "wsapp_x_time": ("Hora", "Time"),
    "wsapp_x_gates": ("Filtro", "Gate"),
    "wsapp_x_differs": ("Difieren", "Differ"),
    "wsapp_x_qualifies": ("Califica", "Qualifies"),
    "wsapp_x_scores": ("Puntajes", "Scores"),
    "wsapp_x_top_scores": ("Puntajes máximos", "Top scores"),
    "wsapp_x_tie_breaks": ("Desempates", "Tie-breaks"),
    "wsapp_x_change": ("Cambio", "Change"),
    "wsapp_x_rank_before": ("Puesto antes", "Rank before"),
    "wsapp_x_rank_after": ("Puesto después", "Rank after"),
    "wsapp_x_shortlist": ("Lista corta", "Shortlist"),
    "wsapp_x_new_dmop": ("DMOP nuevo", "New DMOP"),
    "wsapp_x_note": ("Nota", "Note"),
    "wsapp_x_workgroups": ("Grupos de trabajo", "Workgroups"),
    "wsapp_x_name": ("Nombre", "Name"),
    "wsapp_x_institution": ("Institución", "Institution"),
    "wsapp_x_role": ("Rol", "Role"),
    "wsapp_x_paper": ("Boleta en papel", "Paper ballot"),
    # --- CLI ------------------------------------------------------------------------------------------------------
    "wsapp_cli_created": ("Sesión {code} creada: {title}", "Session {code} created: {title}"),
    "wsapp_cli_key": (
        "Clave de facilitador (guárdela; no se puede recuperar): {secret}",
        "Facilitator key (keep it; it cannot be recovered): {secret}",
    ),
    "wsapp_cli_participant_url": ("Participantes: {url}", "Participants: {url}"),
    "wsapp_cli_facilitator_url": ("Facilitación: {url}", "Facilitator: {url}"),
    "wsapp_cli_ballots": (
        "{file}: {accepted} de {rows} filas registradas, {errors} con errores; {added} participantes en papel nuevos.",
        "{file}: {accepted} of {rows} rows recorded, {errors} with errors; {added} new paper participants.",
    ),
    "wsapp_cli_results_head": (
        "{participants} participantes · procedimiento {procedure} · W de Kendall {w}",
        "{participants} participants · {procedure} procedure · Kendall's W {w}",
    ),
    "wsapp_cli_shortlist": ("Lista corta: {items}", "Shortlist: {items}"),
    "wsapp_cli_no_sessions": ("El proyecto no tiene sesiones de taller.", "The project has no workshop sessions."),
    "wsapp_cli_list_counts": ("{items} elementos, {people} participantes", "{items} items, {people} participants"),
    "wsapp_cli_open_round": ("ronda {round} abierta", "round {round} open"),
    # --- facilitator page -------------------------------------------------------------------------------------------
    "wsapp_ui_join_code": ("Código para unirse", "Join code"),
    "wsapp_ui_join_at": ("Abra esta dirección o escanee el código QR:", "Open this address or scan the QR code:"),
    "wsapp_ui_participants_joined": ("participantes conectados", "participants joined"),
    "wsapp_ui_finished": ("Sesión terminada", "Session ended"),
    "wsapp_ui_status_open": ("abierta", "open"),
    "wsapp_ui_status_closed": ("cerrada", "closed"),
    "wsapp_ui_status_pending": ("sin empezar", "not started"),
    "wsapp_ui_revealed": ("resultados visibles", "results shown"),
    "wsapp_ui_voted_of": ("{voted} de {total} votaron", "{voted} of {total} have voted"),
    "wsapp_ui_round_counts": ("{complete} completaron todo · {votes} votos", "{complete} completed all · {votes} votes"),
    "wsapp_ui_differs": ("difieren", "differ"),
    "wsapp_ui_item": ("Brecha", "Gap"),
    "wsapp_ui_premise": ("Por premisas", "Premise-based"),
    "wsapp_ui_conclusion": ("Por conclusiones", "Conclusion-based"),
    "wsapp_ui_dilemma": ("Dilema", "Dilemma"),
    "wsapp_ui_qualifies": ("Califica", "Qualifies"),
    "wsapp_ui_gate_caption": (
        "Regla {rule} · procedimiento aplicado: {procedure} · califican {qualifying} de {total}",
        "Rule {rule} · procedure applied: {procedure} · {qualifying} of {total} qualify",
    ),
    "wsapp_ui_dilemma_note": (
        "En {n} brecha(s) el resultado depende del procedimiento: la mayoría por criterio (premisas) y la mayoría de "
        "las conclusiones de cada participante no coinciden (dilema discursivo). Se aplica el procedimiento elegido.",
        "For {n} gap(s) the outcome depends on the procedure: the majority per criterion (premises) and the majority "
        "of each participant's own conclusion disagree (discursive dilemma). The chosen procedure is applied.",
    ),
    "wsapp_ui_w_very_weak": ("acuerdo muy débil", "very weak agreement"),
    "wsapp_ui_w_weak": ("acuerdo débil", "weak agreement"),
    "wsapp_ui_w_moderate": ("acuerdo moderado", "moderate agreement"),
    "wsapp_ui_w_strong": ("acuerdo fuerte", "strong agreement"),
    "wsapp_ui_w_very_strong": ("acuerdo muy fuerte", "very strong agreement"),
    "wsapp_ui_w": (
        "W de Kendall = {w} ({word}; {m} participantes que puntuaron todas las brechas)",
        "Kendall's W = {w} ({word}; {m} participants who scored every gap)",
    ),
    "wsapp_ui_w_undefined": (
        "W de Kendall: todavía no se puede calcular (hacen falta al menos 2 participantes que puntúen todas las "
        "brechas y 2 brechas).",
        "Kendall's W: cannot be computed yet (it needs at least 2 participants who scored every gap, and 2 gaps).",
    ),
    "wsapp_ui_no_scoring_yet": ("La ronda de puntuación todavía no empezó.", "The scoring round has not started yet."),
    "wsapp_ui_no_scores_yet": ("Todavía no hay puntajes.", "No scores yet."),
    "wsapp_ui_ranking_title": ("Ranking (ronda {round})", "Ranking (round {round})"),
    "wsapp_ui_tie_breaks": ("Desempates", "Tie-breaks"),
    "wsapp_ui_unresolved": (
        "Empate sin resolver por las reglas: {groups}. Decida el orden abajo.",
        "Tie no rule could break: {groups}. Decide the order below.",
    ),
    "wsapp_ui_change_caption": ("Cambio de la ronda {before} a la {after}", "Change from round {before} to {after}"),
    "wsapp_ui_no_shortlist": ("Todavía no hay lista corta.", "No shortlist yet."),
    "wsapp_ui_items_caption": ("{n} brechas en la sesión", "{n} gaps in the session"),
    "wsapp_ui_choose_session": ("Sesión", "Session"),
    "wsapp_ui_pick": ("— elija una sesión —", "— choose a session —"),
    "wsapp_ui_pick_first": ("Elija primero una sesión.", "Choose a session first."),
    "wsapp_ui_enter_key": ("Clave de facilitador", "Facilitator key"),
    "wsapp_ui_key_placeholder": ("la clave que se mostró al crear la sesión", "the key shown when the session was created"),
    "wsapp_ui_unlock": ("Entrar", "Open"),
    "wsapp_ui_or_create": ("O cree una sesión nueva.", "Or create a new session."),
    "wsapp_ui_create_hint": (
        "Con las brechas del proyecto, o con un archivo CSV/Excel (id, title, description).",
        "With the project's gaps, or with a CSV/Excel file (id, title, description).",
    ),
    "wsapp_ui_title_placeholder": ("Título del taller", "Workshop title"),
    "wsapp_ui_create": ("Crear sesión", "Create session"),
    "wsapp_ui_gap_file": ("Archivo de brechas", "Gap file"),
    "wsapp_ui_created_key": (
        "Sesión {code} creada. Anote la clave de facilitador: se necesita para volver a abrir esta sesión y no se "
        "puede recuperar:",
        "Session {code} created. Write down the facilitator key: it is needed to open this session again and cannot "
        "be recovered:",
    ),
    "wsapp_ui_section_live": ("En vivo", "Live"),
    "wsapp_ui_section_setup": ("Brechas y criterios", "Gaps and criteria"),
    "wsapp_ui_section_results": ("Resultados", "Results"),
    "wsapp_ui_section_shortlist": ("Lista corta y grupos", "Shortlist and workgroups"),
    "wsapp_ui_section_ballots": ("Boletas y exportar", "Ballots and export"),
    "wsapp_ui_open_round": ("Abrir {round}", "Open {round}"),
    "wsapp_ui_round_running": ("Hay una ronda abierta", "A round is open"),
    "wsapp_ui_second_round_hint": (
        "Una nueva ronda de puntuación después de la discusión; los resultados muestran el cambio.",
        "Another scoring round after discussion; the results show the change.",
    ),
    "wsapp_ui_close_round": ("Cerrar {round}", "Close {round}"),
    "wsapp_ui_no_round_open": ("Ninguna ronda abierta", "No round open"),
    "wsapp_ui_reveal": ("Mostrar resultados de la {round}", "Reveal results of {round}"),
    "wsapp_ui_hide": ("Ocultar resultados de la {round}", "Hide results of {round}"),
    "wsapp_ui_reveal_none": ("Mostrar resultados", "Reveal results"),
    "wsapp_ui_finish": ("Terminar la sesión", "End the session"),
    "wsapp_ui_show_live": ("Mostrar resultados en esta pantalla", "Show results on this screen"),
    "wsapp_ui_items_heading": ("Brechas", "Gaps"),
    "wsapp_ui_item_form_hint": (
        "Elija una brecha para corregirla, o «nueva» para agregar una (antes de abrir la ronda de filtro).",
        "Choose a gap to correct it, or 'new' to add one (before the gate round opens).",
    ),
    "wsapp_ui_new_item": ("— nueva brecha —", "— new gap —"),
    "wsapp_ui_item_title": ("Título", "Title"),
    "wsapp_ui_item_title_en": ("Título en inglés (opcional)", "English title (optional)"),
    "wsapp_ui_save_item": ("Guardar brecha", "Save gap"),
    "wsapp_ui_remove_item": ("Quitar brecha", "Remove gap"),
    "wsapp_ui_add_gap_file": ("Agregar brechas del archivo", "Add gaps from the file"),
    "wsapp_ui_gaps_added": ("{n} brechas agregadas.", "{n} gaps added."),
    "wsapp_ui_choose_file": ("Elija primero un archivo.", "Choose a file first."),
    "wsapp_ui_criteria_heading": ("Criterios de puntuación", "Scoring criteria"),
    "wsapp_ui_criteria_hint": (
        "Escala 1 a 5. Los pesos no necesitan sumar 1. Un peso 0 quita el criterio; la última fila agrega uno nuevo.",
        "Scale 1 to 5. Weights need not add up to 1. A weight of 0 removes the criterion; the last row adds one.",
    ),
    "wsapp_ui_label": ("nombre", "label"),
    "wsapp_ui_save_criteria": ("Guardar criterios", "Save criteria"),
    "wsapp_ui_procedure_heading": ("Procedimiento de agregación del filtro", "Gate aggregation procedure"),
    "wsapp_ui_procedure_hint": (
        "Por premisas: mayoría en cada criterio y luego la regla. Por conclusiones: cada participante aplica la regla "
        "y decide la mayoría. Se puede cambiar hasta abrir la ronda de puntuación.",
        "Premise-based: majority on each criterion, then the rule. Conclusion-based: each participant applies the rule "
        "and the majority decides. It can be changed until the scoring round opens.",
    ),
    "wsapp_ui_saved": ("Guardado.", "Saved."),
    "wsapp_ui_removed": ("«{ref}» quitada.", "'{ref}' removed."),
    "wsapp_ui_gate_heading": ("Ronda de filtro", "Gate round"),
    "wsapp_ui_scoring_heading": ("Puntuación", "Scoring"),
    "wsapp_ui_decide_tie": ("Registrar decisión", "Record decision"),
    "wsapp_ui_tie_hint": (
        "Escriba el orden decidido para el empate, de mejor a peor, separado por comas (por ejemplo G03, G07).",
        "Type the decided order for the tie, best first, separated by commas (for example G03, G07).",
    ),
    "wsapp_ui_top_n": ("Proponer las primeras", "Propose the top"),
    "wsapp_ui_propose_top": ("Proponer", "Propose"),
    "wsapp_ui_dmop_pick": ("— DMOP nuevo —", "— new DMOP —"),
    "wsapp_ui_new_dmop": ("nombre del DMOP-C nuevo", "name of the new DMOP-C"),
    "wsapp_ui_save_shortlist": ("Guardar lista corta", "Save shortlist"),
    "wsapp_ui_add_member": ("Agregar integrante", "Add member"),
    "wsapp_ui_member_pick": ("— integrante —", "— member —"),
    "wsapp_ui_remove_member": ("Quitar integrante", "Remove member"),
    "wsapp_ui_ballots_heading": ("Boletas en papel", "Paper ballots"),
    "wsapp_ui_ballots_hint": (
        "Para participantes sin dispositivo: una tabla CSV/Excel con las columnas participant, gap, criterion, value "
        "(C1/C2/C3 con sí/no en la ronda de filtro; impact/feasibility/urgency con 1-5 en la de puntuación). Las "
        "filas van a la ronda abierta; las filas con errores se informan y las demás se guardan.",
        "For participants without a device: a CSV/Excel table with the columns participant, gap, criterion, value "
        "(C1/C2/C3 with yes/no in the gate round; impact/feasibility/urgency with 1-5 in the scoring round). Rows go "
        "to the open round; rows with errors are reported and the others kept.",
    ),
    "wsapp_ui_ballot_file": ("Boletas", "Ballots"),
    "wsapp_ui_enter_ballots": ("Registrar boletas", "Enter ballots"),
    "wsapp_ui_template": ("Plantilla de la ronda abierta", "Template for the open round"),
    "wsapp_ui_template_name": ("Nombre", "Name"),
    "wsapp_ui_download_template": ("Descargar plantilla CSV", "Download CSV template"),
    "wsapp_ui_export_heading": ("Exportar", "Export"),
    "wsapp_ui_export_hint": (
        "Excel con cada voto (participantes anónimos P01, P02...) y los resultados. El informe Word se genera con "
        "«atlas-qual report workshop».",
        "Excel with every vote (anonymous participants P01, P02...) and the results. The Word report is made with "
        "'atlas-qual report workshop'.",
    ),
    "wsapp_ui_export_xlsx": ("Exportar Excel", "Export Excel"),
    "wsapp_ui_download": ("Descargar {name}", "Download {name}"),
    # --- participant page ---------------------------------------------------------------------------------------
    "wsapp_p_intro": (
        "Escriba el código de la sesión (está en la pantalla), un apodo y, si quiere, su institución. Sus votos son "
        "anónimos para los demás participantes.",
        "Type the session code (it is on the screen), a nickname and, if you like, your institution. Your votes are "
        "anonymous to the other participants.",
    ),
    "wsapp_p_code": ("Código de la sesión", "Session code"),
    "wsapp_p_code_required": ("Escriba el código de la sesión.", "Type the session code."),
    "wsapp_p_nickname": ("Apodo", "Nickname"),
    "wsapp_p_institution": ("Institución (opcional)", "Institution (optional)"),
    "wsapp_p_join": ("Unirme", "Join"),
    "wsapp_p_session": ("Sesión {code}", "Session {code}"),
    "wsapp_p_hello": ("Participa como {nickname} · sesión {code}", "You take part as {nickname} · session {code}"),
    "wsapp_p_waiting": (
        "Todavía no hay una ronda abierta. Cuando el facilitador la abra, toque «Actualizar».",
        "No round is open yet. When the facilitator opens it, tap 'Refresh'.",
    ),
    "wsapp_p_finished": ("La sesión terminó. ¡Gracias por participar!", "The session has ended. Thank you for taking part!"),
    "wsapp_p_refresh": ("Actualizar", "Refresh"),
    "wsapp_p_gate_hint": (
        "Para cada brecha responda sí o no a cada criterio. Puede cambiar sus respuestas hasta que se cierre la ronda.",
        "For each gap answer yes or no to each criterion. You can change your answers until the round closes.",
    ),
    "wsapp_p_score_hint": (
        "Puntúe cada brecha que calificó de 1 (bajo) a 5 (alto) en cada criterio. Puede cambiar sus puntajes hasta "
        "que se cierre la ronda.",
        "Score each gap that qualified from 1 (low) to 5 (high) on each criterion. You can change your scores until "
        "the round closes.",
    ),
    "wsapp_p_progress": ("Completó {done} de {total} brechas.", "You completed {done} of {total} gaps."),
    "wsapp_p_all_done": (
        "¡Listo! Respondió todas las brechas. Puede cambiar sus votos hasta que se cierre la ronda.",
        "Done! You answered every gap. You can change your votes until the round closes.",
    ),
    "wsapp_p_item_of": ("Brecha {n} de {total}", "Gap {n} of {total}"),
    "wsapp_p_saved": ("✓ Voto guardado: {item} · {question} = {value}", "✓ Vote saved: {item} · {question} = {value}"),
    "wsapp_p_actions": (
        "¿Con cuáles acciones sugeridas por el USDOL (2018)?",
        "Through which USDOL suggested actions (2018)?",
    ),
    "wsapp_p_actions_hint": (
        "Opcional. ★ = sugerida para esta brecha. Texto oficial del USDOL, en inglés.",
        "Optional. ★ = suggested for this gap. Official USDOL text.",
    ),
    "wsapp_p_results": ("Resultados", "Results"),
    "wsapp_area_coordination": ("Coordinación", "Coordination"),
    "wsapp_area_enforcement": ("Aplicación de la ley", "Enforcement"),
    "wsapp_area_government_policies": ("Políticas de gobierno", "Government policies"),
    "wsapp_area_legal_framework": ("Marco legal", "Legal framework"),
    "wsapp_area_social_programs": ("Programas sociales", "Social programs"),
    # --- wording of the learning workshop (same engine, items are recommendations) ---------------------------------
    "wsapp_ui_item_learning": ("Recomendación", "Recommendation"),
    "wsapp_p_item_of_learning": ("Recomendación {n} de {total}", "Recommendation {n} of {total}"),
    "wsapp_p_progress_learning": ("Completó {done} de {total} recomendaciones.",
                                  "You completed {done} of {total} recommendations."),
    "wsapp_p_gate_hint_learning": (
        "Para cada recomendación indique si la respalda. Puede cambiar sus respuestas hasta que se cierre la ronda.",
        "For each recommendation say whether you endorse it. You can change your answers until the round closes.",
    ),
    "wsapp_p_score_hint_learning": (
        "Dé a cada recomendación respaldada una prioridad de 1 (baja) a 5 (alta). Puede cambiarla hasta que se "
        "cierre la ronda.",
        "Give each endorsed recommendation a priority from 1 (low) to 5 (high). You can change it until the round "
        "closes.",
    ),
    "wsapp_p_responsible": ("¿Quién debería ser responsable de esta recomendación?",
                            "Who should be responsible for this recommendation?"),
    "wsapp_p_responsible_hint": ("institución o persona (opcional)", "institution or person (optional)"),
    "wsapp_p_responsible_save": ("Guardar responsable", "Save responsible"),
}
