"""The HTTP API: validates, authenticates, builds a command, and answers."""
