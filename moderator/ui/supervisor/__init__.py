"""Supervisor tools, each a window opened from the Tools menu: the audit console, the QA
dashboard, team exposure, adjudication, gold items and training records. They talk to services
only and never import the review window's internals."""
