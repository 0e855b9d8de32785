"""Writing an output file whole or not at all.

A document written in place and interrupted (a full disk, a killed process) leaves half a
file that looks like the real one; writing beside it and renaming cannot.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from model.config.errors import ConfigError, Problem
from model.i18n import msg


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise ConfigError(Problem(str(path), None, msg("error.file.unwritable", reason=exc.strerror))) from None
