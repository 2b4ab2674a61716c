"""Open untrusted zip archives (DOCX) within limits: member count, total size, compression ratio.

A zip bomb is refused from its central directory, before anything is inflated: too many
members, more uncompressed bytes in all than the limit, or one member that inflates more than
:data:`MAX_RATIO` times. The sizes a directory declares are binding: :mod:`zipfile` never inflates
a member past its declared size (a member that would is a CRC error), so checking them is enough.
Encrypted members and broken archives are one clear :class:`~convert.errors.InputError` each.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from msgspec import Struct

from ..errors import InputError

#: Most members an article's archive may hold (a Word file has a few dozen).
MAX_MEMBERS = 2_000
#: Largest ratio of inflated to compressed size of one member over :data:`RATIO_FLOOR` bytes
#: (Word's XML compresses 5-20 times; a bomb compresses a thousand times).
MAX_RATIO = 200
#: Members smaller than this may compress as well as they like.
RATIO_FLOOR = 1 << 20
#: The inflated size of all members together, as a multiple of the reader's ``max_bytes``.
TOTAL_FACTOR = 10
#: What reading a damaged archive raises (zlib's errors escape zipfile unwrapped).
ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, OSError, EOFError,
    NotImplementedError, RuntimeError, UnicodeDecodeError, KeyError, IndexError, OverflowError)


class Limits(Struct, frozen=True):
    """The limits one archive is checked against."""

    max_total: int
    max_members: int = MAX_MEMBERS
    max_ratio: float = MAX_RATIO

    @classmethod
    def for_input(cls, max_bytes: int) -> Limits:
        """Limits for an input the reader accepts up to ``max_bytes`` (``ReadOptions.max_bytes``)."""
        return cls(max_total=max_bytes * TOTAL_FACTOR)


def member_names(data: bytes) -> list[str] | None:
    """The member names of a zip archive (central directory only), None when it is not one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.namelist()
    except ZIP_ERRORS:
        return None


def open_zip(data: bytes, origin: str, limits: Limits, what: str = "zip archive") -> zipfile.ZipFile:
    """A checked :class:`zipfile.ZipFile` over ``data``; every refusal is an InputError."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise InputError(f"not a readable {what} ({_reason(exc)})", path=origin) from None
    try:
        check(zf, origin, limits, what)
    except InputError:
        zf.close()
        raise
    return zf


def check(zf: zipfile.ZipFile, origin: str, limits: Limits, what: str = "zip archive") -> None:
    """Refuse an archive that breaks a limit or holds encrypted members."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise InputError(f"{what} has {len(infos):,} members (the limit is {limits.max_members:,}); "
                         "refused", path=origin)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(f"{what} is encrypted ({info.filename}); save it without a password",
                             path=origin)
        total += info.file_size
        if total > limits.max_total:
            raise InputError(f"{what} inflates to more than {limits.max_total:,} bytes; refused "
                             "(a zip bomb, or far larger than an article)", path=origin)
        packed = max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and info.file_size / packed > limits.max_ratio:
            raise InputError(f"{what} member {info.filename} inflates {info.file_size // packed:,} "
                             f"times (the limit is {limits.max_ratio:g}); refused as a zip bomb",
                             path=origin)


def read_member(zf: zipfile.ZipFile, name: str, origin: str, what: str = "zip archive") -> bytes:
    """One member's bytes; a damaged member is an InputError."""
    try:
        return zf.read(name)
    except KeyError:
        raise InputError(f"{what} has no {name}", path=origin) from None
    except ZIP_ERRORS as exc:
        raise InputError(f"{what} member {name} is damaged ({_reason(exc)})", path=origin) from None


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]
