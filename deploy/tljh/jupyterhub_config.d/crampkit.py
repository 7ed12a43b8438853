# crampkit on The Littlest JupyterHub: copy this file to /opt/tljh/config/jupyterhub_config.d/
# and run `sudo tljh-config reload` (see docs/deploy-hub.md).
#
# The same file is loaded by crampkit's end-to-end class test (tests/browser/test_class_on_hub.py),
# which only swaps CLASS_FOLDER, the collector's account and the Python it runs with.

# The class's survey folder: one class folder on the server, made once by
#   sudo bash make-class-folder.sh TEACHER
# (python -m crampkit.classroom make-drop-folder ... --collector crampkit-survey). Every
# user's notebooks (the teacher's dashboard and each student's survey form) read it from this
# one setting.
CLASS_FOLDER = "/srv/crampkit/class-survey"
# The service account the survey collector runs as: it owns the folder and every answer, so
# no answer file names a student. Not the teacher, not a student (make-class-folder.sh makes it).
COLLECTOR_ACCOUNT = "crampkit-survey"
# The Python of TLJH's user environment, where crampkit is installed.
COLLECTOR_PYTHON = "/opt/tljh/user/bin/python"

c.Spawner.environment.update({"CRAMPKIT_CLASS_FOLDER": CLASS_FOLDER})

# The hub starts the collector and restarts it with the hub: a managed service run as its own
# account. Students' forms hand their answer to it through CLASS_FOLDER/inbox.sock; it needs
# no web address and no hub token.
c.JupyterHub.services.append({
    "name": "crampkit-survey",
    "user": COLLECTOR_ACCOUNT,
    "command": [COLLECTOR_PYTHON, "-m", "crampkit.classroom", "collect", CLASS_FOLDER],
    "cwd": "/",
})

# Each user's server also reads deploy/tljh/jupyter/jupyter_server_config.json, copied to
# /opt/tljh/user/etc/jupyter/jupyter_server_config.json (apps open with crampkit's own Voila
# page template, and no page asks the internet for MathJax).
