"""Message tables, one module per area: ``MESSAGES = {key: (spanish, english)}``."""
