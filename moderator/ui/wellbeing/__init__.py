"""The reviewer's wellbeing screens: the break screen, the check-in after severe items, and the
controller that runs the wellbeing state machine beside the review session."""
