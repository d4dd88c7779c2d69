"""The requester's portal: a secret status link, uploads, withdrawal and secure downloads."""
