"""Where personal data is looked for: files (content), application stores, app permissions."""
