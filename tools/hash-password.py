#!/usr/bin/env python3
"""Print a PBKDF2-SHA256 hash for Auth:Users[n]:PasswordHash (the format PasswordHash.Verify reads).

Usage: python3 tools/hash-password.py 'the password'
"""
import base64
import hashlib
import os
import sys

ITERATIONS = 100_000

def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", sys.argv[1].encode("utf-8"), salt, ITERATIONS, 32)
    print(f"pbkdf2-sha256${ITERATIONS}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}")

if __name__ == "__main__":
    main()
