"""The review workstation: the only package that imports Qt."""
