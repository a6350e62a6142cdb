"""Telling the outside world: signed webhooks over HTTP, and mail."""
