#!/usr/bin/env bash
# Make the class's survey folder on a TLJH server (run once, as root, before the lesson):
#   sudo bash make-class-folder.sh TEACHER
# TEACHER is the teacher's hub name (their system user is jupyter-TEACHER). The folder is the
# one named in jupyterhub_config.d/crampkit.py (CLASS_FOLDER); its owner is the collector's
# service account crampkit-survey (COLLECTOR_ACCOUNT there), made here if needed.
set -euo pipefail
teacher="jupyter-${1:?give the teacher hub name}"
folder="${2:-/srv/crampkit/class-survey}"
getent group crampkit-teachers >/dev/null || groupadd crampkit-teachers
usermod -a -G crampkit-teachers "$teacher"
getent passwd crampkit-survey >/dev/null || \
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin crampkit-survey
mkdir -p "$(dirname "$folder")" && chown root:root "$(dirname "$folder")" \
    && chmod 755 "$(dirname "$folder")"
/opt/tljh/user/bin/python -m crampkit.classroom make-drop-folder "$folder" \
    --collector crampkit-survey --teacher "$teacher" --group crampkit-teachers
tljh-config reload hub   # starts the collector (the hub's crampkit-survey service)
echo "Restart the teacher's server (Control Panel > Stop My Server) so the new group applies."
