"""Messages of the Word reports, the indicators and the M&E register (entry forms, imports)."""

_COUNT_ES, _COUNT_EN = "— (conteo)", "— (a count)"

MESSAGES = {
    # --- indicators -------------------------------------------------------------------------------------------
    "indicator_not_available": ("n/d (sin datos)", "n/a (no data)"),
    "indicator_proportion": ("{n} de {d} ({pct} %)", "{n} of {d} ({pct} %)"),
    "indicator_1_title": (
        "% de actores que reportan un aumento de sus esfuerzos de coordinación con otras instituciones y entidades de "
        "protección social que abordan el TI, el TF y la TdP como resultado del proyecto",
        "% of stakeholders reporting increases in their coordinating efforts with other institutions and social "
        "protection entities addressing CL, FL and HT as a result of the project",
    ),
    "indicator_1_definition": (
        "Proporción de actores participantes que declaran que su coordinación con otras instituciones aumentó gracias "
        "al proyecto. Fuente: la encuesta de efectividad cuando existe; si no, las entrevistas codificadas en "
        "«Cambio en la coordinación».",
        "Share of participating stakeholders who state that their coordination with other institutions increased "
        "thanks to the project. Source: the effectiveness survey when there is one; otherwise the interviews coded "
        "under \"Coordination change\".",
    ),
    "indicator_1_numerator_survey": (
        "Encuestados que respondieron que su coordinación aumentó",
        "Respondents who answered that their coordination increased",
    ),
    "indicator_1_denominator_survey": (
        "Encuestados que respondieron la pregunta sobre coordinación",
        "Respondents who answered the coordination question",
    ),
    "indicator_1_numerator_interviews": (
        "Entrevistas codificadas «Cambio en la coordinación/Aumento»",
        "Interviews coded \"Coordination change/Increase\"",
    ),
    "indicator_1_denominator_interviews": (
        "Entrevistas codificadas con algún cambio en la coordinación (Aumento, Sin cambio o Disminución)",
        "Interviews coded with any coordination change (Increase, No change or Decrease)",
    ),
    "indicator_2_title": (
        "N.º de modelos de aplicación de la ley basados en evidencia desarrollados",
        "# evidence-based enforcement models developed",
    ),
    "indicator_2_definition": (
        "DMOP marcados como basados en evidencia cuyo desarrollo concluyó (llegaron al piloto), de cualquier tipo "
        "(DMOP-C o DMOP-E).",
        "DMOPs flagged as evidence-based whose development finished (they reached the pilot), of any type "
        "(DMOP-C or DMOP-E).",
    ),
    "indicator_2_numerator": (
        "DMOP basados en evidencia en piloto o en una fase posterior",
        "Evidence-based DMOPs in the pilot or a later phase",
    ),
    "indicator_2_denominator": (_COUNT_ES, _COUNT_EN),
    "indicator_3_title": (
        "N.º de DMOP-C implementados que abordan brechas para una mejor coordinación entre agencias del Estado y "
        "entidades de protección social",
        "# of DMOP-C implemented addressing gaps for better coordination between government agencies and social "
        "protection entities",
    ),
    "indicator_3_definition": (
        "DMOP-C puestos en marcha en los territorios (fase piloto o posterior).",
        "DMOP-C put into practice in the territories (pilot phase or later).",
    ),
    "indicator_3_numerator": ("DMOP-C en piloto o en una fase posterior", "DMOP-C in the pilot or a later phase"),
    "indicator_3_denominator": (_COUNT_ES, _COUNT_EN),
    "indicator_4_title": (
        "Proporción de DMOP-C que completaron con éxito el piloto para su implementación",
        "Proportion of DMOP-C that successfully completed the pilot for implementation",
    ),
    "indicator_4_definition": (
        "DMOP-C cuyo piloto concluyó y fue evaluado, sobre los DMOP-C que iniciaron el piloto.",
        "DMOP-C whose pilot finished and was evaluated, over the DMOP-C that started the pilot.",
    ),
    "indicator_4_numerator": ("DMOP-C evaluados (o en una fase posterior)", "DMOP-C evaluated (or in a later phase)"),
    "indicator_4_denominator": ("DMOP-C que iniciaron el piloto", "DMOP-C that started the pilot"),
    "indicator_5_title": (
        "N.º de DMOP-C refinados a partir del análisis del piloto",
        "# of refined DMOP-C based on pilot analysis",
    ),
    "indicator_5_definition": (
        "DMOP-C que pasaron por la fase de refinamiento después de la evaluación del piloto.",
        "DMOP-C that went through refinement after the pilot evaluation.",
    ),
    "indicator_5_numerator": ("DMOP-C refinados (o en una fase posterior)", "DMOP-C refined (or in a later phase)"),
    "indicator_5_denominator": (_COUNT_ES, _COUNT_EN),
    "indicator_6_title": (
        "N.º de planes de sostenibilidad de DMOP-C desarrollados",
        "# of DMOP-C sustainability plans developed",
    ),
    "indicator_6_definition": (
        "DMOP-C con un plan de sostenibilidad (institucionalización) redactado, presentado o aprobado.",
        "DMOP-C with a sustainability (institutionalization) plan drafted, submitted or approved.",
    ),
    "indicator_6_numerator": (
        "DMOP-C con un plan de sostenibilidad registrado o en esa fase o una posterior",
        "DMOP-C with a recorded sustainability plan, or in that phase or a later one",
    ),
    "indicator_6_denominator": (_COUNT_ES, _COUNT_EN),
    "indicator_1_short": ("1. Más coordinación", "1. More coordination"),
    "indicator_2_short": ("2. Modelos basados en evidencia", "2. Evidence-based models"),
    "indicator_3_short": ("3. DMOP-C implementados", "3. DMOP-C implemented"),
    "indicator_4_short": ("4. Pilotos completados", "4. Pilots completed"),
    "indicator_5_short": ("5. DMOP-C refinados", "5. DMOP-C refined"),
    "indicator_6_short": ("6. Planes de sostenibilidad", "6. Sustainability plans"),
    # --- templates and document building --------------------------------------------------------------------
    "report_page": ("Página", "Page"),
    "report_of": ("de", "of"),
    "report_toc": ("Contenido", "Contents"),
    "report_toc_hint": (
        "Índice: en Word, haga clic derecho aquí y elija «Actualizar campo».",
        "Table of contents: in Word, right-click here and choose \"Update Field\".",
    ),
    "report_table_word": ("Tabla", "Table"),
    "report_figure_word": ("Figura", "Figure"),
    "report_template_tag": (
        "La plantilla {template} contiene «{tag}», que no es un campo admitido. Las plantillas solo admiten campos "
        "como {{{{ title }}}}; quite esa etiqueta en Word y vuelva a intentarlo.",
        "The template {template} contains \"{tag}\", which is not a supported field. Templates accept only fields "
        "such as {{{{ title }}}}; remove that tag in Word and try again.",
    ),
    "report_template_unknown_field": (
        "La plantilla {template} usa el campo {{{{ {field} }}}}, que no existe. Campos disponibles: {known}. "
        "Corrija el nombre en Word.",
        "The template {template} uses the field {{{{ {field} }}}}, which does not exist. Available fields: {known}. "
        "Fix the name in Word.",
    ),
    "report_template_missing": (
        "No se encuentra la plantilla {template}. Revise la ruta o quite --template para usar la plantilla por "
        "defecto.",
        "Template {template} not found. Check the path, or leave out --template to use the default template.",
    ),
    "report_template_unreadable": (
        "La plantilla {template} no es un documento Word válido ({reason}). Guárdela de nuevo como .docx.",
        "The template {template} is not a valid Word document ({reason}). Save it again as .docx.",
    ),
    "report_months": (
        "enero,febrero,marzo,abril,mayo,junio,julio,agosto,septiembre,octubre,noviembre,diciembre",
        "January,February,March,April,May,June,July,August,September,October,November,December",
    ),
    "report_long_date": ("{day} de {month} de {year}", "{day} {month} {year}"),
    "report_and": ("y", "and"),
    # --- DMOP evaluation report -----------------------------------------------------------------------------
    "report_kind_dmop": ("Informe de evaluación del DMOP", "DMOP evaluation report"),
    "report_kind_dmop_subtitle": (
        "Qué funciona, debilidades y recomendaciones del piloto",
        "What works, weaknesses and recommendations from the pilot",
    ),
    "report_scope_territory": ("Territorio: {territory}", "Territory: {territory}"),
    "report_scope_all": ("Todos los territorios del piloto ({n})", "All pilot territories ({n})"),
    "report_organisation": (
        "Proyecto ATLAS en Paraguay — equipo de monitoreo y evaluación",
        "ATLAS project in Paraguay — monitoring and evaluation team",
    ),
    "report_short_title": ("{kind} · {dmop}", "{kind} · {dmop}"),
    "report_confidentiality": (
        "Las citas usan seudónimos; nombres, teléfonos, números de cédula y correos fueron reemplazados.",
        "Quotes use pseudonyms; names, phone numbers, ID numbers and e-mails have been replaced.",
    ),
    "report_not_redacted": (
        "ATENCIÓN: este documento contiene datos personales sin redactar (--no-redact). No lo comparta.",
        "WARNING: this document contains unredacted personal data (--no-redact). Do not share it.",
    ),
    "report_theme": ("Tema", "Theme"),
    "report_section_strengths": ("lo que funciona", "what works"),
    "report_section_weaknesses": ("debilidades", "weaknesses"),
    "report_section_recommendations": ("recomendaciones", "recommendations"),
    "report_section_challenges": ("desafíos", "challenges"),
    "report_section_solutions": ("soluciones innovadoras", "innovative solutions"),
    "report_section_actions": ("acciones realizadas", "actions taken"),
    "report_summary_themes": ("Principales temas en {section}: {themes}.", "Main themes in {section}: {themes}."),
    "report_summary_quote": (
        "En {section}: {segments} segmentos de {interviews} entrevistas; por ejemplo: «{quote}»",
        "On {section}: {segments} segments from {interviews} interviews; for example: “{quote}”",
    ),
    "report_summary_counts": (
        "En {section}: {segments} segmentos de {interviews} entrevistas.",
        "On {section}: {segments} segments from {interviews} interviews.",
    ),
    "report_h_summary": ("Resumen ejecutivo", "Executive summary"),
    "report_summary_intro": (
        "Este informe evalúa el piloto del DMOP {dmop} ({name}) a partir de {n} entrevistas a actores de "
        "{institutions} instituciones en {territories} territorios, realizadas entre el {first} y el {last}, y de los "
        "registros de monitoreo del proyecto.",
        "This report evaluates the pilot of DMOP {dmop} ({name}) from {n} interviews with stakeholders of "
        "{institutions} institutions in {territories} territories, held between {first} and {last}, and from the "
        "project's monitoring records.",
    ),
    "report_aim": ("Objetivo del DMOP", "Aim of the DMOP"),
    "report_summary_coordination": (
        "{n} de {d} entrevistas que abordaron la coordinación reportan un aumento ({pct}).",
        "{n} of {d} interviews that addressed coordination report an increase ({pct}).",
    ),
    "report_summary_indicator1": (
        "Indicador 1 (actores que reportan más coordinación): {value}, según {source}.",
        "Indicator 1 (stakeholders reporting more coordination): {value}, from {source}.",
    ),
    "report_source_survey": ("la encuesta de efectividad", "the effectiveness survey"),
    "report_source_interviews": ("las entrevistas codificadas", "the coded interviews"),
    "report_source_register": ("el registro de M&E", "the M&E register"),
    "report_summary_meetings": (
        "{n} reuniones registradas con {people} asistencias de {institutions} instituciones.",
        "{n} meetings recorded with {people} attendances from {institutions} institutions.",
    ),
    "report_summary_agreement": (
        "Acuerdo entre codificadores: α de Krippendorff = {alpha} ({units} segmentos).",
        "Agreement between coders: Krippendorff's α = {alpha} ({units} segments).",
    ),
    "report_no_interviews": (
        "Todavía no hay entrevistas importadas del DMOP {dmop}: importe las transcripciones con "
        "«atlas-qual import ARCHIVO --dmop {dmop}» y codifíquelas para completar este informe.",
        "There are no interviews of DMOP {dmop} yet: import the transcripts with "
        "\"atlas-qual import FILE --dmop {dmop}\" and code them to complete this report.",
    ),
    "report_h_methodology": ("Metodología", "Methodology"),
    "report_h_interviews": ("Quiénes fueron entrevistados", "Who was interviewed"),
    "report_mode_in_person": ("presencial", "in person"),
    "report_mode_phone": ("telefónica", "phone"),
    "report_mode_online": ("en línea", "online"),
    "report_method_interviews": (
        "Se realizaron {n} entrevistas semiestructuradas ({modes}) entre el {first} y el {last}, a actores de "
        "{institutions} instituciones en {territories} territorios. La tabla resume su perfil.",
        "{n} semi-structured interviews ({modes}) were held between {first} and {last} with stakeholders of "
        "{institutions} institutions in {territories} territories. The table summarises their profile.",
    ),
    "report_attr_territory": ("Territorio", "Territory"),
    "report_attr_institution": ("Institución", "Institution"),
    "report_attr_role": ("Rol", "Role"),
    "report_attr_mode": ("Modalidad", "Mode"),
    "report_col_attribute": ("Dimensión", "Dimension"),
    "report_col_category": ("Categoría", "Category"),
    "report_col_interviews": ("Entrevistas", "Interviews"),
    "report_cap_profile": ("Perfil de las entrevistas", "Profile of the interviews"),
    "report_h_coding": ("Codificación y acuerdo entre codificadores", "Coding and inter-coder agreement"),
    "report_method_coding": (
        "Las transcripciones se codificaron por segmento (turno de palabra) con el libro de códigos de evaluación de "
        "DMOP (anexo A): {codes} códigos aplicados en {codings} codificaciones por {coders} codificadores.",
        "The transcripts were coded by segment (speaker turn) with the DMOP evaluation codebook (annex A): {codes} "
        "codes applied in {codings} codings by {coders} coders.",
    ),
    "report_method_agreement": (
        "La confiabilidad se midió sobre {units} segmentos codificados de forma independiente: acuerdo porcentual "
        "{percent}, α de Krippendorff {alpha} y κ de Cohen {kappa} (detalle por código en el anexo B).",
        "Reliability was measured on {units} independently coded segments: percent agreement {percent}, "
        "Krippendorff's α {alpha} and Cohen's κ {kappa} (detail per code in annex B).",
    ),
    "report_method_no_agreement": (
        "No hubo doble codificación independiente de estas entrevistas, por lo que no se calculó el acuerdo entre "
        "codificadores.",
        "These interviews were not double-coded independently, so inter-coder agreement was not computed.",
    ),
    "report_method_redaction": (
        "Las citas se presentan con el seudónimo, el rol y el territorio de cada persona; nombres, teléfonos, "
        "números de cédula y correos electrónicos fueron reemplazados.",
        "Quotes are given with each person's pseudonym, role and territory; names, phone numbers, ID numbers and "
        "e-mail addresses have been replaced.",
    ),
    "report_cap_codes_territory": (
        "Segmentos codificados por código de evaluación y territorio",
        "Coded segments by evaluation code and territory",
    ),
    "report_h_strengths": ("Lo que funciona (fortalezas)", "What works (strengths)"),
    "report_h_weaknesses": ("Debilidades", "Weaknesses"),
    "report_h_recommendations": ("Recomendaciones", "Recommendations"),
    "report_h_coordination": ("Cambio en la coordinación", "Coordination change"),
    "report_h_meetings": ("Desafíos y soluciones innovadoras de las reuniones",
                          "Challenges and innovative solutions from the meetings"),
    "report_h_challenges": ("Desafíos identificados", "Challenges identified"),
    "report_h_solutions": ("Soluciones innovadoras propuestas", "Innovative solutions proposed"),
    "report_h_actions": ("Acciones realizadas", "Actions taken"),
    "report_h_reach": ("Alcance de la campaña de derivaciones comunitarias", "Reach of the community-referral campaign"),
    "report_h_indicators": ("Indicadores", "Indicators"),
    "report_h_annex": ("Anexos", "Annexes"),
    "report_h_annex_codebook": ("Anexo A. Libro de códigos", "Annex A. Codebook"),
    "report_h_annex_agreement": ("Anexo B. Acuerdo entre codificadores", "Annex B. Inter-coder agreement"),
    "report_h_annex_interviews": ("Anexo C. Entrevistas", "Annex C. Interviews"),
    "report_h_annex_phases": ("Anexo D. Historial de fases del DMOP", "Annex D. DMOP phase history"),
    "report_h_themes": ("Temas", "Themes"),
    "report_h_quotes": ("Voces de los entrevistados", "In the interviewees' words"),
    "report_h_recorded_recommendations": ("Recomendaciones registradas", "Recorded recommendations"),
    "report_section_empty": (
        "No se codificaron segmentos con «{code}» en las entrevistas de este informe.",
        "No segments were coded \"{code}\" in the interviews of this report.",
    ),
    "report_section_intro": (
        "Se codificaron {segments} segmentos de {interviews} entrevistas con «{code}». Por territorio: {where}.",
        "{segments} segments from {interviews} interviews were coded \"{code}\". By territory: {where}.",
    ),
    "report_themes_intro": (
        "El análisis temático guardado en el proyecto identificó {n} temas en estos segmentos (con los nombres, "
        "fusiones y descartes del equipo de análisis).",
        "The thematic analysis stored in the project found {n} themes in these segments (with the analysis team's "
        "renames, merges and removals).",
    ),
    "report_col_theme": ("Tema", "Theme"),
    "report_col_segments": ("Segmentos", "Segments"),
    "report_col_terms": ("Términos clave", "Key terms"),
    "report_cap_themes": ("Temas de {section}", "Themes of {section}"),
    "report_cap_themes_chart": ("Segmentos por tema: {section}", "Segments per theme: {section}"),
    "report_no_themes": (
        "Aún no hay temas guardados para «{code}» en este DMOP; para agregarlos ejecute "
        "«atlas-qual themes --code \"{code}\" --dmop {dmop}» y vuelva a generar el informe.",
        "No themes are stored yet for \"{code}\" in this DMOP; to add them run "
        "\"atlas-qual themes --code '{code}' --dmop {dmop}\" and generate the report again.",
    ),
    "report_col_ref": ("Ref.", "Ref."),
    "report_col_recommendation": ("Recomendación", "Recommendation"),
    "report_col_status": ("Estado", "Status"),
    "report_status_proposed": ("propuesta", "proposed"),
    "report_status_endorsed": ("respaldada", "endorsed"),
    "report_status_rejected": ("rechazada", "rejected"),
    "report_coordination_intro": (
        "De las {d} entrevistas que abordaron la coordinación con otras instituciones, {increase} reportan un "
        "aumento ({pct}), {no_change} no ven cambios y {decrease} reportan una disminución.",
        "Of the {d} interviews that addressed coordination with other institutions, {increase} report an increase "
        "({pct}), {no_change} see no change and {decrease} report a decrease.",
    ),
    "report_change_increase": ("Aumento", "Increase"),
    "report_change_no_change": ("Sin cambio", "No change"),
    "report_change_decrease": ("Disminución", "Decrease"),
    "report_total": ("Total", "Total"),
    "report_cap_coordination": (
        "Entrevistas por cambio en la coordinación y territorio",
        "Interviews by coordination change and territory",
    ),
    "report_cap_coordination_chart": ("Cambio en la coordinación por territorio", "Coordination change by territory"),
    "report_coordination_none": (
        "Ninguna entrevista de este informe fue codificada con «Cambio en la coordinación».",
        "No interview in this report was coded \"Coordination change\".",
    ),
    "report_survey_intro": (
        "En la encuesta de efectividad respondieron {n} actores; {d} contestaron la pregunta sobre coordinación y "
        "{increase} de ellos ({pct}) reportan un aumento.",
        "{n} stakeholders answered the effectiveness survey; {d} answered the coordination question and {increase} "
        "of them ({pct}) report an increase.",
    ),
    "report_col_answer": ("Respuesta", "Answer"),
    "report_col_respondents": ("Encuestados", "Respondents"),
    "report_cap_survey": ("Encuesta de efectividad: cambio en la coordinación",
                          "Effectiveness survey: coordination change"),
    "report_meetings_intro": (
        "El equipo de M&E registró {n} reuniones del DMOP entre el {first} y el {last}, con {people} asistencias de "
        "{institutions} instituciones.",
        "The M&E team recorded {n} meetings of the DMOP between {first} and {last}, with {people} attendances from "
        "{institutions} institutions.",
    ),
    "report_col_date": ("Fecha", "Date"),
    "report_col_meeting": ("Reunión", "Meeting"),
    "report_col_attendees": ("Asistentes", "Attendees"),
    "report_col_topics": ("Temas tratados", "Topics discussed"),
    "report_cap_meetings": ("Reuniones registradas", "Meetings recorded"),
    "report_attendance_gender": ("Asistencia por género: {detail}.", "Attendance by gender: {detail}."),
    "report_gender_f": ("mujeres", "women"),
    "report_gender_m": ("hombres", "men"),
    "report_gender_x": ("otro / no indica", "other / not stated"),
    "report_meetings_none": (
        "No hay reuniones registradas para este DMOP. Cárguelas en el registro de M&E (reuniones y asistentes).",
        "No meetings are recorded for this DMOP. Enter them in the M&E register (meetings and attendees).",
    ),
    "report_interview_voices": ("En las entrevistas:", "In the interviews:"),
    "report_reach_intro": (
        "La campaña sumó {posts} publicaciones, {replications} replicaciones y {comments} comentarios; la valoración "
        "media de las radios comunitarias fue {rating}.",
        "The campaign added up to {posts} posts, {replications} replications and {comments} comments; the mean "
        "community-radio rating was {rating}.",
    ),
    "report_col_month": ("Mes", "Month"),
    "report_col_channel": ("Canal", "Channel"),
    "report_col_posts": ("Public.", "Posts"),
    "report_col_replications": ("Replic.", "Replications"),
    "report_col_comments": ("Coment.", "Comments"),
    "report_col_radio": ("Radio", "Radio"),
    "report_cap_reach": ("Alcance por canal, territorio y mes", "Reach by channel, territory and month"),
    "report_indicators_intro": (
        "El indicador 1 se calcula para el alcance de este informe (DMOP {dmop}); los indicadores 2 a 6 cuentan "
        "todos los DMOP del proyecto según su historial de fases.",
        "Indicator 1 is computed for the scope of this report (DMOP {dmop}); indicators 2 to 6 count all the "
        "project's DMOPs by their phase history.",
    ),
    "report_col_number": ("N.º", "#"),
    "report_col_indicator": ("Indicador y definición", "Indicator and definition"),
    "report_col_value": ("Valor", "Value"),
    "report_col_numerator": ("Numerador", "Numerator"),
    "report_col_denominator": ("Denominador", "Denominator"),
    "report_cap_indicators": ("Indicadores reportables", "Reportable indicators"),
    "report_chart_percent": ("Porcentaje", "Percentage"),
    "report_chart_count": ("Número", "Count"),
    "report_cap_indicators_chart": ("Indicadores reportables", "Reportable indicators"),
    "report_col_code": ("Código", "Code"),
    "report_col_definition": ("Definición", "Definition"),
    "report_cap_codebook": ("Libro de códigos de evaluación de DMOP", "DMOP evaluation codebook"),
    "report_overall": ("Global", "Overall"),
    "report_col_percent_agreement": ("% acuerdo", "% agreement"),
    "report_col_units": ("Segmentos", "Segments"),
    "report_col_positives": ("Aplicado", "Applied"),
    "report_cap_agreement": ("Acuerdo entre codificadores por código", "Inter-coder agreement per code"),
    "report_agreement_note": (
        "κ de Cohen (dos codificadores) y α de Krippendorff (nominal) por código, sobre los segmentos que todos los "
        "codificadores revisaron; «Aplicado»: segmentos en que al menos uno aplicó el código. «—»: no calculable "
        "(por ejemplo, nadie aplicó el código).",
        "Cohen's κ (two coders) and Krippendorff's α (nominal) per code, over the segments every coder reviewed; "
        "\"Applied\": segments where at least one coder applied the code. \"—\": not computable (e.g. nobody "
        "applied the code).",
    ),
    "report_col_pseudonym": ("Seudónimo", "Pseudonym"),
    "report_cap_interviews": ("Entrevistas analizadas", "Interviews analysed"),
    "report_col_phase": ("Fase", "Phase"),
    "report_col_note": ("Nota", "Note"),
    "report_cap_phases": ("Historial de fases", "Phase history"),
    # --- M&E register -----------------------------------------------------------------------------------------
    "register_row_error": ("{file}, fila {row}, columna «{column}»: {problem}",
                           "{file}, row {row}, column \"{column}\": {problem}"),
    "register_row_error_nocol": ("{file}, fila {row}: {problem}", "{file}, row {row}: {problem}"),
    "register_file_missing": ("No se encuentra el archivo {file}. Revise la ruta.",
                              "File {file} not found. Check the path."),
    "register_xls": (
        "{file}: el formato .xls (Excel 97-2003) no se admite. Ábralo en Excel o LibreOffice y guárdelo como .xlsx "
        "o .csv.",
        "{file}: the .xls format (Excel 97-2003) is not supported. Open it in Excel or LibreOffice and save it as "
        ".xlsx or .csv.",
    ),
    "register_file_empty": ("{file} está vacío: la primera fila debe tener los nombres de las columnas.",
                            "{file} is empty: the first row must hold the column names."),
    "register_excel_unreadable": ("{file} no se puede abrir como Excel ({reason}). Guárdelo de nuevo como .xlsx.",
                                  "{file} cannot be opened as Excel ({reason}). Save it again as .xlsx."),
    "register_value_missing": ("falta el valor; complételo.", "the value is missing; fill it in."),
    "register_value_unknown_dmop": ("DMOP desconocido «{value}»; use uno de: {known}.",
                                    "unknown DMOP \"{value}\"; use one of: {known}."),
    "register_value_unknown_territory": ("territorio desconocido «{value}»; use uno de: {known}.",
                                         "unknown territory \"{value}\"; use one of: {known}."),
    "register_value_unknown_institution": ("institución desconocida «{value}»; use una sigla de: {known}.",
                                           "unknown institution \"{value}\"; use an acronym from: {known}."),
    "register_value_bad_date": ("fecha no reconocida «{value}»; use AAAA-MM-DD (2025-03-14) o DD/MM/AAAA.",
                                "date not recognized \"{value}\"; use YYYY-MM-DD (2025-03-14) or DD/MM/YYYY."),
    "register_value_bad_month": ("mes no reconocido «{value}»; use AAAA-MM (2025-03) o MM/AAAA.",
                                 "month not recognized \"{value}\"; use YYYY-MM (2025-03) or MM/YYYY."),
    "register_value_not_count": ("«{value}» no es un número entero igual o mayor que 0.",
                                 "\"{value}\" is not a whole number of 0 or more."),
    "register_value_not_number": ("«{value}» no es un número igual o mayor que 0.",
                                  "\"{value}\" is not a number of 0 or more."),
    "register_value_bad_phase": ("fase desconocida «{value}»; use una de: {known} (o su nombre en español).",
                                 "unknown phase \"{value}\"; use one of: {known}."),
    "register_value_bad_change": (
        "respuesta no reconocida «{value}»; use aumentó / sin cambio / disminuyó, o indique en el mapeo (values) "
        "a qué cambio corresponde.",
        "answer not recognized \"{value}\"; use increase / no change / decrease, or say in the mapping (values) "
        "which change it means.",
    ),
    "register_value_unknown_meeting": (
        "no hay ninguna reunión con la referencia «{value}»; importe primero meetings.csv o corrija la referencia.",
        "there is no meeting with the ref \"{value}\"; import meetings.csv first or fix the ref.",
    ),
    "register_column_missing": ("falta la columna; use uno de estos nombres: {names}.",
                                "the column is missing; use one of these names: {names}."),
    "register_mapping_unknown_field": (
        "El mapeo de la encuesta usa campos desconocidos ({fields}); los campos son: {known}.",
        "The survey mapping uses unknown fields ({fields}); the fields are: {known}.",
    ),
    "register_mapping_bad_value": (
        "El mapeo de la encuesta asigna valores no válidos ({values}); use: {known}.",
        "The survey mapping assigns invalid values ({values}); use: {known}.",
    ),
    "register_mapping_unreadable": ("El mapeo {file} no es YAML/JSON válido ({reason}).",
                                    "The mapping {file} is not valid YAML/JSON ({reason})."),
    "register_mapping_column_absent": (
        "{file}: el mapeo nombra columnas que no están en el archivo ({columns}). Columnas del archivo: {header}.",
        "{file}: the mapping names columns that are not in the file ({columns}). The file's columns: {header}.",
    ),
    "register_survey_no_change_column": (
        "{file}: no se encontró la pregunta sobre el cambio en la coordinación. Indique su columna en el mapeo "
        "(columns: coordination_change: \"texto de la pregunta\"). Columnas del archivo: {header}.",
        "{file}: the coordination-change question was not found. Name its column in the mapping "
        "(columns: coordination_change: \"question text\"). The file's columns: {header}.",
    ),
    "register_unknown_kind": ("Tipo de registro desconocido «{kind}»; use uno de: {known}.",
                              "Unknown register kind \"{kind}\"; use one of: {known}."),
    "register_form_error": ("Campo «{field}»: {problem}", "Field \"{field}\": {problem}"),
    "register_form_attendee_error": ("Asistente {n}, campo «{field}»: {problem}",
                                     "Attendee {n}, field \"{field}\": {problem}"),
    # --- learning-workshop handout ----------------------------------------------------------------------------
    "report_kind_handout": ("Taller de aprendizaje: hoja de trabajo", "Learning workshop: handout"),
    "report_kind_handout_subtitle": ("Hallazgos clave de la evaluación del piloto y preguntas para la discusión",
                                     "Key findings of the pilot evaluation and questions for the discussion"),
    "handout_intro": (
        "Esta hoja resume la evaluación del piloto del DMOP {dmop}: {n} entrevistas a actores de {institutions} "
        "instituciones en {territories} territorios y {meetings} reuniones registradas. Léala antes del taller: la "
        "discusión parte de las preguntas del final.",
        "This handout summarises the evaluation of the pilot of DMOP {dmop}: {n} interviews with stakeholders of "
        "{institutions} institutions in {territories} territories and {meetings} recorded meetings. Read it before "
        "the workshop: the discussion starts from the questions at the end.",
    ),
    "handout_key_indicator1": ("{value} de los actores reporta más coordinación (según {source}).",
                               "{value} of stakeholders report more coordination (from {source})."),
    "handout_key_coordination": ("{pct} de los entrevistados que hablaron de coordinación reporta un aumento.",
                                 "{pct} of the interviewees who spoke about coordination report an increase."),
    "handout_h_findings": ("Hallazgos clave", "Key findings"),
    "handout_theme_point": ("{theme} ({n} segmentos; {terms})", "{theme} ({n} segments; {terms})"),
    "handout_nothing_yet": ("Aún no hay segmentos codificados en este apartado.",
                            "No segments are coded under this heading yet."),
    "handout_recorded": ("Recomendaciones registradas para votar en el taller:",
                         "Recommendations recorded for the workshop vote:"),
    "handout_h_meetings": ("Desafíos y soluciones de las reuniones", "Challenges and solutions from the meetings"),
    "handout_h_questions": ("Preguntas para la discusión", "Questions for the discussion"),
    "handout_q_weakness": ("¿Cómo debería cambiar el DMOP para resolver «{theme}»?",
                           "How should the DMOP change to solve \"{theme}\"?"),
    "handout_q_weakness_generic": (
        "Los entrevistados señalaron {n} debilidades: ¿cuáles deben resolverse antes de seguir?",
        "The interviewees pointed out {n} weaknesses: which must be solved before going on?",
    ),
    "handout_q_recommendation": ("¿Quién debería encargarse de «{theme}», con qué recursos y en qué plazo?",
                                 "Who should take charge of \"{theme}\", with what resources and by when?"),
    "handout_q_coordination": (
        "Donde la coordinación no aumentó, ¿qué lo impidió y qué podría cambiarlo?",
        "Where coordination did not increase, what prevented it and what could change that?",
    ),
    "handout_q_keep": ("¿Qué funciona y debe mantenerse tal como está?", "What works and should stay as it is?"),
    "handout_q_scale": (
        "¿Qué cambios son imprescindibles antes de extender el {dmop} a otros territorios?",
        "Which changes are essential before extending {dmop} to other territories?",
    ),
    "handout_q_plan": (
        "¿Qué necesita el plan de sostenibilidad (normas, presupuesto, responsables) para que el DMOP no dependa de "
        "personas?",
        "What does the sustainability plan need (rules, budget, people in charge) so that the DMOP does not depend "
        "on individuals?",
    ),
    "handout_q_who": ("¿Qué decisiones de este taller deben elevarse a las autoridades, y quién las presenta?",
                      "Which decisions of this workshop must go to the authorities, and who presents them?"),
    "handout_footer": ("Territorios del piloto: {territories}.", "Pilot territories: {territories}."),
    # --- workshop results report ------------------------------------------------------------------------------
    "workshop_report_kind": ("Informe de resultados del taller", "Workshop results report"),
    "workshop_report_subtitle_gaps": (
        "Priorización de brechas del ASP: criterios, puntajes, lista corta y grupos de trabajo",
        "Prioritization of PSA gaps: criteria, scores, shortlist and workgroups",
    ),
    "workshop_report_subtitle_learning": (
        "Taller de aprendizaje: recomendaciones respaldadas y prioridades",
        "Learning workshop: endorsed recommendations and priorities",
    ),
    "workshop_report_scope": ("Sesión {code} · {n} participantes", "Session {code} · {n} participants"),
    "workshop_report_confidentiality": (
        "Los votos son anónimos: este informe no muestra ningún voto individual ni apodo de participante.",
        "Votes are anonymous: this report shows no individual vote and no participant nickname.",
    ),
    "workshop_report_item_gap": ("Brecha", "Gap"),
    "workshop_report_item_recommendation": ("Recomendación", "Recommendation"),
    "workshop_report_items_gap": ("brechas", "gaps"),
    "workshop_report_items_recommendation": ("recomendaciones", "recommendations"),
    "workshop_report_h_summary": ("Resumen", "Summary"),
    "workshop_report_summary": (
        "Votaron {n} participantes sobre {items} {item}. {qualifying} cumplieron la regla de filtro «{rule}» según "
        "el procedimiento {procedure} y pasaron a la ronda de puntuación.",
        "{n} participants voted on {items} {item}. {qualifying} met the gate rule \"{rule}\" under the {procedure} "
        "procedure and went on to the scoring round.",
    ),
    "workshop_report_procedure_premise": ("basado en premisas", "premise-based"),
    "workshop_report_procedure_conclusion": ("basado en conclusiones", "conclusion-based"),
    "workshop_report_paper": ("{n} participantes votaron en papel (boletas cargadas por la facilitación).",
                              "{n} participants voted on paper (ballots typed in by the facilitator)."),
    "workshop_report_differs": (
        "Ítems cuyo resultado depende del procedimiento de agregación (dilema discursivo; {n}): {items}.",
        "Items whose outcome depends on the aggregation procedure (discursive dilemma; {n}): {items}.",
    ),
    "workshop_report_kendall": (
        "Concordancia del grupo sobre el orden (W de Kendall): {w}, {strength} ({m} participantes que puntuaron "
        "todos los ítems).",
        "Group agreement on the order (Kendall's W): {w}, {strength} ({m} participants who scored every item).",
    ),
    "workshop_report_w_none": ("no calculable", "not computable"),
    "workshop_report_w_very_weak": ("muy débil", "very weak"),
    "workshop_report_w_weak": ("débil", "weak"),
    "workshop_report_w_moderate": ("moderada", "moderate"),
    "workshop_report_w_strong": ("fuerte", "strong"),
    "workshop_report_w_very_strong": ("muy fuerte", "very strong"),
    "workshop_report_shortlist_summary": ("Lista corta ({n}): {items}.", "Shortlist ({n}): {items}."),
    "workshop_report_unresolved": (
        "Empates sin resolver que requieren decisión de la facilitación: {groups}.",
        "Unresolved ties awaiting the facilitator's decision: {groups}.",
    ),
    "workshop_report_col_round": ("Ronda", "Round"),
    "workshop_report_col_kind": ("Tipo", "Kind"),
    "workshop_report_col_voters": ("Votantes", "Voters"),
    "workshop_report_col_votes": ("Votos", "Votes"),
    "workshop_report_round_gate": ("filtro (C1-C3)", "gate (C1-C3)"),
    "workshop_report_round_score": ("puntuación", "scoring"),
    "workshop_report_state_pending": ("sin abrir", "not opened"),
    "workshop_report_state_open": ("abierta", "open"),
    "workshop_report_state_closed": ("cerrada", "closed"),
    "workshop_report_cap_rounds": ("Rondas de votación", "Voting rounds"),
    "workshop_report_h_criteria": ("Criterios", "Criteria"),
    "workshop_report_col_criterion": ("Criterio", "Criterion"),
    "workshop_report_col_question": ("Pregunta", "Question"),
    "workshop_report_cap_gates": ("Criterios de filtro", "Gate criteria"),
    "workshop_report_rule": ("Regla: un ítem califica cuando {rule}.", "Rule: an item qualifies when {rule}."),
    "workshop_report_col_weight": ("Peso", "Weight"),
    "workshop_report_col_scale": ("Escala", "Scale"),
    "workshop_report_cap_criteria": ("Criterios de puntuación", "Scoring criteria"),
    "workshop_report_h_gates": ("Ronda de filtro", "Gate round"),
    "workshop_report_gates_intro": (
        "Para cada ítem: la proporción de «sí» por criterio; el resultado basado en premisas (mayoría por criterio y "
        "luego la regla) y el basado en conclusiones (la conclusión de cada participante y luego la mayoría); y si "
        "ambos difieren.",
        "For each item: the share of \"yes\" per criterion; the premise-based outcome (majority per criterion, then "
        "the rule) and the conclusion-based outcome (each participant's conclusion, then the majority); and "
        "whether they differ.",
    ),
    "workshop_report_yes": ("sí", "yes"),
    "workshop_report_no": ("no", "no"),
    "workshop_report_col_premise": ("Premisas", "Premise"),
    "workshop_report_col_conclusion": ("Conclusión", "Conclusion"),
    "workshop_report_col_differs": ("Difieren", "Differ"),
    "workshop_report_col_qualifies": ("Califica", "Qualifies"),
    "workshop_report_cap_gate_table": ("Resultados de la ronda de filtro", "Gate round results"),
    "workshop_report_differs_note": (
        "Donde los procedimientos difieren se aplicó el procedimiento {procedure}, elegido por la facilitación.",
        "Where the procedures differ, the {procedure} procedure chosen by the facilitator was applied.",
    ),
    "workshop_report_h_ranking": ("Ranking de los ítems que califican", "Ranking of the qualifying items"),
    "workshop_report_chart_x": ("Puntaje ponderado (barra) e intervalo intercuartílico (línea)",
                                "Weighted score (bar) and inter-quartile range (line)"),
    "workshop_report_cap_ranking_chart": ("Ranking por puntaje ponderado; en naranja, la lista corta",
                                          "Ranking by weighted score; the shortlist in orange"),
    "workshop_report_col_rank": ("Puesto", "Rank"),
    "workshop_report_col_score": ("Puntaje", "Score"),
    "workshop_report_col_median": ("Mediana", "Median"),
    "workshop_report_cap_ranking": ("Ranking", "Ranking"),
    "workshop_report_change": ("Cambio entre la ronda {a} y la ronda {b} (después de la discusión):",
                               "Change between round {a} and round {b} (after the discussion):"),
    "workshop_report_col_delta_score": ("Δ puntaje", "Δ score"),
    "workshop_report_col_delta_iqr": ("Δ IQR", "Δ IQR"),
    "workshop_report_col_rank_change": ("Puesto antes → después", "Rank before → after"),
    "workshop_report_cap_change": ("Cambio entre rondas de puntuación", "Change between scoring rounds"),
    "workshop_report_no_scores": ("Todavía no hay puntajes: la ronda de puntuación no se abrió.",
                                  "There are no scores yet: the scoring round has not been opened."),
    "workshop_report_h_ties": ("Desempates", "Tie-breaks"),
    "workshop_report_ties_intro": (
        "Los empates se resolvieron en este orden: mayor mediana, menor IQR, más puntajes máximos y, por último, "
        "decisión de la facilitación:",
        "Ties were broken in this order: higher median, lower IQR, more top scores and, last, the facilitator's "
        "decision:",
    ),
    "workshop_report_no_ties": ("No hubo empates en el puntaje ponderado.", "There were no ties in the weighted score."),
    "workshop_report_h_shortlist": ("Lista corta y DMOP-C a desarrollar", "Shortlist and DMOP-C to develop"),
    "workshop_report_cap_shortlist": ("Lista corta", "Shortlist"),
    "workshop_report_no_shortlist": ("La facilitación todavía no definió la lista corta.",
                                     "The facilitator has not set the shortlist yet."),
    "workshop_report_h_workgroups": ("Grupos de trabajo", "Workgroups"),
    "workshop_report_workgroups_intro": (
        "Cada DMOP-C se desarrolla con un grupo de trabajo de referentes del gobierno (champions), expertos técnicos y "
        "el equipo ATLAS.",
        "Each DMOP-C is developed by a workgroup of government champions, technical experts and the ATLAS team.",
    ),
    "workshop_report_col_name": ("Nombre", "Name"),
    "workshop_report_role_champion": ("referente (champion)", "champion"),
    "workshop_report_role_technical_expert": ("experto técnico", "technical expert"),
    "workshop_report_role_atlas_team": ("equipo ATLAS", "ATLAS team"),
    "workshop_report_no_workgroups": ("Todavía no hay miembros de grupos de trabajo registrados.",
                                      "No workgroup members are recorded yet."),
    "workshop_report_h_participants": ("Participantes por institución", "Participants by institution"),
    "workshop_report_col_participants": ("Participantes", "Participants"),
    "workshop_report_no_institution": ("sin institución indicada", "no institution given"),
    # --- commands and generation ------------------------------------------------------------------------------
    "report_progress_dmop": ("Informe de evaluación del DMOP", "DMOP evaluation report"),
    "report_progress_handout": ("Hoja del taller de aprendizaje", "Learning-workshop handout"),
    "report_progress_workshop": ("Informe de resultados del taller", "Workshop results report"),
    "report_written": ("{kind} guardado en {path} ({size} KB).", "{kind} saved to {path} ({size} KB)."),
    "report_out_not_docx": ("{out}: el informe se guarda como Word; use un nombre terminado en .docx.",
                            "{out}: the report is saved as Word; use a name ending in .docx."),
    "report_out_is_folder": ("{out} es una carpeta; indique un nombre de archivo .docx dentro de ella.",
                             "{out} is a folder; give a .docx file name inside it."),
    "report_needs_dmop": ("Indique el DMOP del informe con --dmop (MAUEP, IPACM o CR).",
                          "Give the report's DMOP with --dmop (MAUEP, IPACM or CR)."),
    "report_needs_session": ("Indique el código de la sesión del taller con --session.",
                             "Give the workshop session's code with --session."),
    "register_import_refused": (
        "{file}: no se importó nada porque {n} filas tienen errores (abajo). Corríjalas y vuelva a importar, o use "
        "--skip-bad-rows para importar solo las filas correctas.",
        "{file}: nothing was imported because {n} rows have errors (below). Fix them and import again, or use "
        "--skip-bad-rows to import only the good rows.",
    ),
    "register_import_done": (
        "{file} ({kind}): {added} nuevos, {updated} actualizados, {unchanged} sin cambios, {skipped} filas con errores "
        "omitidas.",
        "{file} ({kind}): {added} new, {updated} updated, {unchanged} unchanged, {skipped} bad rows skipped.",
    ),
    "register_phase_done": ("{dmop}: fase actual «{phase}».", "{dmop}: current phase \"{phase}\"."),
    "register_show_counts": (
        "Registro de M&E: {meetings} reuniones, {attendees} asistentes, {phases} cambios de fase, {survey} respuestas "
        "de encuesta, {reach} registros de alcance.",
        "M&E register: {meetings} meetings, {attendees} attendees, {phases} phase changes, {survey} survey "
        "responses, {reach} reach records.",
    ),
    "register_bad_as_of": ("--as-of «{value}»: {problem}", "--as-of \"{value}\": {problem}"),
    # --- report app -------------------------------------------------------------------------------------------
    "reports_app_title": ("Informes", "Reports"),
    "reports_app_intro": (
        "Elija el informe, el DMOP o la sesión y el idioma; revise los números clave y genere el documento Word. "
        "Las citas y textos libres se redactan (seudónimos) salvo que desmarque la casilla.",
        "Choose the report, the DMOP or session and the language; check the key numbers and generate the Word "
        "document. Quotes and free text are redacted (pseudonyms) unless you untick the box.",
    ),
    "reports_app_nothing": ("Elija un DMOP o una sesión para ver sus números clave.",
                            "Choose a DMOP or a session to see its key numbers."),
    "reports_app_preview": ("Números clave del informe", "Key numbers of the report"),
    "reports_app_what": ("Dato", "Figure"),
    "reports_app_value": ("Valor", "Value"),
    "reports_app_participants": ("Participantes", "Participants"),
    "reports_app_items": ("Ítems votados", "Items voted on"),
    "reports_app_qualifying": ("Ítems que califican", "Qualifying items"),
    "reports_app_shortlist": ("Lista corta", "Shortlist"),
    "reports_app_kendall": ("W de Kendall", "Kendall's W"),
    "reports_app_workgroups": ("Miembros de grupos de trabajo", "Workgroup members"),
    "reports_app_no_items": ("La sesión no tiene ítems todavía.", "The session has no items yet."),
    "reports_app_interviews": ("Entrevistas", "Interviews"),
    "reports_app_institutions": ("Instituciones", "Institutions"),
    "reports_app_territories": ("Territorios", "Territories"),
    "reports_app_codings": ("Codificaciones", "Codings"),
    "reports_app_coders": ("codificadores", "coders"),
    "reports_app_themes": ("Secciones con temas guardados", "Sections with stored themes"),
    "reports_app_meetings": ("Reuniones registradas", "Meetings recorded"),
    "reports_app_survey": ("Respuestas de la encuesta", "Survey responses"),
    "reports_app_indicator1": ("Indicador 1 (más coordinación)", "Indicator 1 (more coordination)"),
    "reports_app_all_territories": ("Todos los territorios", "All territories"),
    "reports_app_session": ("Sesión", "Session"),
    "reports_app_language": ("Idioma", "Language"),
    "reports_app_redact": ("Redactar datos personales (recomendado)", "Redact personal data (recommended)"),
    "reports_app_generate": ("Generar informe", "Generate report"),
    "reports_app_working": ("Generando el informe…", "Generating the report…"),
    "reports_app_download": ("Descargar {name}", "Download {name}"),
    "reports_app_saved": ("También guardado en {path} ({size} KB).", "Also saved to {path} ({size} KB)."),

    # --- register app ---------------------------------------------------------------------------------------
    "register_field_date": ('Fecha', 'Date'),
    "register_field_dmop": ('DMOP', 'DMOP'),
    "register_field_territory": ('Territorio', 'Territory'),
    "register_field_title": ('Título', 'Title'),
    "register_field_topics": ('Temas tratados', 'Topics'),
    "register_field_challenges": ('Desafíos', 'Challenges'),
    "register_field_innovative_solutions": ('Soluciones innovadoras', 'Innovative solutions'),
    "register_field_actions_taken": ('Acciones realizadas', 'Actions taken'),
    "register_field_name": ('Nombre', 'Name'),
    "register_field_institution": ('Institución', 'Institution'),
    "register_field_role": ('Rol', 'Role'),
    "register_field_gender": ('Género', 'Gender'),
    "register_field_phase": ('Fase', 'Phase'),
    "register_field_note": ('Nota', 'Note'),
    "register_field_month": ('Mes', 'Month'),
    "register_field_channel": ('Canal', 'Channel'),
    "register_field_posts": ('Publicaciones', 'Posts'),
    "register_field_replications": ('Replicaciones', 'Replications'),
    "register_field_comments": ('Comentarios', 'Comments'),
    "register_field_radio_rating": ('Valoración de radio', 'Radio rating'),
    "register_field_meeting": ('Reunión', 'Meeting'),
    "register_field_ref": ('Referencia', 'Ref'),
    "register_tab_meeting": ("Reunión", "Meeting"),
    "register_tab_phase": ("Fase del DMOP", "DMOP phase"),
    "register_tab_reach": ("Alcance", "Reach"),
    "register_tab_import": ("Importar", "Import"),
    "register_tab_register": ("Registro", "Register"),
    "register_tab_indicators": ("Indicadores", "Indicators"),
    "register_kind_meetings": ("Reuniones (meetings.csv)", "Meetings (meetings.csv)"),
    "register_kind_attendees": ("Asistentes (attendees.csv)", "Attendees (attendees.csv)"),
    "register_kind_phases": ("Fases de los DMOP (phases.csv)", "DMOP phases (phases.csv)"),
    "register_kind_survey": ("Encuesta de efectividad", "Effectiveness survey"),
    "register_kind_reach": ("Alcance de la campaña (reach.csv)", "Campaign reach (reach.csv)"),
    "register_app_no_territory": ("(sin territorio / nacional)", "(no territory / national)"),
    "register_app_challenges": ("Desafíos", "Challenges"),
    "register_app_solutions": ("Soluciones", "Solutions"),
    "register_app_actions": ("Acciones", "Actions"),
    "register_app_attendees_hint": ("Uno por línea: nombre; institución; rol; género",
                                    "One per line: name; institution; role; gender"),
    "register_app_meeting_help": (
        "Registre una reunión del DMOP. En desafíos, soluciones y acciones escriba un punto por línea o sepárelos "
        "con punto y coma; aparecen así en el informe de evaluación.",
        "Record a DMOP meeting. In challenges, solutions and actions write one item per line or separate them with "
        "semicolons; they appear like that in the evaluation report.",
    ),
    "register_app_save": ("Guardar", "Save"),
    "register_app_meeting_saved": ("Reunión {ref} guardada con {n} asistentes.", "Meeting {ref} saved with {n} attendees."),
    "register_app_phase_saved": ("{dmop}: fase «{phase}» registrada.", "{dmop}: phase \"{phase}\" recorded."),
    "register_app_reach_saved": ("Alcance de {channel} en {month} guardado.", "Reach of {channel} in {month} saved."),
    "register_app_kind": ("Tipo", "Kind"),
    "register_app_file": ("Archivo", "File"),
    "register_app_mapping": ("Mapeo (opcional)", "Mapping (optional)"),
    "register_app_dmop_from_file": ("(DMOP según el archivo)", "(DMOP from the file)"),
    "register_app_skip": ("Importar las filas correctas aunque haya filas con errores",
                          "Import the good rows even if some rows have errors"),
    "register_app_import": ("Importar", "Import"),
    "register_app_import_help": (
        "CSV (coma, punto y coma o tabulador) o Excel .xlsx, con los nombres de columna en la primera fila. Importe "
        "las reuniones antes que sus asistentes. Para la encuesta, un mapeo YAML indica qué columna es cada pregunta.",
        "CSV (comma, semicolon or tab) or Excel .xlsx, with the column names in the first row. Import meetings "
        "before their attendees. For the survey, a YAML mapping says which column is which question.",
    ),
    "register_app_no_file": ("Elija primero un archivo.", "Choose a file first."),
    "register_import_refused_app": (
        "{file}: no se importó nada porque {n} filas tienen errores. Corríjalas y vuelva a importar, o marque la "
        "casilla para importar solo las filas correctas.",
        "{file}: nothing was imported because {n} rows have errors. Fix them and import again, or tick the box to "
        "import only the good rows.",
    ),
    "register_app_row": ("Fila", "Row"),
    "register_app_column": ("Columna", "Column"),
    "register_app_problem": ("Problema", "Problem"),
    "register_app_bad_rows": ("Filas con errores", "Rows with errors"),
    "register_app_current_phase": ("Fase actual", "Current phase"),
    "register_app_all_dmops": ("Todos los DMOP", "All DMOPs"),
    "register_app_indicators_help": (
        "El indicador 1 usa la encuesta de efectividad cuando hay respuestas; si no, las entrevistas codificadas. "
        "Los indicadores 2 a 6 cuentan los DMOP según su historial de fases.",
        "Indicator 1 uses the effectiveness survey when there are answers; otherwise the coded interviews. "
        "Indicators 2 to 6 count the DMOPs by their phase history.",
    ),
}
