"""Fleet audits: the policy file a scan can run by, the seal of a host's result, and the
merged view of many hosts' results (`piaudit fleet DIR`)."""
