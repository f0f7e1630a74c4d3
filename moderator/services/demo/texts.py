"""What demo reporters write, shared by the live reports and the QA history (whose gold items
are copied, text and all, into the live queues: they must read like the rest)."""

REPORTER_TEXTS = (
    "Reported through the web form. The uploader is said to have posted this without consent.",
    "Automated classifier flag, confidence above threshold; no user text.",
    "Reporter says this clip was filmed secretly and is being reshared in a group chat.",
    "Reporter believes the image was generated or altered with a face-swap tool.",
    "Forwarded by a partner hotline for assessment.",
    "",
)
