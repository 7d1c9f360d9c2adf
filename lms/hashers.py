"""How passwords are stored.

Argon2id with the parameters OWASP's Password Storage Cheat Sheet gives as its baseline
(19 MiB of memory, two passes, one lane). Its memory cost is what makes guessing dear on the
graphics cards and custom chips an attacker would use; PBKDF2 can only be made slower, and at
Django's 1,000,000 iterations a sign-in costs about 0.4 s of CPU, so that 2,000 volunteers
signing in at the start of a shift would need several cores for hashing alone. This costs
about 25 ms. Older PBKDF2 hashes still verify and are rewritten with Argon2id at the next
sign-in (Django's ``must_update``), as are Argon2 hashes made with other parameters.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19_456  # KiB
    parallelism = 1
