"""Past one machine: the same hub on Kubernetes with Zero to JupyterHub (KubeSpawner).

``qiteach hub init --target k8s`` writes ``HUB_DIR/k8s/``:

- ``values.yaml``: values for the Zero to JupyterHub Helm chart (the qiteach authenticator,
  KubeSpawner settings, the saving service, the idle culler);
- ``qiteach_kube_config.py``: the KubeSpawner part as JupyterHub config (the same text
  ``values.yaml`` carries in ``hub.extraConfig``), loadable by KubeSpawner's own traits;
- ``save-service.yaml``: the saving service's Deployment, Service and the workspace volume;
- ``Dockerfile.singleuser`` / ``Dockerfile.hub``: images with qiteach installed.

Each person's server is a pod with its own volume; the programme workspace is one shared
volume, mounted read-only in user pods and read-write only in the saving service's pod.
docs/hub.md says how to deploy them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from qiteach.blas import ONE_BLAS_THREAD
from qiteach.fileio import write_text_atomic
from qiteach.hub.accounts import Account
from qiteach.hub.config import roles
from qiteach.hub.service import SERVICE_NAME

__all__ = ["kube_config_py", "values", "write_k8s"]

IMAGE = "qiteach-singleuser"
HUB_IMAGE = "qiteach-hub"
WORKSPACE_CLAIM = "qiteach-workspace"
WORKSPACE_MOUNT = "/srv/workspace"
SAVE_HOST = f"http://{SERVICE_NAME}:8080"


def kube_config_py(settings: dict[str, Any], accounts: list[Account], tag: str = "0.1.0") -> str:
    """KubeSpawner configuration (Python, for ``hub.extraConfig``).

    >>> text = kube_config_py({"idle_timeout": 3600}, [Account("p01", "A", "participant",
    ...                        "north", "qi-p01")])
    >>> "c.KubeSpawner.image" in text and '"p01": "north"' in text
    True
    """
    teams = {a.username: a.team for a in accounts}
    kinds = {a.username: a.kind for a in accounts}
    environment = {
        "QITEACH_WORKSPACE": WORKSPACE_MOUNT,
        "QITEACH_SAVE_URL": f"{SAVE_HOST}/services/{SERVICE_NAME}",
        **ONE_BLAS_THREAD,  # the pod sees every core of its node, but is limited to one
    }
    return f'''# qiteach on Kubernetes: KubeSpawner settings (qiteach hub init --target k8s)
TEAMS = {json.dumps(teams, indent=4)}
KINDS = {json.dumps(kinds, indent=4)}

c.KubeSpawner.image = "{IMAGE}:{tag}"
c.KubeSpawner.default_url = "/lab"
c.KubeSpawner.cmd = ["jupyterhub-singleuser"]
c.KubeSpawner.args = [
    "--LabApp.news_url=",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
]
c.KubeSpawner.uid = 1000
c.KubeSpawner.fs_gid = 100
c.KubeSpawner.cpu_guarantee = 0.2
c.KubeSpawner.cpu_limit = 1.0
c.KubeSpawner.mem_guarantee = "512M"
c.KubeSpawner.mem_limit = "1.5G"
c.KubeSpawner.start_timeout = 600
c.KubeSpawner.http_timeout = 180
c.KubeSpawner.storage_pvc_ensure = True
c.KubeSpawner.storage_capacity = "1Gi"
c.KubeSpawner.pvc_name_template = "claim-{{user_server}}"
c.KubeSpawner.volumes = [
    {{"name": "home", "persistentVolumeClaim": {{"claimName": "claim-{{user_server}}"}}}},
    {{"name": "workspace", "persistentVolumeClaim": {{"claimName": "{WORKSPACE_CLAIM}"}}}},
]
c.KubeSpawner.volume_mounts = [
    {{"name": "home", "mountPath": "/home/jovyan"}},
    {{"name": "workspace", "mountPath": "{WORKSPACE_MOUNT}", "readOnly": True}},
]
c.KubeSpawner.environment = {json.dumps(environment, indent=4)}


def qiteach_team(spawner):
    """Each person's team and role reach their server's environment."""
    name = spawner.user.name
    spawner.environment["QITEACH_TEAM"] = TEAMS.get(name, "")
    spawner.environment["QITEACH_ROLE"] = KINDS.get(name, "participant")


c.KubeSpawner.pre_spawn_hook = qiteach_team
'''


def values(settings: dict[str, Any], accounts: list[Account], tag: str = "0.1.0") -> dict:
    """Zero to JupyterHub chart values."""
    timeout = int(settings.get("idle_timeout", 3600))
    return {
        "hub": {
            "image": {"name": HUB_IMAGE, "tag": tag},
            "config": {
                "JupyterHub": {
                    "authenticator_class": "qiteach.hub.auth.QiteachAuthenticator",
                    "template_paths": ["/usr/local/share/qiteach/hub/templates"],
                },
                "QiteachAuthenticator": {
                    "credentials_path": "/srv/jupyterhub/credentials.sqlite",
                },
                "Authenticator": {"auth_refresh_age": 60, "refresh_pre_spawn": True},
            },
            "loadRoles": {r["name"]: r for r in roles() if r["name"] != "idle-culler"},
            "services": {SERVICE_NAME: {"url": SAVE_HOST, "display": False}},
            "extraConfig": {"qiteach": kube_config_py(settings, accounts, tag)},
        },
        "singleuser": {"image": {"name": IMAGE, "tag": tag}},
        "cull": {"enabled": True, "timeout": timeout, "every": max(60, min(300, timeout // 2))},
        "proxy": {"https": {"enabled": True, "type": "letsencrypt"}},
        "scheduling": {"userScheduler": {"enabled": True}},
    }


_SAVE_SERVICE = f"""# The saving service: the only writer of the programme workspace.
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: {WORKSPACE_CLAIM}}}
spec:
  accessModes: [ReadWriteMany]
  resources: {{requests: {{storage: 1Gi}}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {SERVICE_NAME}}}
spec:
  replicas: 1
  selector: {{matchLabels: {{app: {SERVICE_NAME}}}}}
  template:
    metadata: {{labels: {{app: {SERVICE_NAME}}}}}
    spec:
      securityContext: {{runAsUser: 1001, fsGroup: 1001}}
      containers:
        - name: save
          image: {IMAGE}:0.1.0
          command: [python, -m, qiteach.hub.service, /srv/hub]
          env:
            - {{name: JUPYTERHUB_SERVICE_NAME, value: {SERVICE_NAME}}}
            - {{name: JUPYTERHUB_SERVICE_URL, value: "http://0.0.0.0:8080"}}
            - {{name: JUPYTERHUB_SERVICE_PREFIX, value: /services/{SERVICE_NAME}/}}
            - {{name: JUPYTERHUB_API_URL, value: "http://hub:8081/hub/api"}}
            - name: JUPYTERHUB_API_TOKEN
              valueFrom: {{secretKeyRef: {{name: hub, key: hub.services.{SERVICE_NAME}.apiToken}}}}
          ports: [{{containerPort: 8080}}]
          volumeMounts:
            - {{name: workspace, mountPath: /srv/hub/workspace}}
            - {{name: accounts, mountPath: /srv/hub/accounts.csv, subPath: accounts.csv}}
      volumes:
        - name: workspace
          persistentVolumeClaim: {{claimName: {WORKSPACE_CLAIM}}}
        - name: accounts
          configMap: {{name: qiteach-accounts}}
---
apiVersion: v1
kind: Service
metadata: {{name: {SERVICE_NAME}}}
spec:
  selector: {{app: {SERVICE_NAME}}}
  ports: [{{port: 8080, targetPort: 8080}}]
"""

_DOCKER_SINGLEUSER = f"""# The user servers' image: JupyterLab + qiteach.
FROM quay.io/jupyter/base-notebook:python-3.11
COPY --chown=1000:100 . /opt/qiteach
RUN pip install --no-cache-dir -c /opt/qiteach/constraints.txt "/opt/qiteach[lab,hub]" \\
    && cp -r /opt/qiteach/notebooks /opt/qiteach-notebooks \\
    && python -m qiteach.hub.kernel_setup
ENV QITEACH_WORKSPACE={WORKSPACE_MOUNT}
# the hub's Jupyter defaults, as on one server: never ask about or fetch Jupyter's news;
# kernels on Unix sockets, not TCP
ENV JUPYTER_CONFIG_PATH=/opt/qiteach/qiteach/hub/lab_config
"""

_DOCKER_HUB = """# The hub image: Zero to JupyterHub's hub + qiteach's authenticator and sign-in.
FROM quay.io/jupyterhub/k8s-hub:4.2.0
USER root
COPY . /opt/qiteach
RUN pip install --no-cache-dir "/opt/qiteach[hub]" \\
    && mkdir -p /usr/local/share/qiteach/hub \\
    && cp -r /opt/qiteach/qiteach/hub/templates /usr/local/share/qiteach/hub/templates
USER jovyan
"""


def write_k8s(folder: Path, settings: dict[str, Any], accounts: list[Account]) -> list[Path]:
    """Write the deployment files into ``folder``; return their paths."""
    files = {
        "values.yaml": "# Zero to JupyterHub values written by qiteach hub init --target k8s\n"
        + yaml.safe_dump(values(settings, accounts), sort_keys=False, width=100),
        "qiteach_kube_config.py": kube_config_py(settings, accounts),
        "save-service.yaml": _SAVE_SERVICE,
        "Dockerfile.singleuser": _DOCKER_SINGLEUSER,
        "Dockerfile.hub": _DOCKER_HUB,
        "README.md": "Deploy with the steps in docs/hub.md ('Past one machine').\n",
    }
    return [write_text_atomic(folder / name, text) for name, text in files.items()]
