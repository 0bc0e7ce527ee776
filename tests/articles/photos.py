"""Test photos that carry what a real camera writes into them: GPS, serial number, XMP, IPTC.

Built with Pillow in memory, small, so the tests stay fast. ``SECRETS`` are
byte strings that must never be found in a stored file.
"""

import io
import struct
import zlib

from PIL import ExifTags, Image, ImageCms, PngImagePlugin

SERIAL = "CAM-SN-4471902"
PLACE = "Douma-east-gate"
SECRETS = (SERIAL.encode(), PLACE.encode(), b"Canon", b"EOS R5", b"MAKERNOTE")
#: Left half red, right half blue: after an upright turn the red half must be on top.
RED, BLUE = (220, 20, 20), (20, 20, 220)


def camera_exif(orientation=1):
    """EXIF as a phone writes it: make, model, serial, maker note, GPS and orientation."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "EOS R5"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.ImageDescription] = PLACE
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.BodySerialNumber] = SERIAL  # 0xA431
    details[ExifTags.Base.MakerNote] = b"MAKERNOTE " + SERIAL.encode()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (33.0, 34.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (36.0, 24.0, 3.25)
    return exif


XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="' + PLACE.encode() + b'"/>'
    b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


def halves(size=(48, 32), mode="RGB"):
    image = Image.new(mode, size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    return image


def photo(format="JPEG", *, size=(48, 32), orientation=6, icc_profile=None):
    """Encoded bytes of a two-colour picture carrying every kind of metadata *format* can hold."""
    buffer = io.BytesIO()
    options = {"exif": camera_exif(orientation), "xmp": XMP, "icc_profile": icc_profile or srgb_profile()}
    if format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Location", PLACE)
        text.add_itxt("Description", PLACE)
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())  # where PNG keeps XMP
        options["pnginfo"] = text
    if format == "JPEG":
        options.update(comment=PLACE.encode(), quality=95)
    halves(size).save(buffer, format=format, **options)
    data = buffer.getvalue()
    return with_iptc(data) if format == "JPEG" else data


def srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def with_iptc(jpeg):
    """*jpeg* with a Photoshop APP13 segment holding an IPTC city (Pillow cannot write one)."""
    city = PLACE.encode()
    iptc = b"\x1c\x02\x5a" + struct.pack(">H", len(city)) + city  # record 2, dataset 90: City
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc + b"\x00" * (len(iptc) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def plain(format, size=(16, 16)):
    """A picture in *format* with no metadata at all (GIF, PDF, ... for refusals)."""
    buffer = io.BytesIO()
    halves(size).save(buffer, format=format)
    return buffer.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims *width* × *height* pixels: a decompression bomb's shape."""
    data = bytearray(plain("PNG"))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


def assert_clean(data):
    """*data* (a stored file's bytes) holds no metadata and none of the test photo's secrets."""
    image = Image.open(io.BytesIO(data))
    assert dict(image.getexif()) == {}
    assert not set(image.info) & {"exif", "xmp", "icc_profile", "comment", "photoshop", "Location", "Description"}
    assert not [key for key in image.info if "xmp" in key.lower()]
    for secret in SECRETS:
        assert secret not in data
    # The containers' own markers for EXIF, XMP, IPTC and colour profiles (JPEG, PNG, WebP).
    markers = (b"Exif\x00", b"eXIf", b"EXIF", b"xmpmeta", b"xpacket", b"XML:com.adobe.xmp", b"XMP ", b"Photoshop 3.0",
               b"8BIM", b"ICC_PROFILE", b"iCCP", b"ICCP", b"tEXt", b"iTXt", b"zTXt")
    assert [marker for marker in markers if marker in data] == []


def swapped_profile():
    """An RGB colour profile whose red and blue primaries are swapped: its "red" looks blue.

    Pillow can only create an sRGB profile, so this one is sRGB with two tag
    table entries exchanged (and its description changed to match).
    """
    data = bytearray(srgb_profile())
    [count] = struct.unpack(">I", data[128:132])
    entries = {bytes(data[start:start + 4]): start for start in range(132, 132 + 12 * count, 12)}
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]
    data[red + 4:red + 12], data[blue + 4:blue + 12] = data[blue + 4:blue + 12], data[red + 4:red + 12]
    return bytes(data).replace("sRGB".encode("utf-16-be"), "sBGR".encode("utf-16-be"))
