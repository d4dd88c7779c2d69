"""The mandatory access log (verplichte logging, WGS art. 1.8(4)): append-only, hash-chained."""
