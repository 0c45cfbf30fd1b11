"""The History screen: past audits, comparing two, verifying the log; accepted risks, the
vault, past actions."""
