"""``python -m crampkit.classroom make-drop-folder FOLDER``: see :mod:`crampkit.classroom.dropfolder`."""
from crampkit.classroom.dropfolder import main

if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
