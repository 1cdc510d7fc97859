#!/usr/bin/env python3
"""Cognito USER_SRP_AUTH test vectors from pycognito, an independent implementation.

The unit tests of `src/core/srp.rs` paste the values this script prints. It runs
offline against an installed pycognito (tested with pycognito 2024.5.1):

    python3 -m venv venv && venv/bin/pip install pycognito
    venv/bin/python tests/vectors/srp_pycognito.py

For each vector set it fixes the client's random `a` (pycognito draws it with
`get_random(128)`, replaced here by a constant), plays the server with a fixed
`b` to produce a realistic `SRP_B` (`B = k*v + g^b mod N`, with the shape the
set needs: a high first bit, or an odd number of hex digits), freezes the clock
for `process_challenge`, and prints A, the HKDF key and the
RespondToAuthChallenge parameters that pycognito computes. As a check that the
vectors describe a working exchange, the server side's own key
(`S = (A * v^u)^b mod N`) must equal the key pycognito derived.

Nothing here is secret: the passwords and numbers are made up for tests.
"""

import base64
import datetime
import hashlib
import importlib.metadata

from pycognito import aws_srp
from pycognito.aws_srp import AWSSRP

N = int(aws_srp.N_HEX, 16)
G = int(aws_srp.G_HEX, 16)


def expand(label, nbytes):
    """`nbytes` deterministic bytes: SHA-256(label | counter) blocks."""
    out = b""
    counter = 0
    while len(out) < nbytes:
        out += hashlib.sha256(f"{label}:{counter}".encode()).digest()
        counter += 1
    return out[:nbytes]


def server_b(pool_id, user_id, password, salt_hex, label, shape):
    """The server's (b, B) for this user, with the first b >= seed whose B has `shape`.

    The server pads the salt as an integer, as Cognito and the JavaScript SDK
    do (leading zero bytes dropped).
    """
    k = int(aws_srp.hex_hash("00" + aws_srp.N_HEX + "0" + aws_srp.G_HEX), 16)
    pool_name = pool_id.split("_")[1]
    inner = aws_srp.hash_sha256(f"{pool_name}{user_id}:{password}".encode())
    x = int(aws_srp.hex_hash(aws_srp.pad_hex(int(salt_hex, 16)) + inner), 16)
    v = pow(G, x, N)
    b = int.from_bytes(expand(label + ":b", 32), "big")
    while True:
        big_b = (k * v + pow(G, b, N)) % N
        if shape(format(big_b, "x")):
            return b, big_b, v
        b += 1


def run(name, pool_id, user_id, username, password, salt_hex, shape, secret_len, when,
        salt_for_pycognito=None):
    a = int.from_bytes(expand(name + ":a", 128), "big")
    b, big_b, v = server_b(pool_id, user_id, password, salt_hex, name, shape)
    secret_block = base64.standard_b64encode(expand(name + ":secret", secret_len)).decode()
    challenge = {
        "SALT": salt_for_pycognito or salt_hex,
        "SRP_B": format(big_b, "x"),
        "SECRET_BLOCK": secret_block,
        "USER_ID_FOR_SRP": user_id,
        "USERNAME": username,
    }

    # Fix the random `a`: AWSSRP.__init__ draws it with get_random(128).
    real_get_random = aws_srp.get_random
    aws_srp.get_random = lambda nbytes: a
    try:
        srp = AWSSRP(username=username, password=password, pool_id=pool_id,
                     client_id="client", client=object())
    finally:
        aws_srp.get_random = real_get_random
    assert srp.small_a_value == a

    # Freeze the clock process_challenge reads.
    class FrozenDatetime(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return when

    real_datetime = aws_srp.datetime.datetime
    aws_srp.datetime.datetime = FrozenDatetime
    try:
        response = srp.process_challenge(challenge, {"USERNAME": username})
    finally:
        aws_srp.datetime.datetime = real_datetime

    key = srp.get_password_authentication_key(user_id, password, big_b, challenge["SALT"])

    # The server's side of the same exchange must derive the same key.
    u = aws_srp.calculate_u(srp.large_a_value, big_b)
    s_server = pow(srp.large_a_value * pow(v, u, N), b, N)
    server_key = aws_srp.compute_hkdf(bytearray.fromhex(aws_srp.pad_hex(s_server)),
                                      bytearray.fromhex(aws_srp.pad_hex(aws_srp.long_to_hex(u))))
    assert server_key == key, f"{name}: server and client keys differ"

    unix = int(when.replace(tzinfo=datetime.timezone.utc).timestamp())
    print(f"== {name}")
    print(f"pool_id          = {pool_id}")
    print(f"a                = {a:0256x}")
    print(f"SALT (challenge) = {salt_hex}")
    if salt_for_pycognito:
        print(f"SALT (pycognito) = {salt_for_pycognito}")
    print(f"SRP_B            = {challenge['SRP_B']}")
    print(f"SECRET_BLOCK     = {secret_block}")
    print(f"USER_ID_FOR_SRP  = {user_id}")
    print(f"USERNAME         = {username}")
    print(f"password (utf-8) = {password.encode().hex()}")
    print(f"now (unix secs)  = {unix}")
    print(f"SRP_A            = {srp.get_auth_params()['SRP_A']}")
    print(f"u                = {u:064x}")
    print(f"hkdf key         = {bytes(key).hex()}")
    for param in ("TIMESTAMP", "USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "PASSWORD_CLAIM_SIGNATURE"):
        print(f"{param:<16} = {response[param]}")
    print()


def main():
    print(f"pycognito {importlib.metadata.version('pycognito')}")
    k = aws_srp.hex_hash("00" + aws_srp.N_HEX + "0" + aws_srp.G_HEX)
    print(f"k = {k}")
    print()

    # 1: high first bit in B (PAD(B) prepends a zero byte), one-digit day.
    run("set1", "us-east-1_ExAmPlE12", "alice", "alice", "Correct Horse Battery Staple 1!",
        "3f2a9c81d7e6b5a4039281706f5e4d3c",
        lambda h: len(h) == 768 and h[0] in "89abcdef", 96,
        datetime.datetime(2026, 11, 5, 8, 3, 9))
    # 2: non-ASCII password, salt with a high first bit (PAD(salt) prepends a
    # zero byte), B with a low first digit, leap day with a two-digit day.
    run("set2", "eu-west-1_Zz9yY8xX", "7c3e2f1a-5b6d-4e8f-9a0b-1c2d3e4f5a6b",
        "7c3e2f1a-5b6d-4e8f-9a0b-1c2d3e4f5a6b", "pässwörd ✓ 日本",
        "c4d2e0f1a3b5968778695a4b3c2d1e0f",
        lambda h: len(h) == 768 and h[0] in "1234567", 732,
        datetime.datetime(2028, 2, 29, 23, 59, 59))
    # 3: B with an odd number of hex digits, USERNAME differing from
    # USER_ID_FOR_SRP (an email alias), first second of a year.
    run("set3", "ap-southeast-2_q1W2e3R4t", "9f8e7d6c-0000-4aaa-bbbb-123456789abc",
        "bob@example.com", "hunter2hunter2",
        "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        lambda h: len(h) % 2 == 1, 48,
        datetime.datetime(2031, 1, 1, 0, 0, 0))
    # 4: a salt with a leading zero byte. Cognito and the JavaScript SDK pad the
    # salt as an integer (the zero byte is dropped); pycognito pads the hex
    # string as sent (it keeps it). pycognito is given the salt without its zero
    # byte so that it computes what Cognito expects for the challenge's salt.
    run("set4", "us-west-2_SaLt0000", "carol", "carol", "zero-byte salt",
        "003a5b7c9d1e2f30415263748596a7", lambda h: True, 64,
        datetime.datetime(2027, 7, 4, 12, 30, 5),
        salt_for_pycognito="3a5b7c9d1e2f30415263748596a7")

    # Cognito's timestamp format, from pycognito's own formatter.
    print("== timestamps (unix secs -> AWSSRP.get_cognito_formatted_timestamp)")
    for unix in (0, 86399, 86400, 951782399, 951782400, 951868800, 946684799, 946684800,
                 1709164800, 1709251199, 1709251200, 4107456000, 4107542400, 1793865789,
                 1835481599, 1924991999, 1924992000, 253402300799):
        moment = datetime.datetime.fromtimestamp(unix, datetime.timezone.utc)
        print(f"{unix} {AWSSRP.get_cognito_formatted_timestamp(moment)}")


if __name__ == "__main__":
    main()
