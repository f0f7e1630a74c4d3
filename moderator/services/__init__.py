"""Use cases: each public call is one transaction against the store."""
