"""The runnable parts of Accord and the adapters behind the workflows' ports."""
