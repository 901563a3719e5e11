"""SCIM 2.0 (RFC 7643 / 7644) at /scim/v2: the directory creates, changes and removes
accounts and groups; group memberships drive roles and teams through the mappings."""
