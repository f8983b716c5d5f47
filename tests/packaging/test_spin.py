"""spin.toml, and main.wasm under the two things that break WAGI modules in Spin: being wrapped
with the WASI Preview 1 command adapter, and having stdout read as a CGI reply."""

import pathlib
import shutil
import tempfile
import time
import tomllib
import unittest

import wasmtime.component

from support import ENGINE, MODULE, ONCE_JSON, ROOT, componentize, run_component, spin_request
from support import wagi_reply

JSON_HEADERS = {"content-type": "application/json", "cache-control": "no-store",
                "x-content-type-options": "nosniff"}


class SpinManifestTest(unittest.TestCase):
    def setUp(self):
        with open(ROOT / "spin.toml", "rb") as f:
            self.manifest = tomllib.load(f)

    def test_one_wagi_component_on_every_path(self):
        self.assertEqual(2, self.manifest["spin_manifest_version"])
        self.assertEqual("moscow-time", self.manifest["application"]["name"])
        [trigger] = self.manifest["trigger"]["http"]
        self.assertEqual("/...", trigger["route"])
        self.assertEqual({"type": "wagi"}, trigger["executor"])
        self.assertEqual([trigger["component"]], list(self.manifest["component"]))

    def test_source_is_the_module_the_build_produces(self):
        [component] = self.manifest["component"].values()
        source = (ROOT / component["source"]).resolve()
        self.assertEqual(MODULE.resolve(), source)
        self.assertTrue(source.is_file(), f"{source} missing: run mvn package")
        self.assertIn("mvn", component["build"]["command"])
        self.assertIn("package", component["build"]["command"])
        self.assertIn("src/main/java/**/*.java", component["build"]["watch"])
        self.assertIn("pom.xml", component["build"]["watch"])

    def test_least_privilege(self):
        [component] = self.manifest["component"].values()
        self.assertEqual([], component["allowed_outbound_hosts"])
        for granted in ("files", "environment", "variables", "key_value_stores",
                        "sqlite_databases", "ai_models"):
            self.assertNotIn(granted, component)
        self.assertNotIn("variables", self.manifest)


class SpinComponentTest(unittest.TestCase):
    """The module wrapped as Spin 3+ wraps it, then run in the wasmtime engine per request."""

    @classmethod
    def setUpClass(cls):
        cls.work = pathlib.Path(tempfile.mkdtemp(prefix="moscow-time-spin-"))
        componentize(MODULE, cls.work / "component.wasm")
        cls.component = wasmtime.component.Component.from_file(ENGINE, str(cls.work / "component.wasm"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work)

    def request(self, method, path, body=b"", headers=()):
        argv, env = spin_request(method, path, body_length=len(body), headers=headers)
        run = run_component(self.component, argv, env, body)
        self.assertIsNone(run.trap, run.trap)
        self.assertEqual(0, run.exit_code, run.stderr)
        return wagi_reply(run)

    def assertJsonHeaders(self, reply):
        for name, value in JSON_HEADERS.items():
            self.assertEqual(value, reply.headers.get(name), name)

    def test_get_root_is_the_time(self):
        before = int(time.time())
        reply = self.request("GET", "/")
        after = int(time.time())
        self.assertEqual(200, reply.status)
        self.assertJsonHeaders(reply)
        match = ONCE_JSON.match(reply.body)
        self.assertIsNotNone(match, reply.body)
        self.assertTrue(before <= int(match.group(2)) <= after)

    def test_head_root_has_the_headers_and_no_body(self):
        reply = self.request("HEAD", "/")
        self.assertEqual(200, reply.status)
        self.assertJsonHeaders(reply)
        self.assertEqual(b"", reply.body)

    def test_healthz(self):
        reply = self.request("GET", "/healthz")
        self.assertEqual((200, b'{"status":"ok"}\n'), (reply.status, reply.body))
        self.assertJsonHeaders(reply)

    def test_unknown_path_is_a_json_404(self):
        reply = self.request("GET", "/nope")
        self.assertEqual(404, reply.status)
        self.assertJsonHeaders(reply)
        self.assertEqual(b'{"error":"not found","status":404}\n', reply.body)

    def test_post_with_a_1_mib_body_is_a_405(self):
        reply = self.request("POST", "/", body=b"x" * (1 << 20))
        self.assertEqual(405, reply.status)
        self.assertEqual("GET, HEAD", reply.headers.get("allow"))
        self.assertJsonHeaders(reply)

    def test_40_kb_of_headers(self):
        headers = [(f"X-Padding-{i}", "v" * 990) for i in range(40)]
        reply = self.request("GET", "/healthz", headers=headers)
        self.assertEqual((200, b'{"status":"ok"}\n'), (reply.status, reply.body))


if __name__ == "__main__":
    unittest.main()
