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
# The class apps service (crampkit-apps in crampkit.py): its own account, with a home (Voila
# and the kernels keep small files there), and a copy of the series it serves to everyone.
getent passwd crampkit-apps >/dev/null || \
    useradd --system --user-group --create-home --home-dir /var/lib/crampkit-apps \
        --shell /usr/sbin/nologin crampkit-apps
series=/srv/crampkit/series
[ -d "$series" ] || git clone --depth 1 --branch "${CRAMPKIT_BRANCH:-main}" \
    "${CRAMPKIT_REPO:-https://github.com/YOUR-ORG/crampkit}" "$series"
chmod -R a+rX "$series"
/opt/tljh/user/bin/python -m crampkit.classroom make-drop-folder "$folder" \
    --collector crampkit-survey --teacher "$teacher" --group crampkit-teachers
tljh-config reload hub   # starts the collector and the class apps (the hub's two services)
echo "Restart the teacher's server (Control Panel > Stop My Server) so the new group applies."
