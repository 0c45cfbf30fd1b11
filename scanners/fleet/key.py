"""The fleet key as front ends see it (the key itself lives in scanners.detection)."""

from scanners.detection.fingerprint_key import (
    FLEET_KEY_ENV,
    FingerprintKeyError,
    KeyInfo,
    key_id,
    read_fleet_key,
)

__all__ = ["FLEET_KEY_ENV", "FingerprintKeyError", "KeyInfo", "key_id", "read_fleet_key"]
