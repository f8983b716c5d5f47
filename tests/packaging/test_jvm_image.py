"""The traditional image's payload: the jar on the runtime that build/jlink-runtime makes, which is
exactly what the Dockerfile's build stage runs. No Docker engine exists here to build the image."""

import os
import re
import subprocess
import time
import unittest
import urllib.error
import urllib.request

from support import JAR, ONCE_JSON, ROOT, TARGET, build

RUNTIME = TARGET / "jlink"
JAVA = RUNTIME / "bin" / "java"


def directory_size(path):
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


class JlinkRuntimeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        print("\n" + build("build/jlink-runtime", str(JAR), str(RUNTIME)).strip())
        print(f"jlink runtime: {directory_size(RUNTIME)} bytes; jar: {JAR.stat().st_size} bytes")

    def env(self, **settings):
        env = {k: v for k, v in os.environ.items() if k not in ("MODE", "PORT", "REQUEST_METHOD")}
        env.update(settings)
        return env

    def test_holds_only_the_modules_the_jar_needs(self):
        listed = subprocess.run([str(JAVA), "--list-modules"], check=True, capture_output=True,
                                text=True, timeout=60).stdout.split()
        self.assertEqual({"java.base", "jdk.unsupported"},
                         {m.split("@")[0] for m in listed})

    def test_once_mode(self):
        before = int(time.time())
        done = subprocess.run([str(JAVA), "-jar", str(JAR)], env=self.env(MODE="once"),
                              capture_output=True, timeout=60)
        after = int(time.time())
        self.assertEqual(0, done.returncode, done.stderr)
        match = ONCE_JSON.match(done.stdout)
        self.assertIsNotNone(match, done.stdout)
        self.assertTrue(before <= int(match.group(2)) <= after)

    def test_server_mode_serves_and_stops_on_sigterm(self):
        server = subprocess.Popen([str(JAVA), "-jar", str(JAR)], env=self.env(PORT="0"),
                                  stderr=subprocess.PIPE, text=True)
        try:
            line = server.stderr.readline()
            listening = re.fullmatch(r"moscow-time: listening on port (\d+)\n", line)
            self.assertIsNotNone(listening, line)
            base = f"http://127.0.0.1:{listening.group(1)}"
            with urllib.request.urlopen(base + "/", timeout=10) as response:
                self.assertEqual(200, response.status)
                self.assertIsNotNone(ONCE_JSON.match(response.read()))
            with urllib.request.urlopen(base + "/healthz", timeout=10) as response:
                self.assertEqual(b'{"status":"ok"}\n', response.read())
            with self.assertRaises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(base + "/nope", timeout=10)
            self.assertEqual(404, missing.exception.code)
            server.terminate()
            self.assertEqual(0, server.wait(timeout=10))
        finally:
            server.kill()
            server.wait()
            server.stderr.close()


class DockerfileTest(unittest.TestCase):
    """What can be checked of the Dockerfile without an engine to build it."""

    def setUp(self):
        self.text = (ROOT / "Dockerfile").read_text()
        self.stages = re.findall(r"^FROM\s+(\S+)", self.text, re.M)

    def test_builds_with_maven_and_jlink_in_one_stage_and_runs_in_another(self):
        self.assertEqual(2, len(self.stages), self.stages)
        self.assertIn("mvn", self.text)
        self.assertIn("build/jlink-runtime", self.text)
        self.assertNotIn("jlink --", self.text, "the jlink invocation lives in build/jlink-runtime")

    def test_runs_as_non_root_without_a_shell(self):
        user = re.findall(r"^USER\s+(\S+)", self.text, re.M)
        self.assertTrue(user and user[-1].split(":")[0] not in ("0", "root"), user)
        self.assertIn("distroless", self.stages[-1])
        entrypoint = re.search(r"^ENTRYPOINT\s+(\[.*\])$", self.text, re.M)
        self.assertIsNotNone(entrypoint, "ENTRYPOINT must be in exec form")
        self.assertIn("EXPOSE 8080", self.text)


if __name__ == "__main__":
    unittest.main()
