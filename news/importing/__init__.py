"""Bring articles in from JSON Lines, and write them back out in the same format.

`records` validates one line, `richtext` cleans its HTML, `images` loads its
photos from local files, `store` creates or updates the page, and `export`
turns a page back into a line. docs/import.md describes the format.
"""
