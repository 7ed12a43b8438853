# crampkit on The Littlest JupyterHub: copy this file to /opt/tljh/config/jupyterhub_config.d/
# and run `sudo tljh-config reload` (see docs/deploy-hub.md).
#
# The same file is loaded by crampkit's end-to-end class test (tests/browser/test_class_on_hub.py),
# which only swaps CLASS_FOLDER for a temporary folder.

# The class's survey folder: one drop folder on the server, made once by
#   sudo /opt/tljh/user/bin/python -m crampkit.classroom make-drop-folder \
#       /srv/crampkit/class-survey --teacher jupyter-TEACHER --group crampkit-teachers
# Every user's notebooks (the teacher's dashboard and each student's survey form) read it
# from this one setting.
CLASS_FOLDER = "/srv/crampkit/class-survey"

c.Spawner.environment.update({"CRAMPKIT_CLASS_FOLDER": CLASS_FOLDER})

# Each user's server also reads deploy/tljh/jupyter/jupyter_server_config.json, copied to
# /opt/tljh/user/etc/jupyter/jupyter_server_config.json (apps open with crampkit's own Voila
# page template, and no page asks the internet for MathJax).
