"""Messages of project administration: migrate to another database, backup and restore, store-level limits."""

MESSAGES = {
    "admin_value_too_long": (
        "Un texto es más largo de lo que admite la base de datos ({reason}). Acórtelo y vuelva a intentarlo; "
        "no se guardó nada de esta acción.",
        "A text is longer than the database accepts ({reason}). Shorten it and try again; nothing of this action "
        "was saved.",
    ),
    "admin_same_database": (
        "{target} es el mismo proyecto que se quiere copiar. Indique con --to otra base de datos vacía.",
        "{target} is the project being copied. Name another, empty database with --to.",
    ),
    "admin_target_not_empty": (
        "{target} ya tiene datos ({tables}); no se copió nada ni se cambió nada allí. Use una base de datos vacía "
        "(p. ej. createdb atlas_nuevo) o un archivo que no exista.",
        "{target} already holds data ({tables}); nothing was copied and nothing there was changed. Use an empty "
        "database (e.g. createdb atlas_new) or a file that does not exist yet.",
    ),
    "admin_restore_not_empty": (
        "El proyecto {target} ya tiene datos ({tables}); no se restauró nada. Para reemplazarlos por la copia "
        "agregue --force, o restaure en un proyecto nuevo con --project.",
        "The project {target} already holds data ({tables}); nothing was restored. To replace it with the backup "
        "add --force, or restore into a new project with --project.",
    ),
    "admin_unknown_tables": (
        "El proyecto tiene tablas que esta versión no conoce ({tables}); copiarlo perdería sus datos. Actualice "
        "atlas-qual o quite esas tablas.",
        "The project has tables this version does not know ({tables}); copying it would lose their data. Upgrade "
        "atlas-qual or remove those tables.",
    ),
    "admin_too_long_for_target": (
        "Tabla {table}, fila {id}, columna {column}: el texto tiene {length} caracteres y PostgreSQL admite {limit}. "
        "Acórtelo en el proyecto original y vuelva a copiar; no se copió nada.",
        "Table {table}, row {id}, column {column}: the text has {length} characters and PostgreSQL accepts {limit}. "
        "Shorten it in the original project and copy again; nothing was copied.",
    ),
    "admin_nul_for_target": (
        "Tabla {table}, fila {id}, columna {column}: el texto contiene un carácter nulo (0x00), que PostgreSQL no "
        "admite. Corríjalo en el proyecto original y vuelva a copiar; no se copió nada.",
        "Table {table}, row {id}, column {column}: the text contains a NUL character (0x00), which PostgreSQL does "
        "not accept. Fix it in the original project and copy again; nothing was copied.",
    ),
    "admin_verify_failed": (
        "La verificación falló en la tabla {table}: el origen tiene {rows} filas y la copia {got} (o sus sumas de "
        "control difieren). La copia se descartó; el destino quedó como estaba.",
        "Verification failed for table {table}: the source has {rows} rows and the copy {got} (or their checksums "
        "differ). The copy was discarded; the target is as it was.",
    ),
    "admin_backup_exists": (
        "{file} ya existe; una copia de seguridad nunca sobrescribe un archivo. Elija otro nombre (p. ej. con la "
        "fecha) o borre ese archivo.",
        "{file} already exists; a backup never overwrites a file. Choose another name (e.g. with the date) or "
        "delete that file.",
    ),
    "admin_backup_no_folder": (
        "La carpeta {folder} no existe. Créela o elija otra para la copia de seguridad.",
        "The folder {folder} does not exist. Create it or choose another one for the backup.",
    ),
    "admin_backup_missing": (
        "No se encuentra la copia de seguridad {file}. Revise la ruta.",
        "The backup {file} was not found. Check the path.",
    ),
    "admin_not_a_backup": (
        "{file} no es una copia de seguridad de atlas-qual ({reason}). Indique el archivo creado con "
        "'atlas-qual backup'.",
        "{file} is not an atlas-qual backup ({reason}). Name the file made by 'atlas-qual backup'.",
    ),
    "admin_backup_corrupt": (
        "{file} está dañado (falló la verificación de integridad de SQLite); no se usó. Use otra copia.",
        "{file} is damaged (SQLite's integrity check failed); it was not used. Use another backup.",
    ),
    "admin_copied": (
        "{source} -> {target}: {tables} tablas, {rows} filas.",
        "{source} -> {target}: {tables} tables, {rows} rows.",
    ),
    "admin_verified": (
        "Verificado: cada tabla tiene las mismas filas y la misma suma de control en ambos lados.",
        "Verified: every table has the same rows and the same checksum on both sides.",
    ),
    "admin_header": ("tabla", "table"),
    "admin_header_rows": ("filas", "rows"),
    "admin_header_checksum": ("suma de control", "checksum"),
    "admin_progress_copy": ("Copiando tablas", "Copying tables"),
    "admin_migrated_hint": (
        "Desde ahora use --project {target} (o ATLAS_QUAL_PROJECT) para trabajar sobre la copia.",
        "From now on use --project {target} (or ATLAS_QUAL_PROJECT) to work on the copy.",
    ),
}
