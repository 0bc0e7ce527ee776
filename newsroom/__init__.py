"""Newsroom: a bilingual (English / Arabic) news site built on Django."""
