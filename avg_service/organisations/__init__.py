"""The participants of the ZVH (WGS art. 2.27) and the contact point's own settings."""
