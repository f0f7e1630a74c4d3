"""The platform's way in and out: source tokens, intake, the decision feed, webhooks, operations."""
