#!/usr/bin/env python3
"""Runs the pods of k8s/overlays/dev on Docker, without a cluster: every container with exactly the env the
rendered manifests give it (ConfigMap, $(VAR) references, Secrets as k8s/create-secrets.sh --dry-run makes them),
as its securityContext says (uid 10001, read-only root, tmpfs /tmp, no capabilities, no privilege escalation),
within its memory limit, on one Docker network where the Service names resolve. Docker restarts a container
that exits, as the kubelet would. Then it waits for every service's /health/ready, signs in as the bootstrap
admin through the gateway, creates an endpoint, connects to the broker as that endpoint (the broker asks the
registry) with the right and a wrong secret, and (images only) downloads the agent's install script and jar.

Usage: scripts/k8s-docker-smoke.py --postgres-image IMAGE [--image-template T | --jars JRE_IMAGE] [--keep]
  --postgres-image  an image with the official postgres entrypoint contract (POSTGRES_USER/DB/PASSWORD)
  --image-template  image of each part, '{image}' = as rendered (default), e.g. 'my/{name}:dev'
  --jars JRE_IMAGE  run the module jars (mvn install first) on a Java 17 image instead of the images
Needs python3-yaml, docker and kubectl. Exit 0 when everything answered.
"""
import argparse, base64, json, os, re, socket, struct, subprocess, sys, time, urllib.request
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
P = f"efk8s{os.getpid()}"
parser = argparse.ArgumentParser()
parser.add_argument("--postgres-image", required=True)
parser.add_argument("--image-template", default="{image}")
parser.add_argument("--jars")
parser.add_argument("--kubectl", default="kubectl")
parser.add_argument("--keep", action="store_true")
opts = parser.parse_args()
kubectl = opts.kubectl
docs = list(yaml.safe_load_all(subprocess.check_output([kubectl, "kustomize", f"{REPO}/k8s/overlays/dev"])))
secrets = {}
for s in yaml.safe_load_all(subprocess.check_output(["bash", f"{REPO}/k8s/create-secrets.sh", "--dry-run"])):
    if s:
        secrets[s["metadata"]["name"]] = {k: base64.b64decode(v).decode() for k, v in s["data"].items()}
cms = {d["metadata"]["name"]: d["data"] for d in docs if d["kind"] == "ConfigMap"}
work = {d["metadata"]["name"]: d for d in docs if d["kind"] in ("Deployment", "StatefulSet")}



def env_of(c):
    env = {}
    for f in c.get("envFrom", []):
        env.update(cms[f["configMapRef"]["name"]])
    for v in c.get("env", []):
        if "valueFrom" in v:
            r = v["valueFrom"]["secretKeyRef"]; env[v["name"]] = secrets[r["name"]][r["key"]]
        else:
            env[v["name"]] = re.sub(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", lambda m: env.get(m.group(1), m.group(0)), v.get("value", ""))
    return env

def sh(*a, check=True):
    result = subprocess.run(list(a), capture_output=True, text=True)
    if check and result.returncode != 0:
        # the arguments are not repeated: they hold the generated secrets
        raise RuntimeError(f"{' '.join(a[:2])} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def host_port(name, port):
    # asked each time: a restarted container gets a new ephemeral host port
    return sh("docker", "port", f"{P}-{name}", str(port)).stdout.strip().split(":")[-1]


def cleanup():
    for n in list(work) + ["postgres"]:
        sh("docker", "rm", "-f", f"{P}-{n}", check=False)
    sh("docker", "network", "rm", f"{P}-net", check=False)


def start_postgres():
    pg = env_of(work["postgres"]["spec"]["template"]["spec"]["containers"][0])
    sh("docker", "run", "-d", "--name", f"{P}-postgres", "--network", f"{P}-net", "--network-alias", "postgres",
       *sum([["-e", f"{k}={pg[k]}"] for k in ("POSTGRES_USER", "POSTGRES_DB", "POSTGRES_PASSWORD")], []),
       opts.postgres_image)


def start(name):
    c = work[name]["spec"]["template"]["spec"]["containers"][0]
    sc = c["securityContext"]
    args = ["docker", "run", "-d", "--name", f"{P}-{name}", "--network", f"{P}-net", "--network-alias", name,
            "-u", f"{sc['runAsUser']}:{sc['runAsUser']}", "--tmpfs", f"/tmp:rw,exec,uid={sc['runAsUser']},mode=1777",
            "--cap-drop", "ALL", "--restart", "always",
            "--memory", c["resources"]["limits"]["memory"].replace("Mi", "m").replace("Gi", "g")]
    if sc.get("readOnlyRootFilesystem"):
        args.append("--read-only")
    if sc.get("allowPrivilegeEscalation") is False:
        args += ["--security-opt", "no-new-privileges"]
    for m in c.get("volumeMounts", []):
        if m["mountPath"] != "/tmp":  # the PVC: a tmpfs owned by the user stands in (fsGroup does it in k8s)
            args += ["--tmpfs", f"{m['mountPath']}:rw,uid={sc['runAsUser']}"]
    for k, v in env_of(c).items():
        args += ["-e", f"{k}={v}"]
    port = c["ports"][0]["containerPort"]
    args += ["-p", f"127.0.0.1::{port}"]
    if opts.jars:
        jar = os.path.join(REPO, "broker/target/edgefleet-broker.jar" if name == "broker"
                           else f"services/{name}/target/edgefleet-{name}.jar")
        args += ["-v", f"{jar}:/app/app.jar:ro", opts.jars, "java", "-jar", "/app/app.jar"]
    else:
        args.append(opts.image_template.format(image=c["image"], name=name))
    sh(*args)
    return port


def wait_ready(ports, started):
    ready = {}
    deadline = time.time() + 300
    while time.time() < deadline and len(ready) < len(ports):
        for name, port in ports.items():
            if name in ready:
                continue
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{host_port(name, port)}/health/ready", timeout=3) as r:
                    ready[name] = round(time.time() - started, 1)
                    print(f"{name} ready after {ready[name]} s: {r.read().decode()}")
            except Exception:
                pass
        time.sleep(1)
    return ready


def mqtt_connack(port, client_id, username, password):
    """Return code of an MQTT 3.1.1 CONNECT with these credentials (0 = accepted, 4 = bad credentials)."""
    def field(b):
        return struct.pack(">H", len(b)) + b
    body = field(b"MQTT") + bytes([4, 0xC2]) + struct.pack(">H", 30) + field(client_id.encode()) \
        + field(username.encode()) + field(password.encode())
    with socket.create_connection(("127.0.0.1", int(port)), timeout=10) as sock:
        sock.sendall(bytes([0x10, len(body)]) + body)
        return sock.recv(4)[3]


def call(path, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(f"http://127.0.0.1:{host_port('gateway', 8080)}{path}",
                                 data=json.dumps(body).encode(), headers=headers)
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def end_to_end():
    cfg = cms[next(iter(cms))]
    login = call("/api/v1/auth/login", {"email": cfg["EDGEFLEET_BOOTSTRAP_ADMIN_EMAIL"],
                                        "password": secrets["edgefleet-secrets"]["bootstrap-admin-password"]})
    print("signed in as the bootstrap admin through the gateway")
    ep = call("/api/v1/tenants/default/endpoints", {"name": "k8s-smoke-01"}, login["accessToken"])
    commands = json.dumps(ep["runCommands"])
    named = cfg["EDGEFLEET_PUBLIC_BROKER_URL"] in commands and cfg["EDGEFLEET_PUBLIC_GATEWAY_URL"] in commands
    print(f"endpoint {ep['id']} created; run commands name {cfg['EDGEFLEET_PUBLIC_BROKER_URL']} and "
          f"{cfg['EDGEFLEET_PUBLIC_GATEWAY_URL']}: {named}")
    good = mqtt_connack(host_port("broker", 1883), ep["id"], ep["id"], ep["secret"])
    bad = mqtt_connack(host_port("broker", 1883), ep["id"], ep["id"], ep["secret"] + "x")
    print(f"agent MQTT connect (the broker asks the registry): right secret -> {good}, wrong secret -> {bad}")
    served = True
    if not opts.jars:
        # the gateway image carries the agent jar and serves it with the install script
        for path in ("/agent/install.sh", "/agent/edgefleet-agent.jar"):
            with urllib.request.urlopen(f"http://127.0.0.1:{host_port('gateway', 8080)}{path}", timeout=30) as r:
                size = len(r.read())
                print(f"GET {path}: {r.status}, {size} bytes")
                served = served and r.status == 200 and size > 0
    return named and good == 0 and bad == 4 and served


def main():
    passed = False
    try:
        sh("docker", "network", "create", f"{P}-net")
        start_postgres()
        started = time.time()
        ports = {name: start(name) for name in ["broker", "registry", "tenancy", "deployment", "telemetry", "gateway"]}
        ready = wait_ready({n: p for n, p in ports.items() if n != "broker"}, started)
        passed = len(ready) == 5 and end_to_end()
        for name in ports:
            print(name, sh("docker", "inspect", "-f", "{{.State.Status}} restarts={{.RestartCount}}",
                           f"{P}-{name}").stdout.strip())
            if name != "broker" and name not in ready:
                logs = sh("docker", "logs", "--tail", "40", f"{P}-{name}", check=False)
                print(logs.stdout[-3000:], logs.stderr[-3000:])
    finally:
        if opts.keep:
            print(f"kept: containers {P}-*, network {P}-net")
        else:
            cleanup()
    print("PASSED" if passed else "FAILED")
    return 0 if passed else 1


sys.exit(main())
