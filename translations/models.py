"""Links between the language versions of a story (see issue 3)."""
