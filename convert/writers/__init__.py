"""Writers: Document -> bytes. One module (or folder) per output format (see convert.registry)."""
