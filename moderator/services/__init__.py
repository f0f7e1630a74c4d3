"""Use cases: each public call is one transaction against the store.

The use cases sit at the top (ingest, review, sync, wellbeing, training, quality, console,
metrics, configuration and the workspace); `compliance/` builds the auditor's report and `demo/`
generates the demo workspace through the same services.
"""
