"""Bodies of the `atlas-qual` commands, one module per area, imported only when their command runs."""
