"""Passphrase protection of share files: AES-256-GCM under a key from scrypt.

`seal(plain, passphrase)` gives the envelope's bytes — a versioned JSON header (format,
version, the KDF with its random salt, the cipher), a random nonce and the ciphertext.
The header is bound to the ciphertext as associated data, so a file whose KDF settings
were swapped does not open. `unseal(envelope, where, passphrase)` returns the plaintext
or raises one clear `ShareError`. Everything happens in memory: no plaintext temp file.
Encryption at rest (`atrest`) derives a home's key with the same KDF and cost (`KDF`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import Any

from ..errors import InputError, ReflectError

ENCRYPTED_FORMAT = "reflect-share-encrypted"
VERSION = 1
CIPHER = "AES-256-GCM"
MIN_PASSPHRASE = 8
# scrypt at n=2**15, r=8 costs ~32 MiB and ~0.1 s: nothing once, a lot for a guesser.
KDF = {"name": "scrypt", "n": 2**15, "r": 8, "p": 1}


class ShareError(ReflectError):
    """A share file could not be opened: wrong passphrase, or a damaged file."""


def check_passphrase(passphrase: str) -> None:
    """InputError for a passphrase too short to protect anything."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise InputError(
            f"A passphrase needs at least {MIN_PASSPHRASE} characters; choose a longer one."
        )


def seal(plain: bytes, passphrase: str) -> bytes:
    """The encrypted envelope for `plain`, as JSON bytes (ASCII only)."""
    check_passphrase(passphrase)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # ~20 ms, only to encrypt

    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    kdf = {**KDF, "salt": _b64(salt)}
    header = {"format": ENCRYPTED_FORMAT, "version": VERSION, "kdf": kdf, "cipher": CIPHER}
    sealed = AESGCM(derive_key(passphrase, kdf)).encrypt(nonce, plain, header_aad(header))
    envelope = {**header, "nonce": _b64(nonce), "ciphertext": _b64(sealed)}
    return (json.dumps(envelope, indent=2) + "\n").encode("ascii")


def unseal(envelope: dict[str, Any], where: str, passphrase: str) -> bytes:
    """The plaintext of a parsed envelope; ShareError for a wrong passphrase or damage."""
    if envelope.get("version") != VERSION or envelope.get("cipher") != CIPHER:
        raise ShareError(
            f"{where} is a version {envelope.get('version')} protected share file; "
            "this Reflect reads version 1."
        )
    try:
        return open_envelope(envelope, "ciphertext", passphrase)
    except WrongPassphrase as exc:
        raise ShareError(
            f"The passphrase for {where} is wrong (or the file was changed); try again."
        ) from exc
    except ValueError as exc:
        raise ShareError(
            f"{where} is a damaged share file; ask your partner for it again."
        ) from exc


class WrongPassphrase(Exception):
    """The passphrase does not open the envelope (or the envelope was changed)."""


def open_envelope(envelope: dict[str, Any], payload: str, passphrase: str) -> bytes:
    """Decrypt the `payload` field of a passphrase envelope (header, kdf, nonce, payload).

    ValueError if the envelope is damaged; WrongPassphrase if it does not open. Share
    files and the encrypted home's key file are both such envelopes.
    """
    from cryptography.exceptions import InvalidTag  # ~20 ms, only to decrypt
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        header = {k: envelope[k] for k in ("format", "version", "kdf", "cipher")}
        nonce = base64.b64decode(envelope["nonce"], validate=True)
        sealed = base64.b64decode(envelope[payload], validate=True)
        key = derive_key(passphrase, dict(envelope["kdf"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError("a damaged envelope") from exc
    try:
        return AESGCM(key).decrypt(nonce, sealed, header_aad(header))
    except (InvalidTag, ValueError) as exc:
        raise WrongPassphrase from exc


def derive_key(passphrase: str, kdf: dict[str, Any]) -> bytes:
    """The 256-bit key for `passphrase` under `kdf` (ValueError for unknown or hostile settings)."""
    if kdf.get("name") != "scrypt":
        raise ValueError("unknown key derivation")
    n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
    if not (2**10 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16):
        raise ValueError("key derivation settings out of range")  # a hostile file: no DoS
    salt = base64.b64decode(kdf["salt"], validate=True)
    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 << 20, dklen=32
    )


def header_aad(header: dict[str, Any]) -> bytes:
    """A header as canonical JSON bytes, to bind it to the ciphertext as associated data."""
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
