"""The team server (`moderator serve`): an HTTPS API in front of the team's PostgreSQL.

It is the authority for identity (who and which workstation come from the token), time (the
database's clock), access (a reviewer acts only on what it holds) and the record (it checks
pushed chains and keeps its own). Each area is `endpoints` (thin routes) -> `service` (calls
the shared services and store) -> the store's repositories. See docs/api.md.
"""
