"""Turns the measurements bench/run left in target/bench into docs/benchmarks.md and charts.
Every figure comes from a file written in that run; nothing is typed in by hand.

    python3 bench/report.py target/bench docs
"""

import glob
import gzip
import io
import json
import os
import pathlib
import platform
import re
import statistics
import subprocess
import sys
import tarfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]


def run(*command):
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        return (done.stdout + done.stderr).strip()
    except OSError:
        return "not installed"


def tree_size(path):
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def oci_layer_size(archive):
    with tarfile.open(archive) as tar:
        index = json.load(tar.extractfile("index.json"))
        digest = index["manifests"][0]["digest"].split(":")[1]
        manifest = json.load(tar.extractfile(f"blobs/sha256/{digest}"))
        return manifest["layers"][0]["size"], index["manifests"][0]["digest"]


def quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def parse_wrk(path):
    text = pathlib.Path(path).read_text()

    def latency(label):
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
            "p50_ms": latency("50%"), "p99_ms": latency("99%"),
            "requests": int(re.search(r"(\d+) requests in", text).group(1)),
            "errors": sum(map(int, errors.groups())) if errors else 0,
            "non2xx": int(non2xx.group(1)) if non2xx else 0}


def main(bench_dir, docs_dir):
    bench, docs = pathlib.Path(bench_dir), pathlib.Path(docs_dir)
    docs.mkdir(exist_ok=True)
    target = ROOT / "target"

    # --- sizes
    module = (target / "wasm" / "main.wasm").read_bytes()
    sizes = {"jar": (target / "moscow-time.jar").stat().st_size,
             "jlink runtime (the traditional image's payload)": tree_size(target / "jlink"),
             "main.wasm, as shipped": len(module),
             "main.wasm, gzip -9": len(gzip.compress(module, 9)),
             "main.wasm, straight from TeaVM": (target / "teavm" / "main.wasm").stat().st_size,
             "C + wasi-libc reference module": (bench / "c-reference.wasm").stat().st_size}
    archive = target / "moscow-time-wasm.oci"
    digest = "not measured here: buildah missing"
    if archive.exists():
        sizes["OCI archive (wasi/wasm)"] = archive.stat().st_size
        sizes["OCI layer (compressed)"], digest = oci_layer_size(archive)

    # --- whole-process start-up, pooled over rounds
    startup = {}
    for path in sorted(glob.glob(str(bench / "startup-*.json"))):
        for result in json.load(open(path))["results"]:
            startup.setdefault(result["command"], []).extend(result["times"])
    startup_ms = {name: {"median": statistics.median(t) * 1000, "p25": quantile(t, 0.25) * 1000,
                         "p75": quantile(t, 0.75) * 1000, "n": len(t)}
                  for name, t in startup.items()}

    rss_once = {}
    for line in (bench / "rss-once.tsv").read_text().splitlines():
        name, kb = line.split("\t")
        rss_once.setdefault(name, []).append(int(kb))

    wasm = json.load(open(bench / "wasm.json"))
    wrk = {kind: [parse_wrk(p) for p in sorted(glob.glob(str(bench / f"wrk-{kind}-*.txt")))]
           for kind in ("jvm", "nginx")}
    server_idle_kb = int((bench / "rss-server-idle-kb").read_text())
    server_peak_kb = int((bench / "rss-server-peak-kb").read_text())

    def mean(kind, key):
        return statistics.fmean(r[key] for r in wrk[kind])

    # --- targets, every ratio from pairs measured in this run
    hello = startup_ms["java -jar hello.jar"]["median"]
    opts_hello = startup_ms["java @build/jvm.options -jar hello.jar"]["median"]
    jar = startup_ms["java -jar"]["median"]
    best_jar = startup_ms["java @build/jvm.options + AppCDS -jar"]["median"]
    start_ratio = wasm["start"]["teavm"]["median_us"] / wasm["start"]["c"]["median_us"]
    rps_ratio = mean("jvm", "rps") / mean("nginx", "rps")
    p99_ratio = mean("jvm", "p99_ms") / mean("nginx", "p99_ms")
    pages = wasm["pages_after_once"]["teavm"]
    targets = [
        ("main.wasm as shipped ≤ 64 KiB", f"{len(module)} B ({len(module) / 1024:.1f} KiB)",
         len(module) <= 64 * 1024),
        ("wasm instantiate + `_start` ≤ 1.5× the C reference",
         f"{start_ratio:.2f}× ({wasm['start']['teavm']['median_us']:.0f} µs vs "
         f"{wasm['start']['c']['median_us']:.0f} µs)", start_ratio <= 1.5),
        ("wasm linear memory after a once-mode run ≤ 1 MiB",
         f"{pages} pages = {pages * 64} KiB", pages * 64 <= 1024),
        ("JVM once mode ≤ 1.0× the Java hello process (both `java -jar`, default flags)",
         f"{jar / hello:.2f}× ({jar:.1f} ms vs {hello:.1f} ms)", jar <= hello),
        ("JVM once mode, tuned (@build/jvm.options + AppCDS) ≤ 1.0× the hello process (same options)",
         f"{best_jar / opts_hello:.2f}× ({best_jar:.1f} ms vs {opts_hello:.1f} ms)",
         best_jar <= opts_hello),
        ("JVM server ≥ 0.85× nginx requests/s", f"{rps_ratio:.2f}× ({mean('jvm', 'rps'):.0f} vs "
         f"{mean('nginx', 'rps'):.0f} req/s)", rps_ratio >= 0.85),
        ("JVM server p99 ≤ 2× nginx's", f"{p99_ratio:.2f}× ({mean('jvm', 'p99_ms'):.2f} ms vs "
         f"{mean('nginx', 'p99_ms'):.2f} ms)", p99_ratio <= 2.0),
        ("JVM server peak RSS under load ≤ 64 MiB", f"{server_peak_kb / 1024:.1f} MiB",
         server_peak_kb <= 64 * 1024),
    ]

    results = {"sizes": sizes, "image_digest": digest, "startup_ms": startup_ms,
               "rss_once_kb": rss_once, "wasm": wasm, "wrk": wrk,
               "server_rss_kb": {"idle": server_idle_kb, "peak": server_peak_kb},
               "targets": [{"target": t, "measured": m, "met": ok} for t, m, ok in targets]}
    (docs / "benchmarks.json").write_text(json.dumps(results, indent=2) + "\n")
    charts(docs, sizes, startup_ms, wasm, wrk)
    (docs / "benchmarks.md").write_text(markdown(bench, results, targets))
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        readme.write_text(head + start + "\n" + headline(results) + end + rest.split(end, 1)[1])


def headline(results):
    """The README's results table: ours measured by this run, the original system's as published."""
    sizes, wasm, startup = results["sizes"], results["wasm"], results["startup_ms"]
    jvm_rps = statistics.fmean(r["rps"] for r in results["wrk"]["jvm"])
    nginx_rps = statistics.fmean(r["rps"] for r in results["wrk"]["nginx"])
    rss = results["server_rss_kb"]
    wasm_rss = statistics.median(results["rss_once_kb"]["python3 + wasmtime: main.wasm"]) / 1024
    floor_rss = statistics.median(results["rss_once_kb"]["python3 + wasmtime: engine only"]) / 1024
    oci = sizes.get("OCI archive (wasi/wasm)")
    rows = [
        ("binary", "4.4 MB", "2.3 MB `main.wasm`", f"{sizes['main.wasm, as shipped']:,} B `main.wasm`"
         f" ({sizes['main.wasm, gzip -9']:,} B gzipped)",
         f"{sizes['jar']:,} B jar + {sizes['jlink runtime (the traditional image' + chr(39) + 's payload)'] / 1e6:.1f} MB jlink runtime"),
        ("image", "4.59 MB", "840 kB (OCI archive 826 K)",
         f"{oci:,} B OCI archive, {sizes['OCI layer (compressed)']:,} B layer" if oci else "not measured here",
         "not measured here: no Docker engine to build it; its payload is the line above"),
        ("start-up, once mode", "\"0 s\", then *estimated* ~0.5 s", "10 ms (`wasmtime` CLI, 5-run mean)",
         f"{wasm['start']['teavm']['median_us']:.0f} µs instantiate + `_start` (C reference: "
         f"{wasm['start']['c']['median_us']:.0f} µs), median of {wasm['start']['teavm']['n']:,}",
         f"{startup['java -jar']['median']:.1f} ms `java -jar` (hello: "
         f"{startup['java -jar hello.jar']['median']:.1f} ms), median of {startup['java -jar']['n']}"),
        ("memory", "2.652 MiB (`docker stats`, server)", "\"N/A\"",
         f"{wasm['pages_after_once']['teavm'] * 64} KiB linear memory; {wasm_rss:.1f} MiB peak RSS of the "
         f"Python + engine process ({floor_rss:.1f} MiB of it the bare engine)",
         f"{rss['idle'] / 1024:.1f} MiB RSS idle, {rss['peak'] / 1024:.1f} MiB peak under load"),
        ("HTTP", "works (net/http, :8080)", "fails under wasmtime (\"Netdev not set\")",
         f"through Spin/WAGI: {wasm['wagi']['requests_per_second_per_core']:,.0f} requests/s per core, "
         f"a fresh instance each (p99 {wasm['wagi']['p99_us']:.0f} µs); under wasmtime alone a clear "
         "message and exit 2",
         f"{jvm_rps:,.0f} requests/s, wrk -c64 (nginx, same bytes: {nginx_rps:,.0f})"),
    ]
    lines = ["| | Go, `FROM scratch` (published) | TinyGo WASM (published) | **this: `main.wasm`** | "
             "**this: JVM service** |", "|---|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines) + "\n"


def save(fig, path):
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def median_bars(path, labels, median, p25, p75, colors, xlabel, title, height):
    """Horizontal bars of medians with the interquartile range as error bars, first row on top."""
    fig, ax = plt.subplots(figsize=(9, height))
    ax.barh(labels, median, xerr=[[m - lo for m, lo in zip(median, p25)],
                                  [hi - m for m, hi in zip(median, p75)]], color=colors)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    save(fig, path)


def charts(docs, sizes, startup_ms, wasm, wrk):
    names = list(startup_ms)
    median_bars(docs / "bench-startup.png", names,
                [startup_ms[n]["median"] for n in names], [startup_ms[n]["p25"] for n in names],
                [startup_ms[n]["p75"] for n in names],
                ["#888" if "Hello" in n or "hello.jar" in n or "engine only" in n else "#3b7dd8"
                 for n in names],
                "once mode, whole process: median wall time (ms), bars = interquartile range",
                "Start-up, whole process (grey: floors)", 4.2)

    keys = ["teavm", "c", "empty"]
    labels = {"teavm": "main.wasm (TeaVM)", "c": "C + wasi-libc", "empty": "empty _start (harness floor)"}
    start = wasm["start"]
    median_bars(docs / "bench-wasm.png", [labels[k] for k in keys],
                [start[k]["median_us"] for k in keys], [start[k]["p25_us"] for k in keys],
                [start[k]["p75_us"] for k in keys], ["#3b7dd8", "#e08a2c", "#888"],
                "fresh store + instantiate + _start, precompiled module: median (µs)",
                "WebAssembly instance start-up in the wasmtime engine", 3)

    fig, ax = plt.subplots(figsize=(9, 3.6))
    ax.barh(list(sizes), [v / 1024 for v in sizes.values()], color="#3b7dd8")
    ax.set_xscale("log")
    ax.invert_yaxis()
    ax.set_xlabel("KiB (log scale)")
    ax.set_title("Sizes")
    save(fig, docs / "bench-size.png")

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
    kinds = ["jvm", "nginx"]
    left.bar(["JVM service", "nginx static"], [statistics.fmean(r["rps"] for r in wrk[k])
                                               for k in kinds], color=["#3b7dd8", "#888"])
    left.set_title("requests/s (wrk -t2 -c64)")
    right.bar(["JVM service", "nginx static"], [statistics.fmean(r["p99_ms"] for r in wrk[k])
                                                for k in kinds], color=["#3b7dd8", "#888"])
    right.set_title("p99 latency (ms)")
    save(fig, docs / "bench-server.png")


# Why a target can be missed: the mechanism, not the figures (those are in the table above).
WHY = {
    "64 KiB": "TeaVM's runtime (GC, exception support) and the UTF-8 charset machinery that its "
              "`_start` pulls in to decode argv are most of the module; the program itself is a "
              "few KiB. binaryen is needed to get below the target (`build/optimize-wasm`).",
    "linear memory": "TeaVM 0.10.2 lays out 256 KiB of shadow stack and a heap whose minimum is "
                     "set in whole MiB (`minHeapSize` 1, the smallest that works; 0 traps), so a "
                     "TeaVM module cannot start below ~1.4 MiB. Only the pages the run touches are "
                     "committed by the host. Closing it needs a TeaVM change (sub-MiB heap, "
                     "smaller stack).",
    "hello process": "the JVM's own start-up is nearly all of it; the program adds about ten "
                     "classes of its own from the jar, the JDK's environment map and package "
                     "metadata: a few ms over printing one line. An AppCDS archive brings its "
                     "CPU time to hello's, but mapping the extra archive costs about as much "
                     "wall time as it saves. A native image would close it; no GraalVM is "
                     "available on these machines.",
    "requests/s": "wrk shares the two cores with the server, and the service renders its JSON "
                  "and Date header per request where nginx sends a cached file; "
                  "the JDK's com.sun.net.httpserver, used before, reached about a third.",
    "p99": "see requests/s: the same hand-off and allocation per request.",
    "RSS": "the heap is capped at 24 MiB (`build/jvm.options`); the rest is the JVM itself.",
}


def unique_lines(path):
    """Each distinct command once, in the order first run (rounds repeat them)."""
    seen, lines = set(), []
    for line in path.read_text().splitlines():
        line = line.replace(str(ROOT) + "/", "")
        if line not in seen:
            seen.add(line)
            lines.append(line)
    return lines


def markdown(bench, results, targets):
    sizes, startup, wasm = results["sizes"], results["startup_ms"], results["wasm"]
    java = ROOT / "target" / "jlink" / "bin" / "java"
    cpu = re.search(r"model name\s*:\s*(.*)", pathlib.Path("/proc/cpuinfo").read_text())
    mem = re.search(r"MemTotal:\s*(\d+)", pathlib.Path("/proc/meminfo").read_text())
    lines = [
        "# Benchmarks",
        "",
        "Written by `bench/run` from its own measurements; nothing here is typed in by hand. Every ratio",
        "compares variants measured in the same invocation (these machines are shared and noisy).",
        "",
        f"- run: {(bench / 'started').read_text().strip()}",
        f"- machine: {os.cpu_count()} cores ({cpu.group(1) if cpu else 'unknown CPU'}), "
        f"{int(mem.group(1)) // 1024 // 1024 if mem else '?'} GiB, Linux {platform.release()}",
        f"- JVM: {run(str(java), '-version').splitlines()[0]} (the jlink runtime of the traditional image)",
        f"- wasm engine: wasmtime (Python bindings {run('python3', '-c', 'import importlib.metadata as m; print(m.version(chr(119)+chr(97)+chr(115)+chr(109)+chr(116)+chr(105)+chr(109)+chr(101)))')})",
        f"- tools: {run('hyperfine', '--version')}, {run('wrk', '-v').splitlines()[0]}, "
        f"{run('nginx', '-v')}, {run('wasm-opt', '--version')}, {run('clang', '--version').splitlines()[0]}",
        "",
        "![sizes](bench-size.png)",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    lines += [f"| {t} | {m} | {'yes' if ok else '**no**'} |" for t, m, ok in targets]
    missed = [t for t, _, ok in targets if not ok]
    if missed:
        lines += ["", "### Where a target is missed, and why", ""]
        lines += [f"- {t}: {WHY[next(k for k in WHY if k in t)]}" for t in missed
                  if any(k in t for k in WHY)]
    lines += ["", "## Sizes", "", "| artifact | bytes |", "|---|---:|"]
    lines += [f"| {name} | {value:,} |" for name, value in sizes.items()]
    lines += ["", f"Image digest of the OCI archive: `{results['image_digest']}`.", "",
              "## Start-up, once mode, whole process", "",
              "`hyperfine -N` (no shell), `MODE=once`, rounds of all variants in turn, pooled. The Python",
              "rows run the module in the wasmtime engine inside a Python process (no wasmtime CLI is",
              "installable here), so they include Python's own start-up: compare them with the",
              "\"engine only\" floor, not with the JVM.", "",
              "![start-up](bench-startup.png)", "",
              "| variant | median ms | p25 – p75 ms | runs | peak RSS MiB (median of 5) |",
              "|---|---:|---:|---:|---:|"]
    for name, s in startup.items():
        rss = results["rss_once_kb"].get(name)
        rss_text = f"{statistics.median(rss) / 1024:.1f}" if rss else "not measured"
        lines.append(f"| `{name}` | {s['median']:.1f} | {s['p25']:.1f} – {s['p75']:.1f} | {s['n']} | {rss_text} |")
    lines += ["", "## WebAssembly in the wasmtime engine, in process", "",
              "Compile: `Module(engine, bytes)` from scratch. Start: a precompiled module, a fresh",
              "`Store` and WASI context per run, instantiate, `_start` (`MODE=once`, stdout to",
              "/dev/null); the variants alternate run by run. \"empty\" is a module whose `_start` does",
              "nothing: the cost of the harness itself.", "",
              "![wasm start-up](bench-wasm.png)", "",
              "| module | compile median ms | start median µs | p25 – p75 µs | p99 µs | linear memory after a run |",
              "|---|---:|---:|---:|---:|---:|"]
    for key, label in (("teavm", "main.wasm (TeaVM)"), ("c", "C + wasi-libc"), ("empty", "empty `_start`")):
        compile_ms = wasm["compile"].get(key, {}).get("median_us")
        start = wasm["start"][key]
        pages = wasm["pages_after_once"][key]
        lines.append(f"| {label} | {compile_ms / 1000:.1f} |" if compile_ms else f"| {label} | – |")
        lines[-1] += (f" {start['median_us']:.1f} | {start['p25_us']:.1f} – {start['p75_us']:.1f} |"
                      f" {start['p99_us']:.1f} | {pages} × 64 KiB = {pages * 64} KiB |")
    w = wasm["wagi"]
    lines += ["", "### WAGI, one request = one fresh instance (as Spin does)", "",
              f"{w['n']:,} `GET /` requests with the environment and argv Spin's WAGI executor sends, one",
              "after another on one core, each a fresh store + instantiate + `_start`:", "",
              "| median µs | p99 µs | requests/s per core |", "|---:|---:|---:|",
              f"| {w['median_us']:.1f} | {w['p99_us']:.1f} | {w['requests_per_second_per_core']:.0f} |",
              "", "## Server mode", "",
              "`wrk -t2 -c64 --latency` on 127.0.0.1 after a 3 s warm-up of each; the JVM service",
              "(`java @build/jvm.options -jar`, on the jlink runtime) and nginx serving the same bytes and",
              "headers as a static file, alternating, two runs each. wrk shares the 2 cores with the server.",
              "", "![server](bench-server.png)", "",
              "| server | run | requests/s | p50 ms | p99 ms | requests | socket errors | non-2xx |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for kind, label in (("jvm", "JVM service"), ("nginx", "nginx static file")):
        for i, r in enumerate(results["wrk"][kind], 1):
            lines.append(f"| {label} | {i} | {r['rps']:.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} |"
                         f" {r['requests']:,} | {r['errors']} | {r['non2xx']} |")
    rss = results["server_rss_kb"]
    lines += ["", f"JVM service RSS: {rss['idle'] / 1024:.1f} MiB idle after start-up, "
                  f"{rss['peak'] / 1024:.1f} MiB peak (VmHWM) after the load.", "",
              "## Commands", "", "```sh", "bench/run          # bench/run --install first on a new machine",
              "```", "", "`bench/run` builds everything, then runs, in this order: `hyperfine` over the",
              "variants above; `/usr/bin/time -f %M` for peak RSS; `bench/wasm_bench.py` in the wasmtime",
              "engine; the JVM server and nginx (`bench/nginx.conf.in`) under `wrk`. Raw outputs stay in",
              "`target/bench/`, and every figure of this page is in `docs/benchmarks.json`. Exactly what",
              "it ran (paths relative to the repository; `MODE=once` was set for the start-up rows):", "",
              "```"] + unique_lines(bench / "commands.txt") + ["```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main(*sys.argv[1:])
