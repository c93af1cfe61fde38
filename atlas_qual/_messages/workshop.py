"""Messages of the workshop engine (rules, votes, session settings, join codes) and its result labels."""

MESSAGES = {
    # --- rule language -------------------------------------------------------------------------------------------
    "workshop_rule_empty": (
        "La regla de las preguntas de filtro está vacía. Escriba una regla con las claves {known} y los operadores "
        "and, or, not y paréntesis, por ejemplo: (C1 or C2) and C3.",
        "The gate rule is empty. Write a rule with the keys {known} and the operators and, or, not and "
        "parentheses, for example: (C1 or C2) and C3.",
    ),
    "workshop_rule_bad_char": (
        "Regla «{rule}»: el carácter «{char}» en la posición {position} no está permitido. "
        "Use solo las claves {known}, and, or, not y paréntesis.",
        "Rule '{rule}': the character \"{char}\" at position {position} is not allowed. "
        "Use only the keys {known}, and, or, not and parentheses.",
    ),
    "workshop_rule_unknown_key": (
        "Regla «{rule}»: «{name}» (posición {position}) no es una pregunta de filtro de esta sesión. "
        "Use una de: {known}.",
        "Rule '{rule}': '{name}' (position {position}) is not a gate question of this session. Use one of: {known}.",
    ),
    "workshop_rule_expected_key": (
        "Regla «{rule}», posición {position}: se esperaba una clave ({known}), «not» o «(», "
        "pero hay «{found}». "
        "Corrija la regla, por ejemplo: (C1 or C2) and C3.",
        "Rule '{rule}', position {position}: expected a key ({known}), 'not' or '(', found '{found}'. "
        "Fix the rule, for example: (C1 or C2) and C3.",
    ),
    "workshop_rule_ends_early": (
        "Regla «{rule}»: termina antes de tiempo; al final falta una clave ({known}) o una expresión entre "
        "paréntesis. Complete la regla, por ejemplo: (C1 or C2) and C3.",
        "Rule '{rule}': it ends too early; a key ({known}) or a bracketed expression is missing at the end. "
        "Complete the rule, for example: (C1 or C2) and C3.",
    ),
    "workshop_rule_expected_operator": (
        "Regla «{rule}», posición {position}: se esperaba «and» u «or» antes de «{found}». "
        "Una las claves con and/or, por ejemplo: (C1 or C2) and C3.",
        "Rule '{rule}', position {position}: expected 'and' or 'or' before '{found}'. "
        "Join the keys with and/or, for example: (C1 or C2) and C3.",
    ),
    "workshop_rule_unmatched_close": (
        "Regla «{rule}»: el «)» de la posición {position} no tiene su «(». "
        "Quite el paréntesis o agregue el que falta.",
        "Rule '{rule}': the ')' at position {position} has no matching '('. Remove it or add the missing '('.",
    ),
    "workshop_rule_unclosed": (
        "Regla «{rule}»: el «(» de la posición {position} no se cierra. Agregue «)» donde termina el grupo.",
        "Rule '{rule}': the '(' at position {position} is never closed. Add ')' where the group ends.",
    ),
    # --- session settings ----------------------------------------------------------------------------------------
    "workshop_unknown_kind": (
        "Tipo de sesión desconocido: «{kind}». Use uno de: {known}.",
        "Unknown session kind: '{kind}'. Use one of: {known}.",
    ),
    "workshop_bad_key": (
        "La clave «{name}» no sirve como identificador de una pregunta o un criterio: use letras, números o '_', "
        "que empiece con letra, "
        "y que no sea and, or ni not (por ejemplo C1, impact).",
        "The key '{name}' cannot identify a question or criterion: use letters, digits or '_', "
        "starting with a letter, and not "
        "and, or, not (for example C1, impact).",
    ),
    "workshop_duplicate_key": (
        "La clave «{name}» se repite entre las preguntas de filtro y los criterios. "
        "Dé a cada una una clave distinta (sin distinguir mayúsculas).",
        "The key '{name}' is used twice among the gate questions and criteria. "
        "Give each a different key (case-insensitive).",
    ),
    "workshop_no_gates": (
        "La sesión no tiene preguntas de filtro. Agregue al menos una (por ejemplo C1).",
        "The session has no gate questions. Add at least one (for example C1).",
    ),
    "workshop_no_criteria": (
        "La sesión no tiene criterios de puntuación. Agregue al menos uno (por ejemplo impacto, peso 1).",
        "The session has no scoring criteria. Add at least one (for example impact, weight 1).",
    ),
    "workshop_bad_weight": (
        "Criterio «{name}»: el peso {weight} no es válido. Use un número mayor que 0 (por ejemplo 0.4).",
        "Criterion '{name}': the weight {weight} is not valid. Use a number greater than 0 (for example 0.4).",
    ),
    "workshop_bad_scale": (
        "Criterio «{name}»: la escala {min}-{max} no es válida. "
        "Use enteros con mínimo menor que máximo (por ejemplo 1-5).",
        "Criterion '{name}': the scale {min}-{max} is not valid. Use integers with min below max (for example 1-5).",
    ),
    "workshop_unknown_question": (
        "«{name}» no es una pregunta de filtro ni un criterio de puntuación de esta sesión. Use uno de: {known}.",
        "'{name}' is not a gate question or a scoring criterion of this session. Use one of: {known}.",
    ),
    "workshop_unknown_procedure": (
        "Procedimiento de agregación desconocido: «{procedure}». Use «premise» (por premisas) o «conclusion» "
        "(por conclusiones).",
        "Unknown aggregation procedure: '{procedure}'. Use 'premise' (premise-based) or 'conclusion' "
        "(conclusion-based).",
    ),
    # --- votes and ballots ---------------------------------------------------------------------------------------
    "workshop_bad_gate_answer": (
        "Respuesta «{value}» para la pregunta {name}: use sí o no (también se aceptan yes/no, s/n, 1/0).",
        "Answer '{value}' for question {name}: use yes or no (sí/no, y/n, 1/0 are also accepted).",
    ),
    "workshop_bad_score": (
        "Puntaje «{value}» para el criterio {name}: no es un número. Use un número entre {min} y {max}.",
        "Score '{value}' for criterion {name}: not a number. Use a number from {min} to {max}.",
    ),
    "workshop_score_out_of_range": (
        "Puntaje {value} para el criterio {name}: fuera de la escala. Use un número entre {min} y {max}.",
        "Score {value} for criterion {name}: outside the scale. Use a number from {min} to {max}.",
    ),
    "workshop_bad_join_code": (
        "«{code}» no es un código de sesión válido: tiene {length} caracteres de {alphabet}. "
        "Revise el código que muestra la pantalla del facilitador.",
        "'{code}' is not a valid session code: it has {length} characters from {alphabet}. "
        "Check the code on the facilitator's screen.",
    ),
    # --- labels shown with results -------------------------------------------------------------------------------
    "workshop_procedure_premise": ("por premisas", "premise-based"),
    "workshop_procedure_conclusion": ("por conclusiones", "conclusion-based"),
    "workshop_rule_name_median": ("mayor mediana", "higher median"),
    "workshop_rule_name_iqr": ("menor rango intercuartílico", "lower interquartile range"),
    "workshop_rule_name_top_scores": ("más puntajes máximos", "more top scores"),
    "workshop_rule_name_facilitator": ("decisión del facilitador", "facilitator decision"),
    "workshop_tie_break_text": (
        "Empate entre {items}: se desempató por {rule} ({order}).",
        "Tie between {items}: broken by {rule} ({order}).",
    ),
    "workshop_tie_break_by": ("decidido por {by}", "decided by {by}"),
    "workshop_needs_decision": ("requiere decisión del facilitador", "needs facilitator decision"),
    "workshop_differs": (
        "Los procedimientos difieren (dilema discursivo)",
        "The procedures differ (discursive dilemma)",
    ),
    "workshop_yes": ("sí", "yes"),
    "workshop_no": ("no", "no"),
    "workshop_no_votes": ("sin votos", "no votes"),
}
