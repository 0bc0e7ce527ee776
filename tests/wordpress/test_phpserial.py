"""PHP-serialised meta values: plain data read, anything else refused, never evaluated."""

import pytest

from wordpress import phpserial

METADATA = (
    'a:4:{s:5:"width";i:1200;s:6:"height";i:800;s:4:"file";s:18:"2024/05/market.jpg";'
    's:10:"image_meta";a:3:{s:8:"aperture";s:3:"2.8";s:6:"credit";s:17:"رامي حداد";s:11:"orientation";s:1:"0";}}'
)


def test_plain_data_is_read_with_lengths_in_bytes():
    value = phpserial.loads(METADATA)
    assert value["width"] == 1200 and value["file"] == "2024/05/market.jpg"
    assert value["image_meta"]["credit"] == "رامي حداد"  # 9 letters, 17 bytes in UTF-8
    assert phpserial.loads('a:5:{i:0;b:1;i:1;N;i:2;d:0.5;i:3;i:-4;i:4;a:0:{}}') == {0: True, 1: None, 2: 0.5, 3: -4, 4: {}}


@pytest.mark.parametrize("text", [
    'O:8:"stdClass":1:{s:1:"a";s:1:"b";}',  # an object: never instantiated
    'a:1:{s:1:"a";O:8:"stdClass":0:{}}',
    'C:11:"ArrayObject":21:{x:i:0;a:0:{};m:a:0:{}}',
    'a:2:{i:0;s:1:"a";i:1;r:2;}',  # a reference
    'E:7:"Foo:Bar";',
])
def test_anything_but_plain_data_is_refused(text):
    with pytest.raises(phpserial.PhpValueError, match="refused type"):
        phpserial.loads(text)


@pytest.mark.parametrize("text", [
    's:10:"short";',  # a length longer than the string
    's:2:"abc";',  # shorter
    'a:2:{i:0;i:1;}',  # fewer entries than announced
    'i:1',  # cut off
    'i:1;i:2;',  # trailing data
    'b:2;',
    "",
    "not php at all",
])
def test_malformed_values_are_refused(text):
    with pytest.raises(phpserial.PhpValueError):
        phpserial.loads(text)


def test_limits_bound_what_is_read():
    deep = "a:1:{i:0;" * 50 + "N;" + "}" * 50
    with pytest.raises(phpserial.PhpValueError, match="deeper"):
        phpserial.loads(deep)
    with pytest.raises(phpserial.PhpValueError, match="entries"):
        phpserial.loads("a:99999999:{}")
    with pytest.raises(phpserial.PhpValueError, match="longer than"):
        phpserial.loads('s:300000:"' + "x" * 300000 + '";')
