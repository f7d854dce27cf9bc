"""A first look at an audio file before any transcriber sees it, so a wrong file is one clear line (exit 2)
whichever transcriber is configured, and not a decoder's or a server's error."""

from __future__ import annotations

from pathlib import Path

from interviewer.voice.transcript import BadAudio

FORMATS = ("wav", "mp3", "m4a", "ogg")


def _sniff(head: bytes) -> str | None:
    """The container the file's first bytes announce (magic numbers), or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"OggS":
        return "ogg"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):  # ID3 tag, or a frame sync
        return "mp3"
    return None


def check_audio_file(path: Path) -> str:
    """The file's format, one of FORMATS; BadAudio (one line) when it is not a readable audio file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except FileNotFoundError:
        raise BadAudio(f"{path}: no such audio file") from None
    except IsADirectoryError:
        raise BadAudio(f"{path}: is a folder, not an audio file") from None
    except OSError as exc:
        raise BadAudio(f"{path}: cannot read the audio file ({exc.strerror})") from None
    if not head:
        raise BadAudio(f"{path}: the audio file is empty")
    kind = _sniff(head)
    if kind is None:
        raise BadAudio(f"{path}: not a {', '.join(FORMATS)} audio file (its first bytes are no known audio header)")
    return kind
