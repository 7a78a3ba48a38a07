"""Unpacks a base64 zip action into a fresh directory, refusing entries that would land outside it."""

import base64
import binascii
import io
import os
import stat
import tempfile
import zipfile


class ArchiveError(Exception):
    pass


def action_root(preferred=None):
    """A new directory for the action: under `preferred` when it is writable (an exec tmpfs), else under TMPDIR."""
    base = preferred if preferred and os.access(preferred, os.W_OK) else None
    return tempfile.mkdtemp(prefix='action-', dir=base)


def extract_base64_zip(code, root):
    try:
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(code)))
    except (binascii.Error, ValueError, zipfile.BadZipFile) as err:
        raise ArchiveError('There was an error uncompressing the action archive: %s' % err)
    real_root = os.path.realpath(root)
    with archive:
        for info in archive.infolist():
            target = os.path.realpath(os.path.join(real_root, info.filename))
            # "Zip slip": an entry such as ../../x or /etc/x must not escape the action directory.
            if target != real_root and not target.startswith(real_root + os.sep):
                raise ArchiveError('Zip entry escapes the action directory: %s' % info.filename)
            mode = (info.external_attr >> 16) & 0o777
            if stat.S_ISLNK(info.external_attr >> 16):
                raise ArchiveError('Zip entry is a symbolic link: %s' % info.filename)
            try:
                archive.extract(info, real_root)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
                raise ArchiveError('There was an error uncompressing the action archive: %s' % err)
            if mode and not info.is_dir():
                os.chmod(target, mode | 0o600)
    return real_root
