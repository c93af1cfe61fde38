"""Messages of the Body of Knowledge, the learning workshop, the refinement log and the institutionalization plan."""

MESSAGES = {
    # --- Body of Knowledge: validation and import ------------------------------------------------------------------
    "bok_bad_topic": (
        "tema desconocido «{value}»; use {known}, separados por «;»",
        "unknown topic '{value}'; use {known}, separated by ';'",
    ),
    "bok_bad_intervention": (
        "tipo de intervención desconocido «{value}»; use uno de: {known}",
        "unknown kind of intervention '{value}'; use one of: {known}",
    ),
    "bok_bad_evidence": (
        "calidad de la evidencia desconocida «{value}»; use strong/fuerte, moderate/moderada, limited/limitada o "
        "none/ninguna",
        "unknown evidence quality '{value}'; use strong, moderate, limited or none",
    ),
    "bok_no_ref": ("falta la referencia (columna ref)", "the reference (column ref) is missing"),
    "bok_bad_ref": (
        "referencia «{ref}» no válida: use letras, números, «-», «_» o «.» (hasta 40), sin espacios",
        "invalid reference '{ref}': use letters, digits, '-', '_' or '.' (up to 40), no spaces",
    ),
    "bok_no_title": (
        "falta el título de la práctica (columna title)",
        "the practice title (column title) is missing",
    ),
    "bok_title_too_long": (
        "el título tiene {length} caracteres; el máximo es {limit}: resuma y ponga el resto en summary",
        "the title has {length} characters; the limit is {limit}: shorten it and put the rest in summary",
    ),
    "bok_bad_gap": (
        "identificador de brecha no válido: {gaps} (use por ejemplo G05; varias separadas por «;»)",
        "invalid gap id: {gaps} (use e.g. G05; several separated by ';')",
    ),
    "bok_duplicate_ref": (
        "la referencia {ref} ya aparece en la fila {other}; cada práctica necesita una referencia propia",
        "reference {ref} already appears in row {other}; each practice needs its own reference",
    ),
    "bok_invalid": (
        "La práctica {ref} no es válida: {problems}.",
        "Practice {ref} is not valid: {problems}.",
    ),
    "bok_unknown_practice": (
        "No hay ninguna práctica con la referencia {ref} en el cuerpo de conocimiento.",
        "There is no practice with reference {ref} in the Body of Knowledge.",
    ),
    "bok_ref_taken": (
        "Ya existe otra práctica con la referencia {ref}; elija otra.",
        "Another practice already has reference {ref}; choose another.",
    ),
    "bok_unknown_gap": (
        "No hay ninguna brecha {gap} en el proyecto. Importe las brechas (taller) o revise el identificador.",
        "There is no gap {gap} in the project. Import the gaps (workshop) or check the id.",
    ),
    "bok_unknown_gaps_warning": (
        "{file}, fila {row}: la brecha {gaps} todavía no existe en el proyecto; el vínculo se guarda igual",
        "{file}, row {row}: gap {gaps} is not in the project yet; the link is kept anyway",
    ),
    "bok_export_type": (
        "{file}: exporte a .csv o .xlsx.",
        "{file}: export to .csv or .xlsx.",
    ),
    "bok_cli_imported": (
        "{file}: {added} práctica(s) nueva(s), {updated} actualizada(s), {errors} fila(s) con errores.",
        "{file}: {added} new practice(s), {updated} updated, {errors} row(s) with errors.",
    ),
    "bok_cli_exported": ("{count} práctica(s) exportada(s) a {file}.", "{count} practice(s) exported to {file}."),
    "bok_cli_none_relevant": (
        "Ninguna práctica del cuerpo de conocimiento parece relevante para {gap}.",
        "No practice of the Body of Knowledge looks relevant to {gap}.",
    ),
    # --- labels -------------------------------------------------------------------------------------------------
    "bok_topic_CL": ("trabajo infantil", "child labor"),
    "bok_topic_FL": ("trabajo forzoso", "forced labor"),
    "bok_topic_HT": ("trata de personas", "human trafficking"),
    "bok_intervention_referral": ("derivación", "referral"),
    "bok_intervention_inspection": ("inspección", "inspection"),
    "bok_intervention_prosecution": ("persecución penal", "prosecution"),
    "bok_intervention_awareness": ("sensibilización", "awareness"),
    "bok_intervention_coordination": ("coordinación", "coordination"),
    "bok_intervention_victim_protection": ("protección de víctimas", "victim protection"),
    "bok_intervention_training": ("capacitación", "training"),
    "bok_intervention_data": ("datos y registros", "data and records"),
    "bok_intervention_social_protection": ("protección social", "social protection"),
    "bok_intervention_policy": ("política y normativa", "policy and regulation"),
    "bok_evidence_strong": ("evidencia fuerte", "strong evidence"),
    "bok_evidence_moderate": ("evidencia moderada", "moderate evidence"),
    "bok_evidence_limited": ("evidencia limitada", "limited evidence"),
    "bok_evidence_none": ("sin evidencia evaluada", "no evidence assessed"),
    "bok_reason_link": ("vinculada a la brecha", "linked to the gap"),
    "bok_reason_dmop": ("vinculada al DMOP de la brecha", "linked to the gap's DMOP"),
    "bok_reason_terms": ("términos en común", "shared terms"),
    "bok_relevant_title": ("Prácticas relevantes para {gap}", "Practices relevant to {gap}"),
    "bok_relevant_none": (
        "Ninguna práctica del cuerpo de conocimiento parece relevante para esta brecha.",
        "No practice of the Body of Knowledge looks relevant to this gap.",
    ),
    "bok_col_ref": ("Ref.", "Ref."),
    "bok_col_title": ("Práctica", "Practice"),
    "bok_col_topics": ("Temas", "Topics"),
    "bok_col_intervention": ("Intervención", "Intervention"),
    "bok_col_evidence": ("Evidencia", "Evidence"),
    "bok_col_source": ("Fuente", "Source"),
    "bok_col_links": ("Brechas / DMOP", "Gaps / DMOP"),
    "bok_col_why": ("Por qué", "Why"),
    "bok_col_score": ("Afinidad", "Affinity"),
    # --- cycle: recommendations, refinement log, plans -----------------------------------------------------------
    "cycle_bad_rec_ref": (
        "Referencia de recomendación «{ref}» no válida: use letras, números, «-», «_» o «.» (hasta 40), "
        "por ejemplo R07.",
        "Invalid recommendation reference '{ref}': use letters, digits, '-', '_' or '.' (up to 40), e.g. R07.",
    ),
    "cycle_reserved_ref": (
        "La referencia {ref} está reservada para la votación del respaldo del DMOP; elija otra (por ejemplo R07).",
        "Reference {ref} is reserved for the vote on endorsing the DMOP; choose another (e.g. R07).",
    ),
    "cycle_bad_date": (
        "Fecha no válida para {what}: «{value}». Use AAAA-MM-DD (2026-03-14) o DD/MM/AAAA.",
        "Invalid date for {what}: '{value}'. Use YYYY-MM-DD (2026-03-14) or DD/MM/YYYY.",
    ),
    "cycle_bad_period": (
        "fecha del cronograma no válida «{value}»: use AAAA-MM (2026-03) o AAAA-MM-DD",
        "invalid timeline date '{value}': use YYYY-MM (2026-03) or YYYY-MM-DD",
    ),
    "cycle_action_no_text": ("falta la descripción de la acción", "the action's description is missing"),
    "cycle_action_end_before_start": (
        "termina ({end}) antes de empezar ({start})",
        "it ends ({end}) before it starts ({start})",
    ),
    "cycle_action_problem": ("acción {number}: {problem}", "action {number}: {problem}"),
    "cycle_bad_actions": (
        "El plan tiene acciones con errores: {problems}. Corríjalas y vuelva a guardar.",
        "The plan has actions with errors: {problems}. Fix them and save again.",
    ),
    "cycle_unknown_phase": (
        "Fase desconocida «{phase}». Use una de: {known}.",
        "Unknown phase '{phase}'. Use one of: {known}.",
    ),
    "cycle_what_phase_date": ("la fecha de la fase", "the phase date"),
    "cycle_what_decision_date": ("la fecha de la decisión", "the decision date"),
    "cycle_what_refinement_date": ("la fecha del refinamiento", "the refinement date"),
    "cycle_what_plan_date": ("la fecha del plan", "the plan date"),
    "cycle_unknown_recommendation": (
        "El DMOP {dmop} no tiene la recomendación {ref}. Revise la referencia en la lista de recomendaciones.",
        "DMOP {dmop} has no recommendation {ref}. Check the reference in the list of recommendations.",
    ),
    "cycle_rec_no_text": ("Escriba el texto de la recomendación.", "Write the recommendation's text."),
    "cycle_rec_too_long": (
        "La recomendación tiene {length} caracteres; el máximo es {limit}. Resúmala en una frase.",
        "The recommendation has {length} characters; the limit is {limit}. Sum it up in one sentence.",
    ),
    "cycle_rec_ref_taken": (
        "El DMOP {dmop} ya tiene una recomendación {ref}; elija otra referencia.",
        "DMOP {dmop} already has a recommendation {ref}; choose another reference.",
    ),
    "cycle_bad_rec_status": (
        "Estado desconocido «{status}»; use uno de: {known}.",
        "Unknown status '{status}'; use one of: {known}.",
    ),
    "cycle_no_recommendations": (
        "El DMOP {dmop} no tiene recomendaciones para votar. Genérelas desde las codificaciones o escríbalas "
        "primero.",
        "DMOP {dmop} has no recommendations to vote on. Draft them from the codings or write them first.",
    ),
    "cycle_item_responsible": ("Responsable propuesto: {who}", "Proposed responsible: {who}"),
    "cycle_endorse_item": (
        "Respaldar el DMOP {dmop} ({name}) para su institucionalización",
        "Endorse DMOP {dmop} ({name}) for institutionalization",
    ),
    "cycle_endorse_item_help": (
        "Vote «sí» si el modelo, con los ajustes acordados, debe pasar al plan de institucionalización que se "
        "presenta a las autoridades para su aprobación.",
        "Vote 'yes' if the model, with the agreed changes, should go into the institutionalization plan presented "
        "to the authorities for approval.",
    ),
    "cycle_learning_title": ("Taller de aprendizaje — {dmop}: {name}", "Learning workshop — {dmop}: {name}"),
    "cycle_not_learning": (
        "La sesión {code} no es un taller de aprendizaje de un DMOP. Use el código de un taller creado para un DMOP.",
        "Session {code} is not the learning workshop of a DMOP. Use the code of a workshop created for a DMOP.",
    ),
    "cycle_gate_not_closed": (
        "La ronda de respaldo de la sesión {code} todavía no se cerró. Ciérrela antes de registrar lo decidido.",
        "The endorsement round of session {code} is not closed yet. Close it before recording what was decided.",
    ),
    "cycle_course_default": (
        "Curso de acción: aplicar las recomendaciones respaldadas por orden de prioridad ({refs}).",
        "Course of action: apply the endorsed recommendations in order of priority ({refs}).",
    ),
    "cycle_course_none": (
        "Ninguna recomendación fue respaldada por la mayoría.",
        "No recommendation was endorsed by the majority.",
    ),
    "cycle_phase_note_learning": ("taller de aprendizaje {code}", "learning workshop {code}"),
    "cycle_phase_note_refined": ("refinamiento, versión {version}", "refinement, version {version}"),
    "cycle_phase_note_plan": ("plan de institucionalización n.º {plan}", "institutionalization plan no. {plan}"),
    "cycle_unknown_decision": (
        "No hay ninguna decisión registrada con el número {decision}.",
        "There is no recorded decision number {decision}.",
    ),
    "cycle_refinement_no_change": (
        "Describa qué cambió en el modelo.",
        "Describe what changed in the model.",
    ),
    "cycle_version_exists": (
        "El DMOP {dmop} ya tiene la versión {version} en su registro de refinamiento; use otra.",
        "DMOP {dmop} already has version {version} in its refinement log; use another.",
    ),
    "cycle_version_too_long": (
        "La versión «{version}» es demasiado larga (máximo 20 caracteres), por ejemplo 1.2.",
        "Version '{version}' is too long (at most 20 characters), e.g. 1.2.",
    ),
    "cycle_unknown_refinement": (
        "No hay ninguna entrada {entry} en el registro de refinamiento.",
        "There is no entry {entry} in the refinement log.",
    ),
    "cycle_bad_plan_status": (
        "Estado de plan desconocido «{status}»; use uno de: {known}.",
        "Unknown plan status '{status}'; use one of: {known}.",
    ),
    "cycle_unknown_plan": (
        "El DMOP {dmop} no tiene el plan {plan}.",
        "DMOP {dmop} has no plan {plan}.",
    ),
    "cycle_plan_default_title": (
        "Plan de institucionalización del DMOP {dmop}: {name}",
        "Institutionalization plan of DMOP {dmop}: {name}",
    ),
    # --- demo -------------------------------------------------------------------------------------------------
    "cycle_demo_title": (
        "Taller de aprendizaje del MAUEP — cierre del piloto",
        "MAUEP learning workshop — end of pilot",
    ),
    "cycle_demo_course": (
        "Adoptar la ruta unificada como procedimiento de las instituciones, con canal urgente para órdenes de "
        "allanamiento, registro compartido de casos derivados y capacitación conjunta anual.",
        "Adopt the unified route as the institutions' procedure, with an urgent channel for search warrants, a "
        "shared register of referred cases and yearly joint training.",
    ),
    "cycle_demo_change": (
        "Versión 2.0 de la ruta de intervención: se incorpora el juzgado de turno para órdenes urgentes, la ficha "
        "única de derivación pasa a ser digital y se agrega un módulo anual de capacitación conjunta.",
        "Version 2.0 of the intervention route: the on-duty court joins for urgent warrants, the single referral form "
        "becomes digital and a yearly joint training module is added.",
    ),
    "cycle_demo_why": (
        "La evaluación del piloto mostró demoras de semanas en las órdenes de allanamiento y pérdida de "
        "conocimiento por la rotación del personal; el taller de aprendizaje respaldó las recomendaciones "
        "correspondientes.",
        "The pilot evaluation showed weeks of delay in search warrants and knowledge lost to staff rotation; the "
        "learning workshop endorsed the corresponding recommendations.",
    ),
    "cycle_demo_finding_1": (
        "Demoras de semanas en las órdenes de allanamiento (Alto Paraná, Boquerón)",
        "Weeks of delay in search warrants (Alto Paraná, Boquerón)",
    ),
    "cycle_demo_finding_2": (
        "Rotación del personal capacitado en fiscalía e inspección",
        "Rotation of trained staff in prosecution and inspection",
    ),
    "cycle_demo_resources": (
        "Presupuesto 2027 del MTESS y del Ministerio Público para capacitación y movilidad; asistencia técnica de "
        "ATLAS hasta el cierre del proyecto; el equipo informático del MINNA desarrolla el registro compartido.",
        "2027 budget of the Labor Ministry and the Public Ministry for training and transport; ATLAS technical "
        "assistance until the project ends; the MINNA IT team builds the shared register.",
    ),
    # --- the institutionalization plan (Word) ---------------------------------------------------------------
    "plan_report_kind": ("Plan de institucionalización", "Institutionalization plan"),
    "plan_subtitle": (
        "Plan de sostenibilidad presentado a las autoridades para su aprobación",
        "Sustainability plan submitted to the authorities for approval",
    ),
    "plan_scope": ("Plan {status} · modelo versión {version}", "Plan {status} · model version {version}"),
    "plan_scope_territories": ("piloto en {territories}", "piloted in {territories}"),
    "plan_status_draft": ("en borrador", "draft"),
    "plan_status_submitted": ("presentado", "submitted"),
    "plan_status_approved": ("aprobado", "approved"),
    "plan_h_summary": ("Resumen", "Summary"),
    "plan_summary_intro": (
        "Este plan propone institucionalizar el DMOP {dmop} ({name}), hoy en la fase de {phase}, en su versión "
        "{version}: el modelo ajustado después del piloto, la evaluación y el taller de aprendizaje.",
        "This plan proposes to institutionalize DMOP {dmop} ({name}), now in the {phase} phase, in its version "
        "{version}: the model as adjusted after the pilot, the evaluation and the learning workshop.",
    ),
    "plan_summary_endorsed": (
        "El taller de aprendizaje ({session}, {date}) respaldó el DMOP para su institucionalización: {yes} de "
        "{voters} votos a favor.",
        "The learning workshop ({session}, {date}) endorsed the DMOP for institutionalization: {yes} of {voters} "
        "votes in favour.",
    ),
    "plan_summary_not_endorsed": (
        "El taller de aprendizaje ({session}, {date}) no respaldó el DMOP para su institucionalización: {yes} de "
        "{voters} votos a favor.",
        "The learning workshop ({session}, {date}) did not endorse the DMOP for institutionalization: {yes} of "
        "{voters} votes in favour.",
    ),
    "plan_summary_recommendations": (
        "{endorsed} de {total} recomendaciones de la evaluación fueron respaldadas.",
        "{endorsed} of {total} recommendations of the evaluation were endorsed.",
    ),
    "plan_summary_refinements": (
        "{n} refinamiento(s) registrado(s); versión actual del modelo: {version}.",
        "{n} refinement(s) logged; current version of the model: {version}.",
    ),
    "plan_summary_actions": (
        "{n} acciones a cargo de {institutions}, de {first} a {last}.",
        "{n} actions led by {institutions}, from {first} to {last}.",
    ),
    "plan_summary_practices": (
        "{n} práctica(s) del cuerpo de conocimiento respaldan el modelo.",
        "{n} practice(s) of the Body of Knowledge support the model.",
    ),
    "plan_decision_requested_short": (
        "Se solicita aprobar la institucionalización del DMOP {dmop} según este plan.",
        "Approval is requested to institutionalize DMOP {dmop} according to this plan.",
    ),
    "plan_h_model": ("El modelo refinado", "The refined model"),
    "plan_model_intro": (
        "Versión {version} del modelo, del {date}. Qué cambió:",
        "Version {version} of the model, of {date}. What changed:",
    ),
    "plan_model_not_refined": (
        "Todavía no se registró ningún refinamiento del DMOP {dmop}: el plan institucionaliza el modelo del piloto.",
        "No refinement of DMOP {dmop} has been logged yet: the plan institutionalizes the model as piloted.",
    ),
    "plan_h_refinement_log": ("Registro de refinamiento", "Refinement log"),
    "plan_col_version": ("Versión", "Version"),
    "plan_col_date": ("Fecha", "Date"),
    "plan_col_change": ("Qué cambió", "What changed"),
    "plan_col_why": ("Por qué", "Why"),
    "plan_linked": ("recomendaciones", "recommendations"),
    "plan_cap_refinements": ("Refinamientos del DMOP {dmop}", "Refinements of DMOP {dmop}"),
    "plan_findings_used": (
        "Hallazgos de la evaluación que motivaron los cambios:",
        "Evaluation findings behind the changes:",
    ),
    "plan_h_evidence": ("La evidencia", "The evidence"),
    "plan_h_findings": ("Hallazgos de la evaluación del piloto", "Findings of the pilot evaluation"),
    "plan_findings_intro": (
        "La evaluación se basó en {n} entrevistas en {territories} territorios, entre el {first} y el {last}.",
        "The evaluation drew on {n} interviews in {territories} territories, from {first} to {last}.",
    ),
    "plan_no_evaluation": (
        "No hay entrevistas de evaluación del DMOP {dmop} en el proyecto.",
        "The project holds no evaluation interviews of DMOP {dmop}.",
    ),
    "plan_h_learning": ("Taller de aprendizaje", "Learning workshop"),
    "plan_endorsement_yes": (
        "El taller de aprendizaje {session} ({date}) respaldó el DMOP {dmop} para su institucionalización con {yes} "
        "de {voters} votos ({pct}).",
        "Learning workshop {session} ({date}) endorsed DMOP {dmop} for institutionalization with {yes} of {voters} "
        "votes ({pct}).",
    ),
    "plan_endorsement_no": (
        "El taller de aprendizaje {session} ({date}) no respaldó el DMOP {dmop} para su institucionalización: "
        "{yes} de {voters} votos a favor ({pct}).",
        "Learning workshop {session} ({date}) did not endorse DMOP {dmop} for institutionalization: {yes} of "
        "{voters} votes in favour ({pct}).",
    ),
    "plan_endorsement_not_asked": (
        "El taller de aprendizaje {session} no votó el respaldo del DMOP.",
        "Learning workshop {session} did not vote on endorsing the DMOP.",
    ),
    "plan_no_learning": (
        "Todavía no se registró el taller de aprendizaje del DMOP {dmop}.",
        "The learning workshop of DMOP {dmop} has not been recorded yet.",
    ),
    "plan_course_of_action": ("Curso de acción acordado", "Agreed course of action"),
    "plan_col_votes": ("Sí / votos", "Yes / votes"),
    "plan_col_priority": ("Prioridad", "Priority"),
    "plan_col_responsible": ("Responsable", "Responsible"),
    "plan_cap_recommendations": (
        "Recomendaciones de la evaluación y lo que decidió el taller de aprendizaje (prioridad: media de 1 a 5)",
        "Recommendations of the evaluation and what the learning workshop decided (priority: mean from 1 to 5)",
    ),
    "plan_h_practices": ("Prácticas del cuerpo de conocimiento", "Practices from the Body of Knowledge"),
    "plan_practices_intro": (
        "{n} práctica(s) basadas en evidencia vinculadas al modelo, de la evidencia más fuerte a la más limitada:",
        "{n} evidence-based practice(s) linked to the model, from the strongest evidence to the most limited:",
    ),
    "plan_cap_practices": ("Prácticas basadas en evidencia", "Evidence-based practices"),
    "plan_no_practices": (
        "Ninguna práctica del cuerpo de conocimiento está vinculada al DMOP {dmop}.",
        "No practice of the Body of Knowledge is linked to DMOP {dmop}.",
    ),
    "plan_h_actions": ("Acciones, responsables y cronograma", "Actions, responsible institutions and timeline"),
    "plan_actions_intro": (
        "El plan prevé {n} acciones, ordenadas por fecha de inicio:",
        "The plan sets out {n} actions, by start date:",
    ),
    "plan_no_actions": (
        "El plan todavía no tiene acciones. Agréguelas en la página del ciclo o con «atlas-qual cycle plan».",
        "The plan has no actions yet. Add them on the cycle page or with 'atlas-qual cycle plan'.",
    ),
    "plan_col_number": ("N.º", "No."),
    "plan_col_action": ("Acción", "Action"),
    "plan_col_institution": ("Institución", "Institution"),
    "plan_col_start": ("Inicio", "Start"),
    "plan_col_end": ("Fin", "End"),
    "plan_cap_actions": ("Acciones del plan", "Actions of the plan"),
    "plan_h_resources": ("Recursos", "Resources"),
    "plan_no_resources": ("El plan todavía no indica los recursos.", "The plan does not state the resources yet."),
    "plan_h_territories": ("Lo que mostraron los territorios piloto", "What the pilot territories showed"),
    "plan_territories_intro": (
        "Resultados del piloto en {n} territorios: entrevistas, segmentos codificados como fortalezas y debilidades, "
        "y cambio en la coordinación (aumento / sin cambio / disminución).",
        "Pilot results in {n} territories: interviews, segments coded as strengths and weaknesses, and "
        "coordination change (increase / no change / decrease).",
    ),
    "plan_col_pilot_start": ("Inicio del piloto", "Pilot start"),
    "plan_col_strengths": ("Fortalezas", "Strengths"),
    "plan_col_weaknesses": ("Debilidades", "Weaknesses"),
    "plan_col_coordination": ("Coordinación +/=/−", "Coordination +/=/−"),
    "plan_cap_territories": ("El piloto por territorio", "The pilot by territory"),
    "plan_h_decision": ("Decisión solicitada", "Decision requested"),
    "plan_decision_text": (
        "Se solicita a las autoridades aprobar la institucionalización del DMOP {dmop} ({name}), versión {version}, "
        "con las acciones, responsables, cronograma y recursos de este plan.",
        "The authorities are asked to approve the institutionalization of DMOP {dmop} ({name}), version {version}, "
        "with the actions, responsible institutions, timeline and resources of this plan.",
    ),
    "plan_col_authority": ("Autoridad", "Authority"),
    "plan_col_decision": ("Decisión", "Decision"),
    "plan_col_signature": ("Firma y fecha", "Signature and date"),
    "plan_cap_approval": ("Aprobación", "Approval"),
    # --- CLI ---------------------------------------------------------------------------------------------------
    "cycle_cli_no_recommendations": (
        "El DMOP {dmop} no tiene recomendaciones. Use --generate para redactarlas desde las codificaciones.",
        "DMOP {dmop} has no recommendations. Use --generate to draft them from the codings.",
    ),
    "cycle_cli_recorded": (
        "Taller {session} ({dmop}) registrado: {n} de {total} recomendaciones respaldadas.",
        "Workshop {session} ({dmop}) recorded: {n} of {total} recommendations endorsed.",
    ),
    "cycle_cli_endorsed": (
        "El DMOP {dmop} fue respaldado para su institucionalización ({yes} de {voters} votos).",
        "DMOP {dmop} was endorsed for institutionalization ({yes} of {voters} votes).",
    ),
    "cycle_cli_not_endorsed": (
        "El DMOP {dmop} no fue respaldado para su institucionalización ({yes} de {voters} votos).",
        "DMOP {dmop} was not endorsed for institutionalization ({yes} of {voters} votes).",
    ),
    "cycle_cli_refined": (
        "Refinamiento registrado: {dmop} versión {version} ({date}).",
        "Refinement logged: {dmop} version {version} ({date}).",
    ),
    "cycle_cli_no_log": ("El registro de refinamiento está vacío.", "The refinement log is empty."),
    "cycle_cli_no_plan": (
        "El DMOP {dmop} todavía no tiene plan. Créelo con --actions FILE y --resources TEXT.",
        "DMOP {dmop} has no plan yet. Create one with --actions FILE and --resources TEXT.",
    ),
    "cycle_cli_plan": ("Plan {id} del DMOP {dmop} ({status}): {title}", "Plan {id} of DMOP {dmop} ({status}): {title}"),
    "cycle_cli_phase": ("{dmop}: fase actual {phase}.", "{dmop}: current phase {phase}."),
    "cycle_cli_plan_written": (
        "Plan de institucionalización del DMOP {dmop} escrito en {file}.",
        "Institutionalization plan of DMOP {dmop} written to {file}.",
    ),
    # --- the BOK page ------------------------------------------------------------------------------------------
    "bok_ui_intro": (
        "Prácticas y recomendaciones basadas en evidencia sobre trabajo infantil, trabajo forzoso y trata, con su "
        "fuente y sus vínculos a brechas y DMOP.",
        "Evidence-based practices and recommendations on child labor, forced labor and trafficking, with their "
        "source and links to gaps and DMOPs.",
    ),
    "bok_ui_count": ("{n} práctica(s)", "{n} practice(s)"),
    "bok_ui_library": ("Biblioteca", "Library"),
    "bok_ui_relevant": ("Prácticas relevantes para una brecha", "Practices relevant to a gap"),
    "bok_ui_edit": ("Agregar o editar una práctica", "Add or edit a practice"),
    "bok_ui_io": ("Importar y exportar", "Import and export"),
    "bok_ui_search": ("Buscar (palabras, sin importar tildes)", "Search (words, accents ignored)"),
    "bok_ui_all_topics": ("Todos los temas", "All topics"),
    "bok_ui_all_interventions": ("Toda intervención", "Any intervention"),
    "bok_ui_all_evidence": ("Toda evidencia", "Any evidence"),
    "bok_ui_all_dmops": ("Todo DMOP", "Any DMOP"),
    "bok_ui_pick_gap": ("Elija una brecha…", "Choose a gap…"),
    "bok_ui_new": ("(nueva práctica)", "(new practice)"),
    "bok_ui_save": ("Guardar", "Save"),
    "bok_ui_delete": ("Eliminar", "Delete"),
    "bok_ui_saved": ("Práctica {ref} guardada.", "Practice {ref} saved."),
    "bok_ui_deleted": ("Práctica {ref} eliminada.", "Practice {ref} deleted."),
    "bok_ui_import": ("Importar", "Import"),
    "bok_ui_no_file": ("Elija primero un archivo CSV o Excel.", "Choose a CSV or Excel file first."),
    "bok_ui_export": ("Exportar {kind}", "Export {kind}"),
    "bok_ui_download": ("Descargar {name} ({n} prácticas)", "Download {name} ({n} practices)"),
    "bok_field_ref": ("Referencia (vacía: se asigna BOK-NNN)", "Reference (blank: BOK-NNN is assigned)"),
    "bok_field_title": ("Título", "Title"),
    "bok_field_summary": ("Resumen", "Summary"),
    "bok_field_title_en": ("Título en inglés", "Title in English"),
    "bok_field_summary_en": ("Resumen en inglés", "Summary in English"),
    "bok_field_topics": ("Temas (CL, FL, HT o TI, TF, trata; separados por «;»)",
                         "Topics (CL, FL, HT; separated by ';')"),
    "bok_field_intervention": ("Tipo de intervención", "Kind of intervention"),
    "bok_field_evidence": ("Calidad de la evidencia", "Evidence quality"),
    "bok_field_source": ("Fuente (cita)", "Source (citation)"),
    "bok_field_gaps": ("Brechas vinculadas (por ejemplo G05; G10)", "Linked gaps (e.g. G05; G10)"),
    "bok_field_dmops": ("DMOP vinculados (por ejemplo MAUEP; CR)", "Linked DMOPs (e.g. MAUEP; CR)"),
    # --- the cycle page ----------------------------------------------------------------------------------------
    "cycle_ui_intro": (
        "Después del piloto: las recomendaciones de la evaluación, el taller de aprendizaje que decide qué hacer y "
        "si el modelo se respalda para su institucionalización, el registro de refinamiento y el plan para las "
        "autoridades.",
        "After the pilot: the evaluation's recommendations, the learning workshop that decides what to do and "
        "whether the model is endorsed for institutionalization, the refinement log and the plan for the "
        "authorities.",
    ),
    "cycle_ui_phase": ("{dmop}: fase actual «{phase}»", "{dmop}: current phase '{phase}'"),
    "cycle_tab_recommendations": ("Recomendaciones", "Recommendations"),
    "cycle_tab_learning": ("Taller de aprendizaje", "Learning workshop"),
    "cycle_tab_refinement": ("Refinamiento", "Refinement"),
    "cycle_tab_plan": ("Plan de institucionalización", "Institutionalization plan"),
    "cycle_label_rec_edit": ("Agregar o editar una recomendación", "Add or edit a recommendation"),
    "cycle_label_rec_text": ("Texto (una frase)", "Text (one sentence)"),
    "cycle_label_rec_responsible": ("Responsable", "Responsible"),
    "cycle_label_rec_status": ("Estado", "Status"),
    "cycle_label_learning_help": (
        "Cree el taller con las recomendaciones de arriba: los participantes respaldan cada una (sí/no), le dan "
        "prioridad (1-5) y pueden proponer quién debería ser responsable; el último punto vota el respaldo del "
        "DMOP. Condúzcalo desde la página de facilitación y registre aquí lo decidido.",
        "Create the workshop with the recommendations above: participants endorse each (yes/no), rate its "
        "priority (1-5) and may propose who should be responsible; the last item votes on endorsing the DMOP. "
        "Run it from the facilitator page and record here what was decided.",
    ),
    "cycle_label_session": ("Taller de aprendizaje", "Learning workshop"),
    "cycle_label_key": ("Clave de facilitación", "Facilitator key"),
    "cycle_label_course": ("Curso de acción acordado", "Agreed course of action"),
    "cycle_label_change": ("Qué cambió en el modelo", "What changed in the model"),
    "cycle_label_why": ("Por qué", "Why"),
    "cycle_label_version": ("Versión (vacía: la siguiente)", "Version (blank: the next one)"),
    "cycle_label_findings": ("Hallazgos de la evaluación (uno por línea)", "Evaluation findings (one per line)"),
    "cycle_label_link_recs": ("Recomendaciones vinculadas", "Linked recommendations"),
    "cycle_label_link_decisions": ("Decisiones vinculadas", "Linked decisions"),
    "cycle_label_date": ("Fecha (vacía: hoy)", "Date (blank: today)"),
    "cycle_label_plan_pick": ("Plan", "Plan"),
    "cycle_label_plan_title": ("Título del plan", "Plan title"),
    "cycle_label_actions": (
        "Acciones, una por línea: acción | institución | inicio (AAAA-MM) | fin (AAAA-MM)",
        "Actions, one per line: action | institution | start (YYYY-MM) | end (YYYY-MM)",
    ),
    "cycle_label_resources": ("Recursos", "Resources"),
    "cycle_label_plan_status": ("Estado del plan", "Plan status"),
    "cycle_label_document": ("Documento Word del plan", "Word document of the plan"),
    "cycle_ui_generate": ("Redactar desde las codificaciones y los temas", "Draft from the codings and themes"),
    "cycle_ui_generated": ("{n} recomendación(es) nueva(s) redactada(s).", "{n} new recommendation(s) drafted."),
    "cycle_ui_no_recs": (
        "Todavía no hay recomendaciones. Redáctelas desde las codificaciones o escríbalas.",
        "No recommendations yet. Draft them from the codings or write them.",
    ),
    "cycle_ui_recs_caption": ("{n} recomendación(es)", "{n} recommendation(s)"),
    "cycle_ui_source": ("Origen", "Source"),
    "cycle_ui_new_rec": ("(nueva recomendación)", "(new recommendation)"),
    "cycle_ui_rec_saved": ("Recomendación {ref} guardada.", "Recommendation {ref} saved."),
    "cycle_ui_rec_deleted": ("Recomendación {ref} eliminada.", "Recommendation {ref} deleted."),
    "cycle_ui_create": ("Crear el taller de aprendizaje", "Create the learning workshop"),
    "cycle_ui_created": (
        "Taller creado con el código {code}. Ábralo en la página de facilitación para conducir las rondas.",
        "Workshop created with code {code}. Open it on the facilitator page to run the rounds.",
    ),
    "cycle_ui_key_once": (
        "Clave de facilitación (se muestra una sola vez; guárdela):",
        "Facilitator key (shown only once; keep it):",
    ),
    "cycle_ui_participants": ("Participantes", "Participants"),
    "cycle_ui_facilitator": ("Facilitación", "Facilitator"),
    "cycle_ui_pick_session": ("Elija un taller…", "Choose a workshop…"),
    "cycle_ui_key": ("Clave de facilitación", "Facilitator key"),
    "cycle_ui_course_placeholder": (
        "Qué se hará, en pocas palabras (vacío: las recomendaciones respaldadas por orden de prioridad)",
        "What will be done, briefly (blank: the endorsed recommendations by priority)",
    ),
    "cycle_ui_record": ("Registrar lo decidido", "Record the decisions"),
    "cycle_ui_no_session": ("Elija primero un taller de aprendizaje.", "Choose a learning workshop first."),
    "cycle_ui_rank": ("Orden", "Rank"),
    "cycle_ui_proposals": ("Responsable propuesto (votos)", "Proposed responsible (votes)"),
    "cycle_ui_outcome_caption": ("Taller {session}: {n} participantes", "Workshop {session}: {n} participants"),
    "cycle_ui_no_decisions": ("Todavía no hay decisiones registradas.", "No decisions recorded yet."),
    "cycle_ui_decisions_caption": ("Decisiones registradas", "Recorded decisions"),
    "cycle_ui_decision_endorsement": ("{outcome} ({yes} de {voters} votos)", "{outcome} ({yes} of {voters} votes)"),
    "cycle_ui_endorsed": ("respaldado para su institucionalización", "endorsed for institutionalization"),
    "cycle_ui_not_endorsed": ("no respaldado", "not endorsed"),
    "cycle_ui_kind": ("Tipo", "Kind"),
    "cycle_ui_kind_course_of_action": ("curso de acción", "course of action"),
    "cycle_ui_kind_endorsement": ("respaldo del DMOP", "DMOP endorsement"),
    "cycle_ui_session": ("Taller", "Workshop"),
    "cycle_ui_links": ("Vínculos", "Links"),
    "cycle_ui_refine": ("Registrar el refinamiento", "Log the refinement"),
    "cycle_ui_new_plan": ("(nuevo plan)", "(new plan)"),
    "cycle_ui_actions_placeholder": (
        "Aprobar la ruta por resolución | MTESS | 2026-06 | 2026-08",
        "Approve the route by resolution | MTESS | 2026-06 | 2026-08",
    ),
    "cycle_ui_plan_save": ("Guardar el plan", "Save the plan"),
    "cycle_ui_plan_saved": ("Plan n.º {id} guardado.", "Plan no. {id} saved."),
    "cycle_ui_document": ("Generar el documento Word", "Generate the Word document"),
    "cycle_ui_download": ("Descargar {name}", "Download {name}"),
    "cycle_source_codings": ("entrevistas codificadas", "coded interviews"),
    "cycle_source_theme": ("tema {n}", "theme {n}"),
    "cycle_source_facilitator": ("facilitación", "facilitator"),
    "cycle_source_edited": ("editada", "edited"),
}
