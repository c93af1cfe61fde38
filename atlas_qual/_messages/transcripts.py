"""Messages of transcript reading (import) and redaction."""

_SUPPORTED_HINT_ES = "Formatos admitidos: {supported}."
_SUPPORTED_HINT_EN = "Supported formats: {supported}."

MESSAGES = {
    "transcript_not_found": (
        "{file}: el archivo no existe o no se puede abrir ({reason}). Revise la ruta y los permisos.",
        "{file}: the file does not exist or cannot be opened ({reason}). Check the path and the permissions.",
    ),
    "transcript_empty": (
        "{file}: el archivo está vacío (0 bytes). Revise que sea la transcripción correcta y vuelva a importarlo.",
        "{file}: the file is empty (0 bytes). Check that it is the right transcript and import it again.",
    ),
    "transcript_blank": (
        "{file}: el archivo no contiene texto (solo espacios o líneas en blanco). "
        "Revise que sea la transcripción correcta y que se haya guardado con su contenido.",
        "{file}: the file holds no text (only spaces or blank lines). "
        "Check that it is the right transcript and that it was saved with its content.",
    ),
    "transcript_too_large": (
        "{file}: el archivo pesa {size_mb} MB y el máximo es {max_mb} MB. "
        "Divídalo en partes o guárdelo como .txt (sin imágenes) y vuelva a importarlo.",
        "{file}: the file is {size_mb} MB and the maximum is {max_mb} MB. "
        "Split it into parts or save it as .txt (without images) and import it again.",
    ),
    "transcript_unsupported_type": (
        "{file}: el tipo de archivo «{ext}» no se puede importar. " + _SUPPORTED_HINT_ES
        + " Ábralo en su programa y guárdelo en uno de esos formatos.",
        "{file}: files of type '{ext}' cannot be imported. " + _SUPPORTED_HINT_EN
        + " Open it in its program and save it in one of those formats.",
    ),
    "transcript_docx_not_zip": (
        "{file}: no es un documento Word .docx válido (no es un archivo ZIP: puede ser un .doc antiguo, un PDF o "
        "un archivo renombrado). Ábralo en Word o LibreOffice y guárdelo como .docx, o expórtelo como .txt.",
        "{file}: this is not a valid Word .docx document (not a ZIP archive: it may be an old .doc, a PDF or a "
        "renamed file). Open it in Word or LibreOffice and save it as .docx, or export it as .txt.",
    ),
    "transcript_docx_corrupt": (
        "{file}: el documento .docx está dañado y no se puede leer ({reason}). "
        "Ábralo en Word o LibreOffice (que suelen repararlo) y guárdelo de nuevo, o expórtelo como .txt.",
        "{file}: the .docx document is damaged and cannot be read ({reason}). "
        "Open it in Word or LibreOffice (they usually repair it) and save it again, or export it as .txt.",
    ),
    "transcript_odt_not_zip": (
        "{file}: no es un documento OpenDocument .odt válido (no es un archivo ZIP: puede ser otro tipo de "
        "archivo renombrado). Ábralo en LibreOffice y guárdelo como .odt o .docx, o expórtelo como .txt.",
        "{file}: this is not a valid OpenDocument .odt file (not a ZIP archive: it may be another kind of file "
        "renamed). Open it in LibreOffice and save it as .odt or .docx, or export it as .txt.",
    ),
    "transcript_odt_corrupt": (
        "{file}: el documento .odt está dañado y no se puede leer ({reason}). "
        "Ábralo en LibreOffice y guárdelo de nuevo, o expórtelo como .txt.",
        "{file}: the .odt document is damaged and cannot be read ({reason}). "
        "Open it in LibreOffice and save it again, or export it as .txt.",
    ),
    "transcript_pdf_corrupt": (
        "{file}: el PDF está dañado o no es un PDF ({reason}). "
        "Genérelo de nuevo desde el documento original, o importe el .docx o .txt en su lugar.",
        "{file}: the PDF is damaged or is not a PDF ({reason}). "
        "Produce it again from the original document, or import the .docx or .txt instead.",
    ),
    "transcript_pdf_encrypted": (
        "{file}: el PDF está protegido con contraseña. Quite la protección (imprimir como PDF sin contraseña) "
        "o importe el documento original.",
        "{file}: the PDF is password-protected. Remove the protection (print to a PDF without password) "
        "or import the original document.",
    ),
    "transcript_pdf_scanned": (
        "{file}: el PDF ({pages} página(s)) no tiene texto, solo imágenes: parece escaneado. "
        "Páselo antes por un programa de OCR (reconocimiento de texto, p. ej. ocrmypdf) o importe el documento "
        "original.",
        "{file}: the PDF ({pages} page(s)) has no text, only images: it looks scanned. "
        "Run OCR (text recognition, e.g. ocrmypdf) on it first, or import the original document.",
    ),
    "transcript_undecodable": (
        "{file}: no se reconoce la codificación del texto (byte {position} no válido en {encoding}). "
        "Ábralo en un editor de texto y guárdelo como UTF-8, o guárdelo como .docx, y vuelva a importarlo.",
        "{file}: the text encoding is not recognized (byte {position} invalid in {encoding}). "
        "Open it in a text editor and save it as UTF-8, or save it as .docx, and import it again.",
    ),
    "transcript_binary": (
        "{file}: el contenido es binario, no texto (quizás es otro tipo de archivo con la extensión cambiada). "
        "Ábralo en su programa y guárdelo como .docx o como texto UTF-8 (.txt).",
        "{file}: the content is binary, not text (maybe another kind of file with a changed extension). "
        "Open it in its program and save it as .docx or as UTF-8 text (.txt).",
    ),
    "transcript_no_body": (
        "{file}: solo tiene encabezado (título, fecha, datos de la entrevista) y ninguna intervención. "
        "Agregue el texto de la entrevista debajo del encabezado, separado por una línea en blanco.",
        "{file}: it has only a header (title, date, interview data) and no utterance. "
        "Add the interview text below the header, separated by a blank line.",
    ),
    "transcript_no_cues": (
        "{file}: el archivo de subtítulos ({format}) no tiene ningún bloque con tiempo y texto "
        "(líneas como «00:00:01.000 --> 00:00:04.000»). Revise que se haya exportado completo.",
        "{file}: the subtitle file ({format}) has no cue with a time and text "
        "(lines like '00:00:01.000 --> 00:00:04.000'). Check that it was exported completely.",
    ),
    # warnings: the import goes on, the user should check something
    "transcript_warn_encoding": (
        "{file}: el texto no estaba en UTF-8; se leyó como {encoding}. Revise que las tildes y la ñ se vean bien.",
        "{file}: the text was not UTF-8; it was read as {encoding}. Check that accents and ñ look right.",
    ),
    "transcript_warn_sniffed": (
        "{file}: la extensión dice «{ext}» pero el contenido es {actual}; se leyó como {actual}.",
        "{file}: the extension says '{ext}' but the content is {actual}; it was read as {actual}.",
    ),
    "transcript_warn_bad_value": (
        "{file}: encabezado «{field}: {value}» no reconocido (valores válidos: {known}); se guardó como dato "
        "adicional. Corríjalo en el archivo o indique el atributo al importar.",
        "{file}: header '{field}: {value}' not recognized (valid values: {known}); it was kept as extra data. "
        "Fix it in the file or give the attribute when importing.",
    ),
    "transcript_warn_singleton_label": (
        "{file}, línea {line}: «{label}:» aparece una sola vez y no parece un hablante; se dejó como texto "
        "del turno anterior.",
        "{file}, line {line}: '{label}:' appears only once and does not look like a speaker; it was kept as "
        "text of the previous turn.",
    ),
    "transcript_warn_no_speakers": (
        "{file}: no se encontraron etiquetas de hablante (como «Entrevistadora:» o «P:»); los párrafos son los "
        "segmentos.",
        "{file}: no speaker labels were found (like 'Interviewer:' or 'Q:'); paragraphs are the segments.",
    ),
    "transcript_warn_pdf_empty_pages": (
        "{file}: {count} página(s) del PDF no tienen texto (¿escaneadas?): {pages}. Su contenido falta.",
        "{file}: {count} PDF page(s) have no text (scanned?): {pages}. Their content is missing.",
    ),
    # redaction placeholders
    "redaction_name": ("[nombre]", "[name]"),
    "redaction_phone": ("[teléfono]", "[phone]"),
    "redaction_id_number": ("[cédula]", "[ID number]"),
    "redaction_email": ("[correo]", "[e-mail]"),
}
