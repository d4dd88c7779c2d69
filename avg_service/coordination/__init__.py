"""Coordination with the joint controllers and participants (WGS art. 2.27; BGS art. 1.1)."""
