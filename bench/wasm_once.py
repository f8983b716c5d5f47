"""Runs a WASI module once (MODE=once) in the wasmtime engine, as `wasmtime --env MODE=once` would:
the process whose peak RSS the benchmark reports. With no module it only loads the engine (the
harness floor).    python3 bench/wasm_once.py [MODULE]"""

import sys

import wasmtime

if len(sys.argv) > 1:
    engine = wasmtime.Engine()
    module = wasmtime.Module.from_file(engine, sys.argv[1])
    store = wasmtime.Store(engine)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    config = wasmtime.WasiConfig()
    config.env = [("MODE", "once")]
    config.inherit_stdout()
    store.set_wasi(config)
    linker.instantiate(store, module).exports(store)["_start"](store)
