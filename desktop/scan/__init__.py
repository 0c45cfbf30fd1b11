"""The Scan screen and what runs an audit behind it (the worker thread, the controller)."""
