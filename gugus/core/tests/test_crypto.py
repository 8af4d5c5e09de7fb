import base64
import os

import pytest
from django.db import connection
from django.test import override_settings

from gugus.core import crypto
from gugus.core.crypto import Ciphertext, DecryptionFailed, blind_index, decrypt, encrypt, key_id_of, rotate_keys


def _key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def test_round_trip_and_format():
    aad = crypto.associated_data("people_person", "nik", "u-1")
    token = encrypt("3212014505900001", aad=aad)
    assert token.startswith("gv1:t1:")
    assert "3212014505900001" not in token
    assert decrypt(token, aad=aad) == "3212014505900001"
    # a fresh nonce each time
    assert encrypt("x", aad=aad) != encrypt("x", aad=aad)


def test_binding_to_row_and_column():
    token = encrypt("Siti Aminah", aad=crypto.associated_data("people_person", "full_name", "row-a"))
    with pytest.raises(DecryptionFailed):
        decrypt(token, aad=crypto.associated_data("people_person", "full_name", "row-b"))
    with pytest.raises(DecryptionFailed):
        decrypt(token, aad=crypto.associated_data("people_person", "aliases", "row-a"))


def test_tampered_ciphertext_fails():
    aad = crypto.associated_data("t", "c", "r")
    token = encrypt("secret", aad=aad)
    body = token.split(":", 2)[2]
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(DecryptionFailed):
        decrypt(f"gv1:t1:{flipped}", aad=aad)
    with pytest.raises(DecryptionFailed):
        decrypt("not a ciphertext", aad=aad)


def test_old_keys_decrypt_new_key_encrypts(settings):
    aad = crypto.associated_data("t", "c", "r")
    old = encrypt("value", aad=aad)
    settings.GUGUS_FIELD_KEYS = f"t2:{_key()},{settings.GUGUS_FIELD_KEYS}"
    assert decrypt(old, aad=aad) == "value"
    assert key_id_of(encrypt("value", aad=aad)) == "t2"
    settings.GUGUS_FIELD_KEYS = f"t3:{_key()}"
    with pytest.raises(DecryptionFailed):
        decrypt(old, aad=aad)


def test_blind_index_is_keyed_per_purpose(settings):
    nik = blind_index("nik", "3212014505900001")
    assert len(nik) == 32
    assert nik == blind_index("nik", "3212014505900001")
    assert nik != blind_index("phone", "3212014505900001")
    with override_settings(GUGUS_BLIND_INDEX_KEY=_key()):
        assert blind_index("nik", "3212014505900001") != nik
    with pytest.raises(ValueError):
        blind_index("email", "x")


@pytest.mark.django_db
def test_field_encrypts_at_rest_and_decrypts_lazily():
    from gugus.people.models import Person

    person = Person.objects.create(full_name="Siti Aminah", nik="3212014505900001")
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, nik, passport_no FROM people_person WHERE id = %s", [person.pk])
        full_name, nik, passport = cursor.fetchone()
    assert full_name.startswith("gv1:t1:") and "Siti" not in full_name
    assert nik.startswith("gv1:t1:") and passport is None
    loaded = Person.objects.get(pk=person.pk)
    assert isinstance(loaded.__dict__["full_name"], Ciphertext)
    assert loaded.full_name == "Siti Aminah"
    assert loaded.nik == "3212014505900001"
    assert loaded.passport_no is None


@pytest.mark.django_db
def test_ciphertext_copied_to_another_row_does_not_decrypt():
    from gugus.people.models import Person

    first = Person.objects.create(full_name="Siti Aminah")
    second = Person.objects.create(full_name="Budi")
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name FROM people_person WHERE id = %s", [first.pk])
        stolen = cursor.fetchone()[0]
        cursor.execute("UPDATE people_person SET full_name = %s WHERE id = %s", [stolen, second.pk])
        # and into another column of the same row
        cursor.execute("UPDATE people_person SET aliases = %s WHERE id = %s", [stolen, first.pk])
    with pytest.raises(DecryptionFailed):
        _ = Person.objects.get(pk=second.pk).full_name
    with pytest.raises(DecryptionFailed):
        _ = Person.objects.get(pk=first.pk).aliases
    assert Person.objects.get(pk=first.pk).full_name == "Siti Aminah"


@pytest.mark.django_db
def test_encrypted_fields_refuse_plaintext_lookups():
    from gugus.people.models import Person

    with pytest.raises(TypeError):
        list(Person.objects.filter(full_name="Siti"))


@pytest.mark.django_db
def test_serialisation_never_shows_plaintext():
    from django.core import serializers

    from gugus.people.models import Person

    Person.objects.create(full_name="Siti Aminah", nik="3212014505900001")
    dumped = serializers.serialize("json", Person.objects.all())
    assert "Siti" not in dumped and "3212014505900001" not in dumped
    restored = next(serializers.deserialize("json", dumped)).object
    assert restored.full_name == "Siti Aminah"


@pytest.mark.django_db
def test_rotation_rewrites_rows_in_batches(settings):
    from gugus.people.models import Person

    people = [Person.objects.create(full_name=f"Orang {i}", nik=f"32120145059000{i:02d}") for i in range(7)]
    settings.GUGUS_FIELD_KEYS = f"t2:{_key()},{settings.GUGUS_FIELD_KEYS}"
    # the application keeps reading old rows before rotation
    assert Person.objects.get(pk=people[0].pk).full_name == "Orang 0"
    seen = []
    done = rotate_keys(batch_size=3, models_to_rotate=[Person], progress=lambda label, n: seen.append(n))
    assert done == {"people.Person": 7}
    assert seen == [3, 6, 7]
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, nik FROM people_person ORDER BY id")
        rows = cursor.fetchall()
    assert all(key_id_of(name) == "t2" and key_id_of(nik) == "t2" for name, nik in rows)
    # the old key can now go
    settings.GUGUS_FIELD_KEYS = settings.GUGUS_FIELD_KEYS.split(",")[0]
    assert [p.full_name for p in Person.objects.order_by("id")] == [f"Orang {i}" for i in range(7)]
    assert rotate_keys(models_to_rotate=[Person]) == {"people.Person": 0}
