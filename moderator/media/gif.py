"""Counting a GIF's frames by walking its block structure, without decoding any of them.

Pillow's `n_frames` walks every frame before answering; a GIF with millions of tiny frames
would hold a worker for seconds. This walk stops as soon as the count passes the limit.
"""

from __future__ import annotations

_EXTENSION, _IMAGE = 0x21, 0x2C


def count_frames(data: bytes, stop_after: int) -> int:
    """Image descriptors in `data`, counting no further than `stop_after + 1`.

    A damaged structure ends the count early; the decode of the first frame decides whether
    the file is usable at all.
    """
    if len(data) < 13:
        return 0
    pos = 13 + _color_table_size(data[10])
    frames = 0
    while pos < len(data):
        block = data[pos]
        pos += 1
        if block == _EXTENSION:
            pos = _skip_sub_blocks(data, pos + 1)
        elif block == _IMAGE:
            frames += 1
            if frames > stop_after or pos + 9 > len(data):
                break
            pos += 9 + _color_table_size(data[pos + 8])
            pos = _skip_sub_blocks(data, pos + 1)  # +1: the LZW minimum code size byte
        else:  # the trailer, or garbage after the last frame
            break
    return frames


def _color_table_size(packed: int) -> int:
    return 3 * (2 << (packed & 7)) if packed & 0x80 else 0


def _skip_sub_blocks(data: bytes, pos: int) -> int:
    while pos < len(data):
        size = data[pos]
        pos += 1
        if size == 0:
            break
        pos += size
    return pos
