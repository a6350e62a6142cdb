"""What an operator sees of a running Accord: structured logs, request ids, metrics."""
