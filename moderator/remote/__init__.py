"""Team mode's desktop side: the client of the team server, behind the service interfaces.

The review window calls `moderator.services.interfaces`; here those calls become HTTPS
requests to the team server (`moderator serve`). Nothing here holds database credentials:
the desk has the server's address, a token and a signing key (both in the OS keyring), and a
small private SQLite file of its own, the *station*:

    desktop.py   open_team: the window's services for a team profile
    client.py    Api: httpx over TLS, timeouts, retries with the same request id, problems
    identity.py  enrollment (Ed25519 key, token), the token in the keyring and its refresh
    station.py   the station file: the outbox of mutating requests and the desk's audit chain
    outbox.py    sending the outbox in order, once each, until the server acknowledges it
    review.py    RemoteReview, RemoteDesk: claims, leases, decisions
    wellbeing.py RemoteWellbeing, ChainExposure, RemoteTraining
    media.py     RemoteMedia: bytes from the lease holder's stream, checked, decoded in memory
    sync.py      RemoteSync: drains the outbox and pushes the chain (the status bar's sync)
"""
