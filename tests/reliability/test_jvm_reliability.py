"""The JVM service under load, malformed traffic and SIGTERM: the built jar on the jlink runtime
with the options the image uses (build/jvm.options), on 127.0.0.1, every loop bounded."""

import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import time
import unittest

from support import JAR, ROOT, TARGET, build

LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "30"))
RUNTIME = TARGET / "jlink"


def java():
    if not (RUNTIME / "bin" / "java").exists():
        build("build/jlink-runtime", str(JAR), str(RUNTIME))
    return str(RUNTIME / "bin" / "java")


class Server:
    def __init__(self):
        env = {k: v for k, v in os.environ.items() if k not in ("MODE", "REQUEST_METHOD")}
        env["PORT"] = "0"
        self.process = subprocess.Popen([java(), "@build/jvm.options", "-jar", str(JAR)], cwd=ROOT,
                                        env=env, stderr=subprocess.PIPE, text=True)
        line = self.process.stderr.readline()
        match = re.fullmatch(r"moscow-time: listening on port (\d+)\n", line)
        if not match:
            self.process.kill()
            raise AssertionError(f"no listening line: {line!r}")
        self.port = int(match.group(1))

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            fields = dict(line.split(":", 1) for line in f)
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.process.stderr.close()


def wrk(port, connections, seconds, path="/"):
    return subprocess.Popen(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
                             f"http://127.0.0.1:{port}{path}"], stdout=subprocess.PIPE, text=True)


def wrk_result(process):
    out, _ = process.communicate(timeout=LOAD_SECONDS + 60)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "errors": dict(zip(("connect", "read", "write", "timeout"), map(int, errors.groups())))
            if errors else {}, "non2xx": int(non2xx.group(1)) if non2xx else 0, "text": out}


def exchange(port, data, timeout=12.0, read=True):
    """Sends raw bytes; returns (first response line or None, seconds until an answer or close)."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except OSError:
            return None, time.monotonic() - started
        if not read:
            return None, 0.0
        received = b""
        try:
            while b"\r\n" not in received:
                chunk = s.recv(4096)
                if not chunk:
                    break
                received += chunk
        except socket.timeout:
            return "TIMEOUT", time.monotonic() - started
        except OSError:
            pass  # reset: a closed connection
    line = received.split(b"\r\n", 1)[0].decode("latin-1") if received else None
    return line, time.monotonic() - started


def status_of(line):
    return int(line.split()[1]) if line and line.startswith("HTTP/1.1 ") else None


@unittest.skipUnless(shutil.which("wrk"), "wrk is not installed (Debian: apt-get install wrk)")
class JvmReliabilityTest(unittest.TestCase):
    def setUp(self):
        self.server = Server()

    def tearDown(self):
        self.server.close()

    def assertValidRequestStillWorks(self):
        line, _ = exchange(self.server.port, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertEqual(200, status_of(line), line)

    def test_load_256_connections_no_errors(self):
        before, _ = self.server.rss_kib()
        result = wrk_result(wrk(self.server.port, 256, LOAD_SECONDS))
        after, peak = self.server.rss_kib()
        print(f"\nload: {LOAD_SECONDS} s, 256 connections: {result['requests']} requests, "
              f"{result['rps']:.0f}/s, socket errors {result['errors'] or 0}, non-2xx "
              f"{result['non2xx']}; RSS {before} KiB before, {after} KiB after, {peak} KiB peak")
        self.assertGreater(result["requests"], 0)
        self.assertEqual(0, result["non2xx"], result["text"])
        self.assertEqual(0, sum(result["errors"].values()), result["text"])

    def test_malformed_traffic_under_load(self):
        load = wrk(self.server.port, 32, 40)
        time.sleep(1)
        port = self.server.port
        probes = {
            "garbage bytes": b"\x00\xff\xfe\x16\x03\x01garbage\r\n\r\n",
            "an HTTP/0.9 request line": b"GET /\r\n",
            "a 64 KB request line": b"GET /" + b"a" * 65536 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
            "1,000 headers": b"GET / HTTP/1.1\r\nHost: x\r\n"
            + b"".join(b"X-H%d: v\r\n" % i for i in range(1000)) + b"\r\n",
            "headers that never finish (slowloris)": b"GET / HTTP/1.1\r\nHost: x\r\nX-A: ",
            "a body that never finishes": b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000"
            b"\r\n\r\nabc",
        }
        for name, data in probes.items():
            with self.subTest(name):
                line, seconds = exchange(port, data)
                status = status_of(line)
                self.assertNotEqual("TIMEOUT", line, f"{name}: no answer and no close in 12 s")
                self.assertTrue(line is None or (status is not None and 400 <= status < 500),
                                f"{name}: {line!r}")
                print(f"\n{name}: {line or 'connection closed'} after {seconds:.2f} s")
                self.assertValidRequestStillWorks()
        # A client that goes away mid-response: ask, then reset the connection at once.
        for _ in range(50):
            with socket.create_connection(("127.0.0.1", port)) as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertValidRequestStillWorks()
        load.send_signal(signal.SIGINT)
        result = wrk_result(load)
        self.assertEqual(0, result["non2xx"], result["text"])
        self.assertEqual(0, sum(result["errors"].values()), result["text"])

    def test_sigterm_under_load_exits_0_within_2_seconds(self):
        load = wrk(self.server.port, 64, 10)
        time.sleep(2)
        started = time.monotonic()
        self.server.process.send_signal(signal.SIGTERM)
        code = self.server.process.wait(timeout=10)
        elapsed = time.monotonic() - started
        result = wrk_result(load)
        print(f"\nSIGTERM under load: exit {code} after {elapsed:.2f} s; wrk saw "
              f"{result['requests']} requests, non-2xx {result['non2xx']}")
        self.assertEqual(0, code)
        self.assertLess(elapsed, 2.0)
        self.assertEqual(0, result["non2xx"], result["text"])
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", self.server.port), timeout=2).close()
        self.assertIn("moscow-time: stopped", self.server.process.stderr.read())


if __name__ == "__main__":
    unittest.main()
