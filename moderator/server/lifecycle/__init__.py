"""Actions after decisions over the team server (supervisors only)."""
