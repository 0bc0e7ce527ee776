"""URL converters: slugs may be Unicode (Arabic titles give Arabic slugs)."""


class UnicodeSlugConverter:
    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
