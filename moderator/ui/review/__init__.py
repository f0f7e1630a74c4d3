"""The review workstation: the main window and its view, the review session (claim-ahead,
submit and undo, leases), the viewer with its reveals, the policy checklist, the report details,
the keyboard actions and F1 help, the sync status and the training notice."""
