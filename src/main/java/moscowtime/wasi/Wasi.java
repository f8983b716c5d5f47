package moscowtime.wasi;

import org.teavm.interop.Address;
import org.teavm.interop.Import;

/**
 * The WASI Preview 1 functions this program calls itself: TeaVM's runtime neither exposes the
 * environment nor reports clock and write errors. Pointers come from {@link Address#ofData}, which
 * stays valid only until the next allocation: callers take it last, just before the call.
 *
 * <p>TeaVM's runtime already imports {@code clock_time_get} and {@code fd_write}, and a second
 * {@code @Import} of the same name fails the build ("already defined in this module"), so those two
 * go through TeaVM's own declarations. That ties this class to TeaVM 0.10.x, the last line with a
 * WASI target.
 */
final class Wasi {
  static final int CLOCK_REALTIME = 0;
  static final int STDOUT = 1;
  static final int STDERR = 2;

  private Wasi() {}

  @Import(module = "wasi_snapshot_preview1", name = "environ_sizes_get")
  static native int environSizesGet(Address count, Address bufferSize);

  @Import(module = "wasi_snapshot_preview1", name = "environ_get")
  static native int environGet(Address pointers, Address buffer);

  /** {@code time} points at 8 bytes: a u64 of nanoseconds. */
  static int clockTimeGet(int clockId, long precision, Address time) {
    return org.teavm.backend.wasm.wasi.Wasi.clockTimeGet(clockId, precision, time.toStructure());
  }

  /**
   * {@code iovecs} points at {@code iovecCount} pairs of u32 (address, length); {@code written} at
   * a u32.
   */
  static int fdWrite(int fd, Address iovecs, int iovecCount, Address written) {
    return org.teavm.backend.wasm.wasi.Wasi.fdWrite(
        fd, iovecs.toStructure(), iovecCount, written.toStructure());
  }

  @Import(module = "wasi_snapshot_preview1", name = "proc_exit")
  static native void procExit(int code);
}
