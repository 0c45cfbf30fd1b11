"""Credential files: SSH private keys (stores.ssh) and the other files tools keep secrets in
(stores.credentials): AWS, Azure, gcloud, .netrc, .git-credentials, Docker/Podman auth, kube
configs, .npmrc, .pypirc and shell histories.

One finding per file (per key file for SSH). A finding says how many credentials the file
holds, what kind, how they are protected (detail "protection": passphrase, unprotected-key,
plaintext, keyring) and who may read the file (octal mode, group/world readable). Values
are never put in a finding: parsers look at key names and at whether a value is empty,
never copy one out. SSH keys are judged by their header only (PEM "Proc-Type:
4,ENCRYPTED", PKCS#8 "ENCRYPTED PRIVATE KEY", OpenSSH cipher name), as the content rule
credential.private_key does (scanners.detection.validators.credential.private_key).

Locations: table [credentials] of resources/stores.toml; keys per kind "any", "linux",
"macos", "windows"; "ssh_dirs", "ssh_skip", "max_bytes", "history_bytes".

The finding's location is the file's own path, so the access facts (mode, owner, cloud or
shared folder) are collected for it like for any file.

The package: `ssh` (stores.ssh), `files` (stores.credentials), `parsers` (one per kind of
file), `history` (shell histories), `reading` (locations, capped reads, text decoding).
"""

from __future__ import annotations

from scanners.sources.stores.credentials.files import CRED_ID, KINDS, CredentialFilesScanner
from scanners.sources.stores.credentials.ssh import SSH_ID, SshKeysScanner

__all__ = ["CRED_ID", "KINDS", "SSH_ID", "CredentialFilesScanner", "SshKeysScanner"]
