"""Length-prefixed messages over the pool's socket pair, with deadlines on the reading side.

`multiprocessing.Connection.recv_bytes` blocks until a whole message arrives, so a worker that
stalls half-way through an answer would hold the calling thread forever. Framing our own
messages on the connection's file descriptor lets every read honour the request's deadline
and cap the size it will accept before allocating anything.
"""

from __future__ import annotations

import math
import os
import select
import struct
import time

_LENGTH = struct.Struct("!Q")


class ChannelTimeout(Exception):
    """The deadline passed before a whole message arrived."""


class ChannelClosed(EOFError):
    """The other end went away (for a worker: it died)."""


def send(fd: int, data: bytes) -> None:
    """Write one message (blocking until the peer has taken all of it)."""
    _write_all(fd, _LENGTH.pack(len(data)))
    _write_all(fd, data)


def receive(fd: int, max_length: int, deadline: float | None = None) -> bytes:
    """Read one message of at most `max_length` bytes, by `deadline` (time.monotonic)."""
    (length,) = _LENGTH.unpack(_read_exact(fd, _LENGTH.size, deadline))
    if length > max_length:
        raise ChannelClosed(f"message of {length} bytes, more than the {max_length} expected")
    return _read_exact(fd, length, deadline)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exact(fd: int, length: int, deadline: float | None) -> bytes:
    buffer = bytearray(length)
    view = memoryview(buffer)
    got = 0
    poller = select.poll()  # not select.select: GUI processes can have fds past FD_SETSIZE
    poller.register(fd, select.POLLIN)
    while got < length:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not poller.poll(math.ceil(remaining * 1000)):
                raise ChannelTimeout()
        count = os.readv(fd, [view[got:]])
        if count == 0:
            raise ChannelClosed("the other end closed the channel")
        got += count
    return bytes(buffer)
