"""Encryption at rest for a home: its key file, the sealed-blob format, and unlocking.

- **Key file** `<home>/encryption.json` (0600): a random 256-bit *data key*, wrapped with
  AES-256-GCM under a key derived from the passphrase by scrypt (the share files' KDF and
  its cost, `crypto.KDF`, with a random salt). Its header (format, version, kdf with
  salt, cipher) is bound to the wrapped key as associated data, so a swapped setting fails.
- **Sealed blob** (journal files, drafts, index documents): `MAGIC` + a version byte + a
  random 12-byte nonce + AES-256-GCM ciphertext and tag, under the data key. The
  associated data is the 5-byte header plus a context label (`journal`, `draft`,
  `index:<row>:<field>`), so a blob does not open where it was not written. `MAGIC` starts
  with 0xF0 'R', never valid UTF-8, so a blob is never taken for a Markdown file.
- **Nonces** are random per write: 96 random bits are safe for ~2**32 encryptions under
  one key; a journal makes a tiny fraction of that.

`cryptography` (~20 ms) is imported only when a key is unlocked or created: a plaintext
home pays one `stat` of the key file and nothing else.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from ..errors import HomeError, ReflectError
from ..fsutil import atomic_write
from .crypto import (
    CIPHER,
    KDF,
    WrongPassphrase,
    check_passphrase,
    derive_key,
    header_aad,
    open_envelope,
)

KEY_FILE = "encryption.json"
KEY_FORMAT = "reflect-home-key"
KEY_VERSION = 1
MAGIC = b"\xf0RFE"
BLOB_VERSION = 1
_HEADER = MAGIC + bytes([BLOB_VERSION])
_NONCE = 12
TEXT_PREFIX = "rfe1:"  # a sealed value stored as text (index documents and metadata)
CONVERTING_MARKER = ".encrypting"  # in a home while `reflect init --encrypt` is unfinished
ROTATING_MARKER = ".rotating-key"  # the new wrapped key while `--rotate-key` is unfinished
APP_STATE_FILE = "tui-state.json"  # the app's remembered choices (recent partner names)
APP_STATE_CONTEXT = "app-state"


class PassphraseError(ReflectError):
    """The home's passphrase is wrong, or there is no way to ask for it."""


class DecryptError(ReflectError):
    """A sealed blob does not open: damaged, from another home, or a newer format."""


class HomeKey:
    """A home's unlocked data key: seals and opens blobs. Lives in memory only."""

    def __init__(self, data_key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # ~20 ms, encrypted only

        self._aead = AESGCM(data_key)
        self._token_key = hmac.new(data_key, b"reflect partner token v1", "sha256").digest()

    def seal(self, plain: bytes, context: str) -> bytes:
        """`plain` as a sealed blob, with a fresh random nonce."""
        nonce = secrets.token_bytes(_NONCE)
        return _HEADER + nonce + self._aead.encrypt(nonce, plain, _HEADER + context.encode())

    def open(self, blob: bytes, context: str) -> bytes:
        """The plaintext of a sealed blob; DecryptError if it is not one this key wrote."""
        from cryptography.exceptions import InvalidTag

        if not blob.startswith(MAGIC) or len(blob) < len(_HEADER) + _NONCE + 16:
            raise DecryptError("not an encrypted Reflect file, or a truncated one")
        if blob[len(MAGIC)] != BLOB_VERSION:
            raise DecryptError(
                f"written in encryption format version {blob[len(MAGIC)]} by a newer "
                f"Reflect (this one reads version {BLOB_VERSION}); update Reflect"
            )
        header, nonce, sealed = blob[:5], blob[5 : 5 + _NONCE], blob[5 + _NONCE :]
        try:
            return self._aead.decrypt(nonce, sealed, header + context.encode())
        except InvalidTag as exc:
            raise DecryptError("damaged, or encrypted with another home's key") from exc

    def seal_text(self, plain: str, context: str) -> str:
        """A sealed string for stores that hold text (chroma documents and metadata)."""
        sealed = self.seal(plain.encode("utf-8"), context)
        return TEXT_PREFIX + base64.b64encode(sealed).decode("ascii")

    def open_text(self, value: str, context: str) -> str:
        """The plaintext of `seal_text`'s output; a value never sealed is returned as it is."""
        if not value.startswith(TEXT_PREFIX):
            return value
        try:
            blob = base64.b64decode(value[len(TEXT_PREFIX) :], validate=True)
        except ValueError as exc:
            raise DecryptError("a damaged encrypted index value") from exc
        return self.open(blob, context).decode("utf-8")

    def token(self, value: str) -> str:
        """A keyed, deterministic stand-in for `value`: equal inputs, equal tokens.

        Lets the index filter on a partner without storing the name (it does show which
        rows share a partner)."""
        return "pt:" + hmac.new(self._token_key, value.encode("utf-8"), "sha256").hexdigest()[:32]


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def key_file(home: Path) -> Path:
    return home / KEY_FILE


def is_encrypted(home: Path) -> bool:
    """Whether `home` has a key file (one stat)."""
    return key_file(home).is_file()


def encrypted_home_of(folder: Path) -> Path | None:
    """The encrypted home holding `folder` (itself or up to two levels up), if any."""
    for candidate in (folder, folder.parent, folder.parent.parent):
        if is_encrypted(candidate):
            return candidate
    return None


# -- the key file ---------------------------------------------------------------------


def _wrap(data_key: bytes, passphrase: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_passphrase(passphrase)
    kdf = {**KDF, "salt": base64.b64encode(secrets.token_bytes(16)).decode("ascii")}
    header = {"format": KEY_FORMAT, "version": KEY_VERSION, "kdf": kdf, "cipher": CIPHER}
    nonce = secrets.token_bytes(_NONCE)
    wrapped = AESGCM(derive_key(passphrase, kdf)).encrypt(nonce, data_key, header_aad(header))
    body = {
        **header,
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "wrapped_key": base64.b64encode(wrapped).decode("ascii"),
    }
    return (json.dumps(body, indent=2) + "\n").encode("ascii")


def _unwrap(path: Path, passphrase: str) -> bytes:
    try:
        body: dict[str, Any] = json.loads(path.read_text("utf-8"))
        version = body.get("version")
    except (OSError, ValueError, AttributeError) as exc:
        raise HomeError(_damaged(path)) from exc
    if body.get("format") != KEY_FORMAT or version != KEY_VERSION:
        raise HomeError(
            f"{path} is a version {version} key file; this Reflect reads version "
            f"{KEY_VERSION}. Update Reflect to open this journal."
        )
    try:
        return open_envelope(body, "wrapped_key", passphrase)
    except WrongPassphrase as exc:
        raise PassphraseError(
            f"The passphrase for the journal in {path.parent} is wrong; try again "
            "(nothing was changed)."
        ) from exc
    except ValueError as exc:
        raise HomeError(_damaged(path)) from exc


def _damaged(path: Path) -> str:
    return (
        f"The key file {path} is damaged, so the encrypted journal cannot be opened; "
        "restore it from a backup."
    )


def create(home: Path, passphrase: str) -> HomeKey:
    """Give `home` a new key file (a fresh random data key); HomeError if it has one.

    Created by `link` from a finished temp file: two processes racing to create it
    cannot both win, and a kill leaves either no key file or a whole one.
    """
    data_key = secrets.token_bytes(32)
    body = _wrap(data_key, passphrase)
    try:
        atomic_write(key_file(home), body, exclusive=True)
    except FileExistsError as exc:
        raise HomeError(f"{home} is already encrypted; its key file was left as it was.") from exc
    key = HomeKey(data_key)
    _UNLOCKED[_name(home)] = key
    return key


def unlock(home: Path, passphrase: str) -> HomeKey:
    """The home's data key, unwrapped with `passphrase`; PassphraseError if wrong."""
    key = HomeKey(_unwrap(key_file(home), passphrase))
    _UNLOCKED[_name(home)] = key
    return key


def change_passphrase(home: Path, old: str, new: str) -> None:
    """Wrap the same data key under `new` and replace the key file in one atomic write.

    Everything in the home is encrypted under the data key, not the passphrase, so
    re-keying the home to a new passphrase *is* re-wrapping those 32 bytes: one
    `atomic_write` (temp file, fsync, rename) of the key file. Until that rename the old
    key file is intact and the old passphrase opens everything; after it, only the new
    one does. No entry is rewritten, so no entry can be half re-encrypted.
    """
    data_key = _unwrap(key_file(home), old)
    atomic_write(key_file(home), _wrap(data_key, new))
    _UNLOCKED[_name(home)] = HomeKey(data_key)


# -- rotating the data key ------------------------------------------------------------


def begin_rotation(home: Path, passphrase: str) -> tuple[HomeKey, HomeKey]:
    """The home's current key and a fresh one, for `reflect passphrase --rotate-key`.

    The fresh key is first written, wrapped under the same passphrase, to the marker
    `ROTATING_MARKER`; the key file keeps the old one until `finish_rotation`. A run that
    was interrupted finds the marker and carries on with the same new key, so a file
    re-encrypted before the interruption is not encrypted again under yet another key.
    """
    old = _unwrap(key_file(home), passphrase)
    marker = home / ROTATING_MARKER
    if marker.is_file():
        new = _unwrap(marker, passphrase)
    else:
        new = secrets.token_bytes(32)
        atomic_write(marker, _wrap(new, passphrase))
    return HomeKey(old), HomeKey(new)


def finish_rotation(home: Path, new: HomeKey) -> None:
    """Make the marker's key the home's key (one atomic replace), then drop the marker.

    Until the replace, the old key file opens what was not re-encrypted yet; after it,
    only the new key opens anything, and a copy of the old key file opens nothing."""
    marker = home / ROTATING_MARKER
    atomic_write(key_file(home), marker.read_bytes())
    marker.unlink()
    _UNLOCKED[_name(home)] = new


def rotating(home: Path) -> bool:
    """Whether a key rotation was started in `home` and not finished."""
    return (home / ROTATING_MARKER).is_file()


# -- unlocking once per process -------------------------------------------------------

_UNLOCKED: dict[str, HomeKey] = {}


def _name(home: Path) -> str:
    return str(home.expanduser().resolve())


def unlocked(home: Path) -> HomeKey | None:
    """The key this process already unlocked for `home`, if any."""
    return _UNLOCKED.get(_name(home))


def forget_keys() -> None:
    """Drop every unlocked key from memory (tests, and a process that is done)."""
    _UNLOCKED.clear()


def key_for(home: Path) -> HomeKey | None:
    """None for a plaintext home; else its key, unlocked once (the passphrase is asked)."""
    if not is_encrypted(home):
        return None
    key = unlocked(home)
    if key is None:
        key = unlock(home, read_passphrase(home))
    return key


PASSPHRASE_ENV = "REFLECT_PASSPHRASE"
PASSPHRASE_FILE_ENV = "REFLECT_PASSPHRASE_FILE"


def read_passphrase(home: Path, prompt: str = "Passphrase", confirm: bool = False) -> str:
    """The passphrase from $REFLECT_PASSPHRASE, $REFLECT_PASSPHRASE_FILE, or the terminal."""
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if os.environ.get(PASSPHRASE_FILE_ENV):
        path = Path(os.environ[PASSPHRASE_FILE_ENV]).expanduser()
        try:
            return path.read_text("utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise PassphraseError(
                f"The passphrase file {path} (${PASSPHRASE_FILE_ENV}) cannot be read; fix the path."
            ) from exc
    return ask_passphrase(home, prompt, confirm)


def ask_passphrase(home: Path, prompt: str, confirm: bool = False) -> str:
    """Ask on the terminal (not echoed), twice when `confirm`; PassphraseError without one."""
    import getpass
    import sys

    if not sys.stdin.isatty():
        raise PassphraseError(
            f"The encrypted journal in {home} needs its passphrase and there is no terminal to "
            f"ask for it; set ${PASSPHRASE_ENV} or ${PASSPHRASE_FILE_ENV}, or run in a terminal."
        )
    first = getpass.getpass(f"{prompt} for {home}: ")
    if confirm:
        check_passphrase(first)
        if getpass.getpass("Type it again: ") != first:
            raise PassphraseError("The two passphrases differ; nothing was changed. Try again.")
    return first
