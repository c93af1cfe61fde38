"""The one error users see: what went wrong, where, and how to fix it, in Spanish and English."""

from __future__ import annotations


class AtlasQualError(Exception):
    """A user-facing error carrying a message key from the translation table and its parameters.

    Examples:
        >>> err = AtlasQualError("file_empty", file="a.txt")
        >>> "a.txt" in err.message("en")
        True
    """

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def message(self, lang: str | None = None) -> str:
        from atlas_qual.i18n import t

        params = self.params
        if isinstance(params.get("reason"), str):
            params = {**params, "reason": reason_text(params["reason"], lang)}
        return t(self.key, lang=lang, **params)

    def __str__(self) -> str:  # the language chosen by the user (CLI flag, env or project; ``lang`` when pinned)
        return self.message(getattr(self, "lang", None))


# Reasons that come from Python, the operating system or a library in English (``str(exc)``, ``strerror``) and that
# a reader meets often: said in the reader's language. A reason not listed here is a technical detail kept as is.
_KNOWN_REASONS = {
    "file is not a zip file": "reason_not_zip",
    "truncated file header": "reason_zip_truncated",
    "bad magic number for file header": "reason_zip_truncated",
    "bad magic number for central directory": "reason_zip_truncated",
    "no %pdf- signature": "reason_no_pdf_signature",
    "no word/document.xml or content.xml": "reason_no_document_xml",
    "not a mapping": "reason_not_mapping",
    "permission denied": "reason_permission_denied",
    "no such file or directory": "reason_no_such_file",
    "is a directory": "reason_is_directory",
    "no space left on device": "reason_no_space",
    "read-only file system": "reason_read_only_fs",
    "no such folder or installed package": "reason_no_model_package",
}


def reason_text(reason: str, lang: str | None = None) -> str:
    """``reason`` in the reader's language when it is one of the common English reasons, else unchanged.

    Examples:
        >>> reason_text("Permission denied", "es")
        'permiso denegado'
        >>> reason_text("line 3: unexpected '<'", "es")
        "line 3: unexpected '<'"
    """
    key = _KNOWN_REASONS.get(reason.strip().rstrip(".").lower())
    if key is None:
        return reason
    from atlas_qual.i18n import t

    return t(key, lang=lang)


class NotAProjectError(AtlasQualError):
    """The path or URL does not hold an atlas-qual project."""


class SchemaVersionError(AtlasQualError):
    """The project was written by a newer (or unknown) schema version."""


class VoteRejected(AtlasQualError):
    """A vote that the workshop rules do not accept (closed round, unknown item, out of range)."""


class NotAuthorized(AtlasQualError):
    """An action that needs the facilitator key was attempted without it."""


class ImportFailed(AtlasQualError):
    """One file of an import could not be read; the others of the batch go on."""
