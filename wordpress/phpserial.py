"""A small, bounded reader of PHP's ``serialize()`` format, for the meta values WordPress exports.

WordPress stores some post meta as PHP-serialised values: an attachment's
``_wp_attachment_metadata`` (``a:5:{s:5:"width";i:1200;…s:10:"image_meta";a:12:{…s:6:"credit";…}}``),
Polylang's translation groups. Only plain data is read: null, booleans,
integers, floats, strings and arrays (as dicts). Anything else — objects
(``O:``, ``C:``), enums, references (``r:``, ``R:``) — and anything malformed,
too long, too deep or too big raises ``PhpValueError``: the caller reports it
and goes on without the value. Nothing is ever evaluated or instantiated.
"""

import re

#: Longest serialised value read (an attachment's metadata with every size is a few kilobytes).
MAX_BYTES = 256 * 1024
#: Deepest nesting of arrays (metadata -> sizes -> size -> field is 3).
MAX_DEPTH = 6
#: Most array entries in all.
MAX_ITEMS = 5000

_NUMBER = re.compile(rb"-?\d{1,20}")
_FLOAT = re.compile(rb"-?(?:\d{1,40}(?:\.\d{1,40})?(?:[eE][+-]?\d{1,4})?|INF|NAN)")


class PhpValueError(ValueError):
    """A value this reader refuses: not plain PHP data, malformed, or over a limit."""


def loads(text):
    """The Python value of the PHP-serialised *text* (``str`` or ``bytes``), or ``PhpValueError``."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    data = data.strip()
    if len(data) > MAX_BYTES:
        raise PhpValueError(f"serialised value longer than {MAX_BYTES} bytes")
    reader = _Reader(data)
    value = reader.value(depth=0)
    if reader.position != len(data):
        raise PhpValueError(f"unexpected data at byte {reader.position}")
    return value


class _Reader:
    def __init__(self, data):
        self.data, self.position, self.items = data, 0, 0

    def fail(self, what):
        raise PhpValueError(f"{what} at byte {self.position}")

    def expect(self, token):
        if self.data[self.position : self.position + len(token)] != token:
            self.fail(f"expected {token.decode()!r}")
        self.position += len(token)

    def match(self, pattern):
        found = pattern.match(self.data, self.position)
        if not found:
            self.fail("expected a number")
        self.position = found.end()
        return found.group(0)

    def value(self, *, depth):
        kind = self.data[self.position : self.position + 1]
        if kind == b"N":
            self.expect(b"N;")
            return None
        self.position += 1
        self.expect(b":")
        if kind == b"b":
            flag = self.match(_NUMBER)
            self.expect(b";")
            if flag not in (b"0", b"1"):
                self.fail("a boolean that is neither 0 nor 1")
            return flag == b"1"
        if kind == b"i":
            number = int(self.match(_NUMBER))
            self.expect(b";")
            return number
        if kind == b"d":
            number = float(self.match(_FLOAT))
            self.expect(b";")
            return number
        if kind == b"s":
            return self.string()
        if kind == b"a":
            return self.array(depth=depth + 1)
        self.position -= 2
        self.fail(f"refused type {kind.decode('latin-1')!r} (only plain data is read)")

    def string(self):
        length = int(self.match(_NUMBER))
        self.expect(b':"')
        end = self.position + length
        if length < 0 or end > len(self.data):
            self.fail("a string longer than the value")
        raw = self.data[self.position : end]
        self.position = end
        self.expect(b'";')
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            self.fail("a string that is not UTF-8 (its length may have been changed)")

    def array(self, *, depth):
        if depth > MAX_DEPTH:
            self.fail(f"arrays nested deeper than {MAX_DEPTH}")
        count = int(self.match(_NUMBER))
        self.items += count
        if count < 0 or self.items > MAX_ITEMS:
            self.fail(f"more than {MAX_ITEMS} array entries")
        self.expect(b":{")
        result = {}
        for _ in range(count):
            key = self.value(depth=depth)
            if not isinstance(key, (int, str)):
                self.fail("an array key that is neither an integer nor a string")
            result[key] = self.value(depth=depth)
        self.expect(b"}")
        return result
