"""Names of the facts a store or a permission scanner records (detail keys), and the words
they use as values, in the interface language. The detail pane lists every fact; a key
missing here is shown as its id made readable, in English (the .ts check then names it)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from scanners.system import phrases

translate = QCoreApplication.translate  # lupdate finds translate("Facts", "text") calls


def fact_name(key: str) -> str | None:
    names = {
        "access_tokens": translate("Facts", "Access tokens"),
        "accounts": translate("Facts", "Accounts"),
        "api_tokens": translate("Facts", "API tokens"),
        "auth_tokens": translate("Facts", "Auth tokens"),
        "basic_auths": translate("Facts", "User name and password pairs"),
        "blocklisted": translate("Facts", "Sites never to save"),
        "cipher": translate("Facts", "Cipher"),
        "client_keys": translate("Facts", "Client keys"),
        "commands": translate("Facts", "Commands"),
        "cred_helpers": translate("Facts", "Credential helpers"),
        "creds_store": translate("Facts", "Credential store"),
        "cvc_prefixes": translate("Facts", "Security code encryption"),
        "cvc_stored": translate("Facts", "Security codes"),
        "db_version": translate("Facts", "Database version"),
        "default_entry": translate("Facts", "Default entry"),
        "delegated": translate("Facts", "Kept by a helper"),
        "delegated_profiles": translate("Facts", "Profiles using SSO"),
        "downloads": translate("Facts", "Downloads"),
        "encrypted": translate("Facts", "Encrypted"),
        "entries": translate("Facts", "Entries"),
        "example": translate("Facts", "Example"),
        "env_references": translate("Facts", "Environment references"),
        "exec_users": translate("Facts", "Exec users"),
        "field_names": translate("Facts", "Field names"),
        "fields": translate("Facts", "Fields"),
        "first_used": translate("Facts", "First used"),
        "first_visit": translate("Facts", "First visit"),
        "generation": translate("Facts", "Format generation"),
        "group_readable": translate("Facts", "Readable by the group"),
        "hosts": translate("Facts", "Sites"),
        "inline_auths": translate("Facts", "Logins in the file"),
        "insecure_leaked": translate("Facts", "Leaked passwords"),
        "insecure_reused": translate("Facts", "Reused passwords"),
        "insecure_weak": translate("Facts", "Weak passwords"),
        "installation": translate("Facts", "Installation"),
        "key_files": translate("Facts", "Key files"),
        "key_type": translate("Facts", "Key type"),
        "kinds": translate("Facts", "Kinds"),
        "last_visit": translate("Facts", "Last visit"),
        "lines_with_secrets": translate("Facts", "Lines with a secret"),
        "local_cards": translate("Facts", "Cards on this device"),
        "local_ibans": translate("Facts", "IBANs on this device"),
        "machines": translate("Facts", "Machines"),
        "mode": translate("Facts", "Mode"),
        "number_stored": translate("Facts", "Card number stored"),
        "pages": translate("Facts", "Pages"),
        "passphrase": translate("Facts", "Passphrase"),
        "passwords": translate("Facts", "Passwords"),
        "prefixes": translate("Facts", "Encryption prefixes"),
        "primary_password": translate("Facts", "Primary password"),
        "primary_password_reason": translate("Facts", "How the primary password was judged"),
        "profile_name": translate("Facts", "Profile name"),
        "profiles": translate("Facts", "Profiles"),
        "refresh_tokens": translate("Facts", "Refresh tokens"),
        "registries": translate("Facts", "Registries"),
        "repositories": translate("Facts", "Repositories"),
        "secret_fields": translate("Facts", "Secret fields"),
        "server_cards": translate("Facts", "Cards kept by the server"),
        "server_ibans": translate("Facts", "IBANs kept by the server"),
        "service_principals": translate("Facts", "Service principals"),
        "session_token": translate("Facts", "Session token"),
        "session_tokens": translate("Facts", "Session tokens"),
        "set_by": translate("Facts", "Set by"),
        "sites": translate("Facts", "Sites"),
        "static_keys": translate("Facts", "Static keys"),
        "store": translate("Facts", "Store file"),
        "table": translate("Facts", "Table"),
        "tokens": translate("Facts", "Tokens"),
        "service": translate("Facts", "Service"),
        "brand": translate("Facts", "Card brand"),
        "country": translate("Facts", "Country"),
        "region": translate("Facts", "Region"),
        "top_hosts": translate("Facts", "Most visited sites"),
        "top_sites": translate("Facts", "Sites with most logins"),
        "truncated": translate("Facts", "Read in part"),
        "type": translate("Facts", "Type"),
        "users": translate("Facts", "Users"),
        "value_storage": translate("Facts", "How values are kept"),
        "visits": translate("Facts", "Visits"),
        "world_readable": translate("Facts", "Readable by every user"),
        "size": translate("Facts", "Size"),
        "files": translate("Facts", "Files"),
        "contacts": translate("Facts", "Contacts"),
        "messages": translate("Facts", "Messages"),
        "owner": translate("Facts", "Owner"),
        "uid": translate("Facts", "User id"),
        "summary": translate("Facts", "Summary"),
        "records": translate("Facts", "Records"),
    }
    return names.get(key)


def fact_word(value: str) -> str | None:
    """A value that is a word ("yes", "encrypted", "system"), in the interface language."""
    words = {
        "yes": translate("Facts", "yes"),
        "no": translate("Facts", "no"),
        "none": translate("Facts", "none"),
        "unknown": translate("Facts", "unknown"),
        "encrypted": translate("Facts", "encrypted"),
        "in the clear": translate("Facts", "in the clear"),
        "no (last four digits only)": translate("Facts", "no (last four digits only)"),
        "system": translate("Facts", "system"),
        "user": translate("Facts", "user"),
        "metadata": translate("Facts", "app metadata"),
        "override": translate("Facts", "override"),
        "portal": translate("Facts", "portal"),
        "allowed": translate("Facts", "allowed"),
        "denied": translate("Facts", "denied"),
        "not-set": translate("Facts", "not set"),
        "set": translate("Facts", "set"),
        "this computer": translate("Facts", "this computer"),
        # the document a machine-readable zone is from (validators/mrz.py)
        "passport": translate("Facts", "passport"),
        "id_card": translate("Facts", "identity card"),
        "visa": translate("Facts", "visa"),
        "travel_document": translate("Facts", "travel document"),
        # the network of a wallet address (validators/financial.py)
        "ethereum": translate("Facts", "Ethereum"),
    }
    return words.get(value)


def example_words(value: str) -> str:
    """Why a finding is an example (detail "example", scanners' English), in the interface
    language: an interactive session, a test or example folder, an example file."""
    said = {
        "interactive example (>>>)":
            translate("Facts", "in an interactive example session (>>>)"),
        "a placeholder word spelled with digits (p4ssw0rd)":
            translate("Facts", "a placeholder word spelled with digits (p4ssw0rd)"),
        "on a line that says it shows an example":
            translate("Facts", "on a line that says it shows an example (e.g., 示例)"),
        "a position in a list of places (a gazetteer)":
            translate("Facts", "a position in a list of places (a gazetteer)"),
        "in a documentation's code example":
            translate("Facts", "in a documentation's code example"),
        "a documentation comment's @example":
            translate("Facts", "in a documentation comment's @example"),
        "a key cut short after a few characters (documentation's example)":
            translate("Facts",
                      "a key cut short after a few characters (documentation's example)"),
        "a temporary or test code (individual number 900-999)":
            translate("Facts", "a temporary or test code (individual number 900-999)"),
    }.get(value)
    if said is not None:
        return said
    for prefix, words in (
        ("in a test or example folder (", translate("Facts", "in a test or example folder (%1)")),
        ("in an example or template file (",
         translate("Facts", "in an example or template file (%1)")),
        ("in a test file (", translate("Facts", "in a test file (%1)")),
        ("in installed documentation (", translate("Facts", "in installed documentation (%1)")),
    ):
        if value.startswith(prefix) and value.endswith(")"):
            return words.replace("%1", value[len(prefix):-1])
    return value


def fact_value(key: str, value: str) -> str:
    """A fact's value in the interface language: words by fact_word, the Chromium
    protection wording by the store messages, others as recorded."""
    if key == "example":
        return example_words(value)
    word = fact_word(value)
    if word is not None:
        return word
    chinese = QCoreApplication.translate("Labels", "Identity") != "Identity"
    if key == "revoke" and chinese:  # permissions.toml's steps, in the command line's catalog
        from scanners.system.language import words_in

        said = words_in(value, "zh")
        if said != value:
            return said
    if key == "revoke" and value.startswith("Run: "):  # permissions.toml: "Run: <command>"
        return translate("Facts", "Run: %1").replace("%1", value[5:])
    if key == "value_storage" and chinese:
        for label in ("v10_linux", "v10_macos", "v10_windows", "v11", "v20", "dpapi", "none"):
            mid = f"chromium.prefix.{label}"
            if phrases.render([{"id": mid, "args": {}}], "en") == value:
                return phrases.render([{"id": mid, "args": {}}], "zh")
    return value


# Facts whose values are names a program gave (a profile, a table, a key type, sites): shown
# as code, the same in every language.
TECHNICAL = ("profile", "store", "schema", "version", "db_version", "table", "kind", "key_type",
             "cipher", "hosts", "top_hosts", "top_sites", "field_names", "fields", "prefixes",
             "cvc_prefixes", "raw", "app", "path", "file", "installation", "set_by", "type",
             "secret_fields", "creds_store", "generation", "profile_name", "kinds", "permission",
             "revoke_argv")


def html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
