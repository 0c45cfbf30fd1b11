"""What changes a user's files or grants, each confirmed and recorded: remediation, the
vault, permission revoke."""
