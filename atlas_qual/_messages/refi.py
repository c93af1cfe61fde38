"""Messages of REFI-QDA exchange (.qdpx/.qdc import and export) and of inter-coder agreement."""

MESSAGES = {
    # --- agreement -------------------------------------------------------------------------------------------
    "agreement_unknown_coder": (
        "El codificador «{coder}» no tiene segmentos codificados en el proyecto. Codificadores conocidos: {known}. "
        "Revise el nombre en --coders.",
        "Coder '{coder}' has no coded segments in the project. Known coders: {known}. Check the name in --coders.",
    ),
    "agreement_reason_all_absent": (
        "Ningún codificador aplicó el código en estos segmentos: el acuerdo sobre su ausencia es total, pero alfa y "
        "kappa no están definidos (no hay variación que explicar).",
        "No coder applied the code on these segments: they agree fully on its absence, but alpha and kappa are "
        "undefined (there is no variation to explain).",
    ),
    "agreement_reason_all_present": (
        "Todos los codificadores aplicaron el código en todos los segmentos: alfa y kappa no están definidos "
        "(no hay variación que explicar).",
        "Every coder applied the code on every segment: alpha and kappa are undefined (there is no variation "
        "to explain).",
    ),
    "agreement_reason_no_units": (
        "Ningún segmento fue codificado por al menos dos de los codificadores elegidos; asigne las mismas "
        "transcripciones a un segundo codificador.",
        "No segment was coded by at least two of the chosen coders; assign the same transcripts to a second coder.",
    ),
    "agreement_reason_too_few_coders": (
        "El acuerdo necesita al menos dos codificadores; indique dos o más con --coders.",
        "Agreement needs at least two coders; name two or more with --coders.",
    ),
    # --- REFI-QDA: errors ------------------------------------------------------------------------------------
    "refi_not_found": (
        "{file}: el archivo no existe. Revise la ruta.",
        "{file}: the file does not exist. Check the path.",
    ),
    "refi_not_zip": (
        "{file}: no es un proyecto REFI-QDA (.qdpx) legible: no es un archivo zip válido ({reason}). "
        "No se importó nada; exporte el proyecto de nuevo desde la otra herramienta en formato REFI-QDA.",
        "{file}: not a readable REFI-QDA project (.qdpx): not a valid zip file ({reason}). Nothing was imported; "
        "export the project again from the other tool in REFI-QDA format.",
    ),
    "refi_no_qde": (
        "{file}: el .qdpx no contiene el archivo del proyecto (*.qde); contiene: {found}. No se importó nada; "
        "exporte el proyecto completo (no solo el libro de códigos).",
        "{file}: the .qdpx holds no project file (*.qde); it holds: {found}. Nothing was imported; export the whole "
        "project (not just the codebook).",
    ),
    "refi_several_qde": (
        "{file}: el .qdpx contiene varios archivos de proyecto ({found}) y ninguno se llama project.qde. "
        "No se importó nada; exporte un solo proyecto por archivo.",
        "{file}: the .qdpx holds several project files ({found}) and none is named project.qde. Nothing was "
        "imported; export one project per file.",
    ),
    "refi_bad_xml": (
        "{file}: {member} no es XML válido (línea {line}: {reason}). No se importó nada; el archivo está dañado o "
        "incompleto: expórtelo de nuevo.",
        "{file}: {member} is not valid XML (line {line}: {reason}). Nothing was imported; the file is damaged or "
        "incomplete: export it again.",
    ),
    "refi_wrong_namespace": (
        "{file}: {member} no es un proyecto REFI-QDA: su elemento raíz es {found} y se esperaba Project del espacio "
        "de nombres urn:QDA-XML:project:1.0. No se importó nada; exporte el proyecto en formato REFI-QDA (.qdpx).",
        "{file}: {member} is not a REFI-QDA project: its root element is {found}, expected Project in the namespace "
        "urn:QDA-XML:project:1.0. Nothing was imported; export the project in REFI-QDA format (.qdpx).",
    ),
    "refi_empty_codebook": (
        "El libro de códigos está vacío y REFI-QDA exige al menos un código. Cree o importe códigos antes de "
        "exportar.",
        "The codebook is empty and REFI-QDA requires at least one code. Create or import codes before exporting.",
    ),
    # --- REFI-QDA: import warnings ---------------------------------------------------------------------------
    "refi_warn_source_text_missing": (
        "{file}: la fuente «{source}» no trae su texto (no hay texto en {path}); no se importó y sus "
        "{codings} codificaciones quedan sin ubicar. Exporte el proyecto con las fuentes incluidas.",
        "{file}: source '{source}' comes without its text (nothing found at {path}); it was not imported and its "
        "{codings} codings are unplaced. Export the project with the sources included.",
    ),
    "refi_warn_nontext_sources": (
        "{file}: {count} fuentes que no son texto ({kinds}) no se importaron (atlas-qual trabaja con texto); "
        "tenían {codings} codificaciones.",
        "{file}: {count} non-text sources ({kinds}) were not imported (atlas-qual works on text); they had "
        "{codings} codings.",
    ),
    "refi_warn_utf16": (
        "{file}: {count} codificaciones tenían posiciones en unidades UTF-16 (como las escribe NVivo) y se "
        "convirtieron a caracteres; revise algunas citas con emojis o símbolos.",
        "{file}: {count} codings had positions in UTF-16 units (as NVivo writes them) and were converted to "
        "characters; check a few quotes with emoji or symbols.",
    ),
    "refi_warn_unplaced": (
        "{file}: {count} codificaciones no se pudieron ubicar en el texto y no se importaron; vea la lista de "
        "codificaciones sin ubicar.",
        "{file}: {count} codings could not be placed on the text and were not imported; see the list of unplaced "
        "codings.",
    ),
    "refi_warn_uncoded_selections": (
        "{file}: {count} selecciones sin ningún código no se importaron como codificaciones (sus comentarios se "
        "guardaron como memos).",
        "{file}: {count} selections without any code were not imported as codings (their comments were kept as "
        "memos).",
    ),
    "refi_warn_unknown_user": (
        "{file}: el usuario {guid} codificó pero no figura en la lista de usuarios; se importó con su GUID como "
        "nombre. Puede renombrarlo después.",
        "{file}: user {guid} coded but is not in the list of users; imported with the GUID as name. You can rename "
        "it later.",
    ),
    "refi_warn_unknown_variable": (
        "{file}: el caso «{case}» usa una variable desconocida ({guid}); ese valor no se importó.",
        "{file}: case '{case}' uses an unknown variable ({guid}); that value was not imported.",
    ),
    "refi_warn_decoding": (
        "{file}: {member} no está en UTF-8; se leyó como Windows-1252. Revise los acentos de esa fuente.",
        "{file}: {member} is not UTF-8; it was read as Windows-1252. Check the accents of that source.",
    ),
    "refi_warn_not_imported": (
        "{file}: atlas-qual no importa estas partes del proyecto: {parts}.",
        "{file}: atlas-qual does not import these parts of the project: {parts}.",
    ),
    "refi_warn_several_note_targets": (
        "{file}: el memo «{note}» está vinculado a varios elementos; se conservó solo el primero.",
        "{file}: memo '{note}' is linked to several items; only the first link was kept.",
    ),
    # --- REFI-QDA: why a coding could not be placed ----------------------------------------------------------
    "refi_unplaced_source_text_missing": (
        "«{source}», posiciones {start}-{end}: la fuente no trae su texto.",
        "'{source}', positions {start}-{end}: the source comes without its text.",
    ),
    "refi_unplaced_out_of_range": (
        "«{source}», posiciones {start}-{end}: fuera del texto ({length} caracteres), ni en caracteres ni en "
        "unidades UTF-16.",
        "'{source}', positions {start}-{end}: outside the text ({length} characters), in characters and in UTF-16 "
        "units alike.",
    ),
    "refi_unplaced_empty": (
        "«{source}», posiciones {start}-{end}: la selección está vacía.",
        "'{source}', positions {start}-{end}: the selection is empty.",
    ),
    "refi_unplaced_bad_position": (
        "«{source}»: la selección {selection} no tiene posiciones numéricas válidas.",
        "'{source}': selection {selection} has no valid numeric positions.",
    ),
    "refi_unplaced_unknown_code": (
        "«{source}», posiciones {start}-{end}: el código {code} no está en el libro de códigos.",
        "'{source}', positions {start}-{end}: code {code} is not in the codebook.",
    ),
}
