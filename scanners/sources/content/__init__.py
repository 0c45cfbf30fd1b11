"""Personal data inside files: walking, typing, text extraction and detection."""
