"""A short MP3 of silence, made on the spot (the demo's and the tests' audio:
no binary in the repository, no encoder needed).

Each frame is MPEG-1 Layer III, 32 kbit/s, 44.1 kHz, mono: a four-byte header
and a zeroed body (side information that says "no audio data": silence), which
every decoder plays. A frame holds 1152 samples."""

from __future__ import annotations

import math

SAMPLE_RATE = 44_100
SAMPLES_PER_FRAME = 1152
# 0xFFFB: frame sync, MPEG-1, Layer III, no CRC; 0x10: 32 kbit/s, 44.1 kHz, no
# padding; 0xC4: mono, original.
HEADER = bytes([0xFF, 0xFB, 0x10, 0xC4])
FRAME_BYTES = 144 * 32_000 // SAMPLE_RATE  # 104


def silent_mp3(seconds: float) -> bytes:
    frames = math.ceil(seconds * SAMPLE_RATE / SAMPLES_PER_FRAME)
    frame = HEADER + bytes(FRAME_BYTES - len(HEADER))
    return frame * frames


def mp3_seconds(data: bytes) -> float:
    """How long ``silent_mp3`` output plays (its frames times 1152 samples)."""
    return len(data) // FRAME_BYTES * SAMPLES_PER_FRAME / SAMPLE_RATE
