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
# The class apps service (crampkit.hub_apps): its account (its own, not the collector's; it
# needs a home), a copy of the series it serves (git clone, readable by that account), the
# port it listens on (loopback only; the hub's proxy sends students to it) and how many warm
# kernels it keeps for each app (each about 100 MB; 8 covers a class of 30 arriving within a minute on 2 cores).
APPS_SERVICE = "crampkit-apps"
APPS_ACCOUNT = "crampkit-apps"
SERIES = "/srv/crampkit/series"
APPS_PORT = 10101
APPS_WARM_KERNELS = 8

c.Spawner.environment.update({"CRAMPKIT_CLASS_FOLDER": CLASS_FOLDER})

# The hub starts the collector and restarts it with the hub: a managed service run as its own
# account. Students' forms hand their answer to it through CLASS_FOLDER/inbox.sock; it needs
# no web address and no hub token.
c.JupyterHub.services.append({
    "name": "crampkit-survey",
    "user": COLLECTOR_ACCOUNT,
    "command": [COLLECTOR_PYTHON, "-m", "crampkit.classroom", "collect", CLASS_FOLDER,
                "--apps-account", APPS_ACCOUNT],
    "cwd": "/",
})

# The class apps, served once for the whole class (students need no server of their own for
# them): one Voila with warm kernels, run by the hub as its own account, students signed in
# by the hub. A student's link: https://HUB/services/crampkit-apps/voila/render/apps/plan.ipynb
# (or class_survey.ipynb). Each page gets its own data folder, deleted when the page closes;
# the survey form hands the answer to the collector above, naming the student to it only.
c.JupyterHub.services.append({
    "name": APPS_SERVICE,
    "user": APPS_ACCOUNT,
    "url": f"http://127.0.0.1:{APPS_PORT}",
    "command": [COLLECTOR_PYTHON, "-m", "crampkit.hub_apps", SERIES + "/notebooks",
                "--pool", str(APPS_WARM_KERNELS)],
    "cwd": SERIES + "/notebooks",
    "environment": {"CRAMPKIT_CLASS_FOLDER": CLASS_FOLDER},
    "oauth_no_confirm": True,  # a student is not asked "allow crampkit-apps?" first
    "timeout": 180,  # seconds the hub waits for it to answer when the hub starts
})
# Every hub user may open the apps service (the hub's "user" role, plus this one service).
c.JupyterHub.load_roles.append({
    "name": "user", "scopes": ["self", f"access:services!service={APPS_SERVICE}"]})

# Each user's server also reads deploy/tljh/jupyter/jupyter_server_config.json, copied to
# /opt/tljh/user/etc/jupyter/jupyter_server_config.json (apps open with crampkit's own Voila
# page template, and no page asks the internet for MathJax).
