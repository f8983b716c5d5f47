"""The wasi/wasm OCI archive built by build/oci-image, checked as containerd and its wasmtime shim
would see it, without a Docker engine."""

import hashlib
import io
import json
import os
import pathlib
import shutil
import signal
import subprocess
import tarfile
import tempfile
import time
import unittest

import wasmtime

from support import MODULE, ONCE_JSON, ROOT, TARGET, build, run_like_the_shim

NAME = "moscow-time-wasm"
ARCHIVE = TARGET / f"{NAME}.oci"
REFERENCE = f"oci-archive:{ARCHIVE}:{NAME}:latest"


def skopeo(*args):
    return json.loads(subprocess.run(["skopeo", "inspect", *args, REFERENCE], check=True,
                                     capture_output=True, text=True, timeout=60).stdout)


def manifest_digest():
    raw = subprocess.run(["skopeo", "inspect", "--raw", REFERENCE], check=True,
                         capture_output=True, timeout=60).stdout
    return "sha256:" + hashlib.sha256(raw).hexdigest()


class OciImageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        print("\n" + build("build/oci-image").strip())
        cls.layout = pathlib.Path(tempfile.mkdtemp(prefix="moscow-time-oci-"))
        with tarfile.open(ARCHIVE) as archive:
            archive.extractall(cls.layout)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.layout)

    def blob(self, digest):
        algorithm, value = digest.split(":")
        return (self.layout / "blobs" / algorithm / value).read_bytes()

    def manifest(self):
        index = json.loads((self.layout / "index.json").read_text())
        self.assertEqual(1, len(index["manifests"]))
        entry = index["manifests"][0]
        self.assertEqual(f"{NAME}:latest",
                         entry["annotations"]["org.opencontainers.image.ref.name"])
        return entry, json.loads(self.blob(entry["digest"]))

    def layer_files(self, manifest):
        self.assertEqual(1, len(manifest["layers"]))
        layer = manifest["layers"][0]
        with tarfile.open(fileobj=io.BytesIO(self.blob(layer["digest"]))) as tar:
            return {m.name.lstrip("./"): (m, tar.extractfile(m).read() if m.isfile() else None)
                    for m in tar.getmembers()}

    def test_skopeo_sees_a_wasi_wasm_image_whose_entrypoint_is_the_module(self):
        image = skopeo()
        self.assertEqual("wasi", image["Os"])
        self.assertEqual("wasm", image["Architecture"])
        config = skopeo("--config")
        self.assertEqual(["/main.wasm"], config["config"]["Entrypoint"])
        self.assertEqual("wasi", config["os"])
        self.assertEqual("wasm", config["architecture"])

    def test_layout_digests_sizes_and_media_types_hold(self):
        self.assertEqual({"imageLayoutVersion": "1.0.0"},
                         json.loads((self.layout / "oci-layout").read_text()))
        entry, manifest = self.manifest()
        self.assertEqual("application/vnd.oci.image.manifest.v1+json", entry["mediaType"])
        self.assertEqual("application/vnd.oci.image.manifest.v1+json", manifest["mediaType"])
        for descriptor in [entry, manifest["config"], *manifest["layers"]]:
            data = self.blob(descriptor["digest"])
            self.assertEqual(descriptor["size"], len(data), descriptor)
            self.assertEqual(descriptor["digest"], "sha256:" + hashlib.sha256(data).hexdigest())
        config = json.loads(self.blob(manifest["config"]["digest"]))
        self.assertEqual(("wasi", "wasm"), (config["os"], config["architecture"]))

    def test_the_layer_holds_the_built_module_byte_for_byte(self):
        _, manifest = self.manifest()
        files = self.layer_files(manifest)
        self.assertEqual(["main.wasm"], [name for name, (m, _) in files.items() if m.isfile()])
        member, data = files["main.wasm"]
        self.assertTrue(member.isreg())
        self.assertEqual(MODULE.read_bytes(), data)
        module = wasmtime.Module(wasmtime.Engine(), data)
        self.assertEqual({"wasi_snapshot_preview1"}, {i.module for i in module.imports})
        exports = {e.name for e in module.exports}
        self.assertTrue({"_start", "memory"} <= exports, exports)
        subprocess.run(["wasm-validate", str(MODULE)], check=True, timeout=60)
        print(f"\nlayer: {manifest['layers'][0]['size']} bytes compressed; "
              f"archive: {ARCHIVE.stat().st_size} bytes; image digest {manifest_digest()}")

    def test_two_builds_give_the_same_digest(self):
        first = manifest_digest()
        build("build/oci-image")
        self.assertEqual(first, manifest_digest())

    def test_runs_as_the_wasmtime_shim_runs_it(self):
        _, manifest = self.manifest()
        module = self.layer_files(manifest)["main.wasm"][1]
        config = json.loads(self.blob(manifest["config"]["digest"]))["config"]
        argv = config["Entrypoint"] + config.get("Cmd", [])
        env = [tuple(e.split("=", 1)) for e in config.get("Env", [])]

        before = int(time.time())
        once = run_like_the_shim(module, argv, env + [("MODE", "once")])
        after = int(time.time())
        self.assertIsNone(once.trap)
        self.assertEqual(0, once.exit_code, once.stderr)
        match = ONCE_JSON.match(once.stdout)
        self.assertIsNotNone(match, once.stdout)
        self.assertTrue(before <= int(match.group(2)) <= after)

        server = run_like_the_shim(module, argv, env)
        self.assertIsNone(server.trap)
        self.assertEqual(2, server.exit_code)
        self.assertEqual(b"", server.stdout)
        self.assertIn(b"WASI Preview 1", server.stderr)
        self.assertIn(b"MODE=once", server.stderr)


class ContainerdImportTest(unittest.TestCase):
    """A real containerd, started under a scratch folder and stopped by PID, imports the archive."""

    def setUp(self):
        if not ARCHIVE.exists():
            build("build/oci-image")
        self.scratch = pathlib.Path(tempfile.mkdtemp(prefix="moscow-time-containerd-"))
        self.socket = self.scratch / "containerd.sock"
        config = self.scratch / "config.toml"
        config.write_text(f"""version = 2
root = "{self.scratch}/root"
state = "{self.scratch}/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "{self.socket}"
[ttrpc]
  address = "{self.socket}.ttrpc"
[debug]
  address = "{self.socket}.debug"
""")
        self.log = open(self.scratch / "containerd.log", "wb")
        self.daemon = subprocess.Popen(["containerd", "--config", str(config)],
                                       stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while not self.socket.exists():
            if time.time() > deadline or self.daemon.poll() is not None:
                self.fail("containerd did not start: "
                          + (self.scratch / "containerd.log").read_text(errors="replace"))
            time.sleep(0.1)

    def tearDown(self):
        self.daemon.send_signal(signal.SIGTERM)
        try:
            self.daemon.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.daemon.kill()
            self.daemon.wait()
        self.log.close()
        subprocess.run(["umount", "-R", str(self.scratch / "root")], capture_output=True)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def ctr(self, *args):
        return subprocess.run(["ctr", "-a", str(self.socket), *args], check=True,
                              capture_output=True, text=True, timeout=120).stdout

    def test_containerd_imports_it_as_a_complete_wasi_wasm_image(self):
        self.ctr("images", "import", str(ARCHIVE))
        listing = self.ctr("images", "ls")
        line = next((l for l in listing.splitlines() if f"{NAME}:latest" in l), None)
        self.assertIsNotNone(line, listing)
        self.assertIn("wasi/wasm", line)
        check = self.ctr("images", "check")
        line = next((l for l in check.splitlines() if f"{NAME}:latest" in l), None)
        self.assertIsNotNone(line, check)
        self.assertIn("complete", line)
        # ctr run gets as far as starting the runtime: only the shim binary is missing here.
        run = subprocess.run(["ctr", "-a", str(self.socket), "run", "--rm", "--runtime",
                              "io.containerd.wasmtime.v1", "--env", "MODE=once",
                              f"{NAME}:latest", "once"], capture_output=True, text=True, timeout=60)
        if run.returncode == 0:
            self.assertIsNotNone(ONCE_JSON.match(run.stdout.encode()), run.stdout)
        else:
            self.assertIn('binary not installed "containerd-shim-wasmtime-v1"', run.stderr)


if __name__ == "__main__":
    unittest.main()
