"""Field encryption (AES-256-GCM) and keyed blind indexes (HMAC-SHA256) for personal identifiers.

Keys come from the environment: ``GUGUS_FIELD_KEYS`` = "id:base64key,id:base64key" (the first
encrypts, every one decrypts, so a new key is put first and the rows are re-encrypted in the
background with ``gugus keys rotate`` while the old key still reads them) and
``GUGUS_BLIND_INDEX_KEY`` (one secret from which a key per purpose is derived with HKDF).

A ciphertext is written ``gv1:<key id>:<base64url(nonce || ciphertext || tag)>``. Its associated
data binds it to the table, the column and the row's immutable UUID: a value copied to another
row or another column does not decrypt.

``EncryptedTextField`` stores such ciphertexts and decrypts lazily, when the attribute is read.
Nothing here logs a value, in clear or encrypted.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import os
import unicodedata
from collections.abc import Callable, Iterable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models.query_utils import DeferredAttribute

PREFIX = "gv1"
NONCE_BYTES = 12
BLIND_INDEX_PURPOSES = frozenset(
    {"nik", "passport", "phone", "name_token", "name_phonetic", "import_row", "import_file", "export_file"}
    | {"linkage_key", "identifier"}  # identity retrieval keys; shared identifiers of networks
)
# 128 bits: collisions are negligible at national scale, and a short digest keeps indexes small.
BLIND_INDEX_HEX_CHARS = 32


class DecryptionFailed(Exception):
    """A ciphertext could not be read: unknown key, altered, or moved to another row or column."""


def _decode_key(text: str) -> bytes:
    text = text.strip()
    padded = text + "=" * (-len(text) % 4)
    for decode in (base64.urlsafe_b64decode, base64.b64decode):
        try:
            raw = decode(padded)
        except (binascii.Error, ValueError):
            continue
        if len(raw) == 32:
            return raw
    raise ImproperlyConfigured("each field key must be 32 bytes, base64-encoded")


@functools.lru_cache(maxsize=8)
def _parse_field_keys(spec: str) -> tuple[tuple[str, AESGCM], ...]:
    keys = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        key_id, sep, material = part.partition(":")
        if not sep or not key_id or ":" in key_id:
            raise ImproperlyConfigured('GUGUS_FIELD_KEYS must read "id:base64key,id:base64key"')
        keys.append((key_id, AESGCM(_decode_key(material))))
    if not keys:
        raise ImproperlyConfigured("GUGUS_FIELD_KEYS holds no key")
    if len({k for k, _ in keys}) != len(keys):
        raise ImproperlyConfigured("GUGUS_FIELD_KEYS repeats a key id")
    return tuple(keys)


def field_keys() -> tuple[tuple[str, AESGCM], ...]:
    return _parse_field_keys(settings.GUGUS_FIELD_KEYS)


def current_key_id() -> str:
    """The id of the key that encrypts new values (the first one configured)."""
    return field_keys()[0][0]


def associated_data(table: str, column: str, row_uuid) -> bytes:
    """What a ciphertext is bound to: its table, its column and its row's UUID."""
    return f"{table}\x1f{column}\x1f{row_uuid}".encode()


def encrypt(plaintext: str, *, aad: bytes) -> str:
    """Encrypt ``plaintext`` with the current key, bound to ``aad``."""
    key_id, cipher = field_keys()[0]
    nonce = os.urandom(NONCE_BYTES)
    sealed = cipher.encrypt(nonce, plaintext.encode("utf-8"), aad)
    return f"{PREFIX}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode().rstrip('=')}"


def is_ciphertext(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX + ":") and value.count(":") == 2


def key_id_of(ciphertext: str) -> str:
    """The id of the key a ciphertext was written with."""
    if not is_ciphertext(ciphertext):
        raise DecryptionFailed("not a Gugus ciphertext")
    return ciphertext.split(":", 2)[1]


def decrypt(ciphertext: str, *, aad: bytes) -> str:
    """The plaintext of ``ciphertext``; DecryptionFailed if the key, the data or the binding is wrong."""
    if not is_ciphertext(ciphertext):
        raise DecryptionFailed("not a Gugus ciphertext")
    _, key_id, body = ciphertext.split(":", 2)
    cipher = dict(field_keys()).get(key_id)
    if cipher is None:
        raise DecryptionFailed("the key that wrote this value is not configured")
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad).decode("utf-8")
    except (InvalidTag, ValueError, binascii.Error) as error:
        raise DecryptionFailed("the value was altered or does not belong to this row and column") from error


# --- blind indexes --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _purpose_key(master: str, purpose: str) -> bytes:
    try:
        material = _decode_key(master)
    except ImproperlyConfigured:
        material = master.encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"gugus-blind-index:" + purpose.encode()).derive(
        material
    )


def blind_index(purpose: str, value: str) -> str:
    """A keyed digest of an already normalised ``value`` for exact lookups (hex, 128 bits).

    Each purpose has its own derived key, so the NIK index and the phone index of the same
    digits differ and cannot be joined without the key.
    """
    if purpose not in BLIND_INDEX_PURPOSES:
        raise ValueError(f"unknown blind-index purpose {purpose!r}")
    key = _purpose_key(settings.GUGUS_BLIND_INDEX_KEY, purpose)
    text = unicodedata.normalize("NFC", value)
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:BLIND_INDEX_HEX_CHARS]


def keyed_digest(purpose: str, data: bytes) -> str:
    """A full-length keyed digest of bytes (e.g. an imported file), with the purpose's own key."""
    if purpose not in BLIND_INDEX_PURPOSES:
        raise ValueError(f"unknown blind-index purpose {purpose!r}")
    return hmac.new(_purpose_key(settings.GUGUS_BLIND_INDEX_KEY, purpose), data, hashlib.sha256).hexdigest()


# --- the model field -------------------------------------------------------------------------------


class Ciphertext(str):
    """A value as stored: still encrypted, decrypted on first read of the attribute."""

    __slots__ = ()


class _EncryptedAttribute(DeferredAttribute):
    # A data descriptor (it defines __set__), so reads always pass through __get__.
    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Ciphertext):
            value = decrypt(value, aad=self.field.aad_for(instance))
            instance.__dict__[self.field.attname] = value
        return value


class EncryptedTextField(models.TextField):
    """Text encrypted at rest, bound to (table, column, ``uuid`` of the row). Not queryable.

    The model must have an immutable ``uuid`` field. Empty values are stored as NULL.
    """

    descriptor_class = _EncryptedAttribute

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)

    def aad_for(self, instance) -> bytes:
        row_uuid = getattr(instance, "uuid", None)
        if not row_uuid:
            raise DecryptionFailed("an encrypted model needs a uuid")
        return associated_data(instance._meta.db_table, self.column, row_uuid)

    def from_db_value(self, value, expression, connection):
        return None if value is None else Ciphertext(value)

    def to_python(self, value):
        if value is None or isinstance(value, Ciphertext):
            return value
        value = str(value)
        # Fixtures and dumps carry ciphertexts: keep them encrypted rather than encrypt twice.
        return Ciphertext(value) if is_ciphertext(value) else value

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname)
        if value is None or value == "":
            return None
        if isinstance(value, Ciphertext):
            return value
        return Ciphertext(encrypt(str(value), aad=self.aad_for(model_instance)))

    def get_prep_value(self, value):
        if value is None or value == "":
            return None
        if not isinstance(value, Ciphertext):
            # Reached only by lookups (filter(name=...)): plaintext must never go to the database.
            raise TypeError("encrypted fields cannot be queried; use the blind index")
        return str(value)

    def value_from_object(self, obj):
        """Serialisers (dumpdata, admin history) see the ciphertext, never the plaintext."""
        value = obj.__dict__.get(self.attname)
        if value is None or value == "" or isinstance(value, Ciphertext):
            return value
        return self.pre_save(obj, add=False)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else str(value)


def encrypted_fields(model) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def encrypted_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [m for m in apps.get_models() if encrypted_fields(m)]


def rotate_keys(
    *, batch_size: int = 500, models_to_rotate: Iterable[type[models.Model]] | None = None, progress: Callable = None
) -> dict[str, int]:
    """Re-encrypt with the current key every value written with an older one, batch by batch.

    Each batch is its own short transaction with its rows locked, so the application keeps
    running: rows not yet rotated still decrypt with the old key, which stays configured until
    this finishes. Returns the number of rows rewritten per model label.
    """
    current = current_key_id()
    done: dict[str, int] = {}
    for model in models_to_rotate or encrypted_models():
        fields = encrypted_fields(model)
        label = model._meta.label
        done[label] = 0
        last_pk = None
        while True:
            with transaction.atomic():
                queryset = model._base_manager.order_by("pk")
                if last_pk is not None:
                    queryset = queryset.filter(pk__gt=last_pk)
                rows = list(queryset.select_for_update().only("pk", "uuid", *[f.attname for f in fields])[:batch_size])
                if not rows:
                    break
                last_pk = rows[-1].pk
                for row in rows:
                    stale = [
                        f
                        for f in fields
                        if isinstance(row.__dict__.get(f.attname), Ciphertext)
                        and key_id_of(row.__dict__[f.attname]) != current
                    ]
                    if not stale:
                        continue
                    updates = {}
                    for f in stale:
                        plaintext = getattr(row, f.attname)
                        updates[f.attname] = encrypt(plaintext, aad=f.aad_for(row))
                    model._base_manager.filter(pk=row.pk).update(**{k: Ciphertext(v) for k, v in updates.items()})
                    done[label] += 1
            if progress:
                progress(label, done[label])
    return done


# --- bytes (files kept with a record) --------------------------------------------------------------


def encrypt_bytes(data: bytes, *, aad: bytes) -> bytes:
    """Encrypt a file's bytes with the current key, bound to ``aad``: ``gv1:<key id>:`` + nonce + sealed."""
    key_id, cipher = field_keys()[0]
    nonce = os.urandom(NONCE_BYTES)
    return f"{PREFIX}:{key_id}:".encode() + nonce + cipher.encrypt(nonce, bytes(data), aad)


def decrypt_bytes(sealed: bytes, *, aad: bytes) -> bytes:
    """The bytes sealed by ``encrypt_bytes``; DecryptionFailed if the key, the data or the binding is wrong."""
    sealed = bytes(sealed)
    prefix, sep, rest = sealed.partition(b":")
    key_id, sep2, body = rest.partition(b":")
    if prefix != PREFIX.encode() or not sep or not sep2:
        raise DecryptionFailed("not a Gugus ciphertext")
    cipher = dict(field_keys()).get(key_id.decode("ascii", "replace"))
    if cipher is None:
        raise DecryptionFailed("the key that wrote this value is not configured")
    try:
        return cipher.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError) as error:
        raise DecryptionFailed("the value was altered or does not belong to this row and column") from error
