"""Where rendered artifacts are kept."""
