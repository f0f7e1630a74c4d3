"""The desktop window: the only package that imports Qt.

By what a person is doing: `review/` (the workstation a reviewer works in), `wellbeing/` (breaks
and check-ins), `supervisor/` (the tools of the Tools menu), `common/` (what they share).
`app` assembles a workstation, `screenshots` and `screens` render every screen for the docs.
"""
