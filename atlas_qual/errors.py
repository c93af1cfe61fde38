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

        return t(self.key, lang=lang, **self.params)

    def __str__(self) -> str:  # the language chosen by the user (CLI flag, env or project)
        return self.message()


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
