"""What each command and event causes: handlers, cross-aggregate rules and the ports."""
