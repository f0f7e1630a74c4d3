"""What every window shares: the background-task helper, thin item models, charts, the calm
style, the main-thread garbage collector, the Tools-menu registry and the blurred preview widget
with the renderer that feeds it. Nothing here imports the review, wellbeing or supervisor
screens."""
