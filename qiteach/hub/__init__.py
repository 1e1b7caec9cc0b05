"""The cohort hub: JupyterHub for a whole programme, nothing to install for participants.

``qiteach hub init`` turns a programme workspace into a HUB_DIR (accounts from
``participants.csv`` and ``programme.yaml``'s trainers, one system user each, private
homes, the hub's secrets, sign-in slips); ``qiteach hub start`` runs JupyterHub with

- :mod:`~qiteach.hub.auth`: one-time sign-in codes, then each person's own password;
- :mod:`~qiteach.hub.spawner`: each server runs as that person's own system user;
- :mod:`~qiteach.hub.service`: the saving service, the only writer of the workspace;
- jupyterhub-idle-culler, stopping idle servers.

Modules here import JupyterHub only where they need it; docs/hub.md is the guide.
"""

#: The JupyterLab menu item that runs a notebook: named on the sign-in slip and in each
#: released notebook's settings note.
RUN_ALL_MENU = "Run > Run All Cells"
#: What a newcomer waits for after :data:`RUN_ALL_MENU`: a running cell shows ``[*]`` beside
#: it, and a number once it has run (slip and settings note say it in these words).
RUN_ALL_WAIT = "wait until no cell shows [*] on its left"
