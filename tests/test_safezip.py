"""Zip bombs (a small .docx/.odt/.xlsx/.qdpx that inflates to gigabytes) are refused with a clear message, by counting
inflated bytes while reading, never by trusting what the archive's header claims."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest

from atlas_qual.errors import AtlasQualError
from atlas_qual.safezip import ArchiveTooLarge, BadArchive, SafeZip, check_archive

GIB = 1024 ** 3


def write_bomb(path: Path, members: dict[str, tuple[bytes, int]], *, claimed: int | None = None) -> Path:
    """A zip whose members are ``prefix`` + ``zeros`` zero bytes, deflated; written without ever holding the
    inflated bytes. ``claimed``: the uncompressed size the headers state (default: the true size)."""
    out = io.BytesIO()
    central = []
    for name, (prefix, zeros) in members.items():
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        parts = [comp.compress(prefix)]
        crc = zlib.crc32(prefix)
        block = b"\0" * (1 << 22)
        left = zeros
        while left:
            chunk = block if left >= len(block) else block[:left]
            parts.append(comp.compress(chunk))
            crc = zlib.crc32(chunk, crc)
            left -= len(chunk)
        parts.append(comp.flush())
        data = b"".join(parts)
        size = len(prefix) + zeros if claimed is None else claimed
        size32 = min(size, 0xFFFFFFFE)
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size32, len(encoded), 0))
        out.write(encoded)
        out.write(data)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), size32,
                                   len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    path.write_bytes(out.getvalue())
    return path


DOCX_PARTS = {
    "[Content_Types].xml": (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                            b'content-types"/>', 0),
}


@pytest.fixture(scope="module")
def docx_bomb(tmp_path_factory) -> Path:
    members = dict(DOCX_PARTS)
    members["word/document.xml"] = (b'<?xml version="1.0"?>', GIB)
    return write_bomb(tmp_path_factory.mktemp("bomb") / "entrevista.docx", members)


def test_a_normal_archive_passes_and_its_members_read_back():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document>" + "Entrevistadora: ¿Cómo está? " * 20_000 + "</w:document>")
        zf.writestr("mimetype", "application/x")
    check_archive(buf.getvalue(), name="a.docx")
    with SafeZip(buf.getvalue(), name="a.docx") as z:
        assert z.read("mimetype") == b"application/x"
        assert z.total == len(b"application/x")


def test_a_one_megabyte_docx_that_inflates_to_a_gibibyte_is_refused_naming_the_file_and_the_fix(docx_bomb):
    assert docx_bomb.stat().st_size < 2_000_000
    with pytest.raises(ArchiveTooLarge) as err:
        check_archive(docx_bomb, name="entrevista.docx")
    message = err.value.message("es")
    assert "entrevista.docx" in message and "word/document.xml" in message
    assert "bomba zip" in message and "vuelva a guardarlo" in message
    assert "zip bomb" in err.value.message("en")


def test_a_member_whose_header_understates_its_size_is_stopped_while_inflating(tmp_path):
    # the header says 1 KB; counting the inflated bytes is what stops it, not the header
    bomb = write_bomb(tmp_path / "liar.zip", {"big.txt": (b"", 64 * 1024 * 1024)}, claimed=1024)
    with pytest.raises((ArchiveTooLarge, BadArchive)):
        check_archive(bomb, name="liar.zip", max_member=1024 * 1024)
    with SafeZip(bomb, name="liar.zip", max_member=1024 * 1024) as z:
        with pytest.raises((ArchiveTooLarge, BadArchive)):
            z.read("big.txt")


def test_many_small_members_are_refused_by_their_total(tmp_path):
    bomb = write_bomb(tmp_path / "many.xlsx", {f"xl/sheet{i}.xml": (b"<x/>", 3 * 1024 * 1024) for i in range(6)})
    with pytest.raises(ArchiveTooLarge) as err:
        check_archive(bomb, name="many.xlsx", max_total=10 * 1024 * 1024)
    assert err.value.key == "safezip_total_too_large"
    assert "many.xlsx" in err.value.message("en")


def test_an_archive_of_too_many_members_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(50):
            zf.writestr(f"m{i}", b"")
    with pytest.raises(ArchiveTooLarge) as err:
        check_archive(buf.getvalue(), name="m.zip", max_members=20)
    assert err.value.key == "safezip_too_many_members" and "50" in err.value.message("es")


def test_bytes_that_are_not_a_zip_give_a_bad_archive_error():
    with pytest.raises(BadArchive) as err:
        check_archive(b"not a zip at all", name="x.docx")
    assert "x.docx" in err.value.message("es")


def test_importing_a_docx_bomb_gives_the_clear_error(docx_bomb):
    from atlas_qual.transcripts import read_transcript

    with pytest.raises(AtlasQualError) as err:
        read_transcript(docx_bomb)
    assert err.value.key == "safezip_member_too_large"


def test_an_odt_bomb_is_refused_before_odfpy_reads_it(tmp_path):
    from atlas_qual.transcripts import read_transcript

    bomb = write_bomb(tmp_path / "e.odt", {"mimetype": (b"application/vnd.oasis.opendocument.text", 0),
                                           "content.xml": (b"<x/>", 200 * 1024 * 1024)})
    with pytest.raises(AtlasQualError) as err:
        read_transcript(bomb)
    assert err.value.key == "safezip_member_too_large"


def test_a_qdpx_bomb_is_refused_as_an_import_error(tmp_path):
    from atlas_qual.refi import read_qdpx

    bomb = write_bomb(tmp_path / "p.qdpx", {"project.qde": (b"<?xml version='1.0'?>", 200 * 1024 * 1024)})
    with pytest.raises(AtlasQualError) as err:
        read_qdpx(bomb)
    assert err.value.key == "safezip_member_too_large"
    assert "p.qdpx" in str(err.value)


def test_an_xlsx_gap_upload_bomb_is_refused(tmp_path):
    from atlas_qual.store.gaps import _raw_rows

    bomb = write_bomb(tmp_path / "brechas.xlsx", {"xl/worksheets/sheet1.xml": (b"<x/>", 200 * 1024 * 1024)})
    with pytest.raises(AtlasQualError) as err:
        _raw_rows(bomb)
    assert err.value.key == "safezip_member_too_large"


def test_a_docx_bomb_is_refused_under_a_memory_cap(docx_bomb):
    """Under a 1.5 GB address-space limit (the bomb inflates to 1 GiB; python-docx would take twice that), the
    import ends with the clear message instead of a MemoryError or a killed process."""
    script = textwrap.dedent(f"""
        import resource, sys
        from atlas_qual.transcripts import read_transcript
        import docx, lxml.etree  # loaded before the cap: the cap is for the work, not the imports
        soft = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        with open("/proc/self/status") as fh:
            vm = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize"))
        resource.setrlimit(resource.RLIMIT_AS, (vm + 1_500_000_000, vm + 1_500_000_000))
        try:
            read_transcript({str(docx_bomb)!r})
        except MemoryError:
            print("MEMORY"); sys.exit(3)
        except Exception as exc:
            print(type(exc).__name__, getattr(exc, "key", "")); sys.exit(0)
        print("READ"); sys.exit(4)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "safezip_member_too_large" in result.stdout
