"""The Permissions screen: the apps x permissions matrix, a grant's detail and revoke, phone
audits."""
