package moscowtime.wasi;

import moscowtime.core.ExitCode;
import moscowtime.core.Host;
import moscowtime.core.HostException;
import org.teavm.interop.Address;

/** The program's host under WASI Preview 1: environment, clock and stdio, and no sockets. */
final class WasiHost implements Host {
  /**
   * {@code NAME=value} entries, each ending in NUL, exactly as {@code environ_get} returns them.
   */
  private byte[] environ;

  @Override
  public String get(String name) {
    byte[] env = environ();
    int start = 0;
    for (int i = 0; i < env.length; i++) {
      if (env[i] != 0) {
        continue;
      }
      if (hasName(env, start, i, name)) {
        return latin1(env, start + name.length() + 1, i);
      }
      start = i + 1;
    }
    return null;
  }

  /** Read on first use, never from a static initialiser: WASI is not wired up yet at that point. */
  private byte[] environ() {
    if (environ == null) {
      int[] sizes = new int[2];
      int errno = Wasi.environSizesGet(Address.ofData(sizes), Address.ofData(sizes).add(4));
      if (errno == 0) {
        int[] pointers = new int[sizes[0]];
        byte[] buffer = new byte[sizes[1]];
        errno = Wasi.environGet(Address.ofData(pointers), Address.ofData(buffer));
        if (errno == 0) {
          environ = buffer;
        }
      }
      if (errno != 0) {
        throw failure("cannot read the environment", errno);
      }
    }
    return environ;
  }

  private static boolean hasName(byte[] env, int start, int end, String name) {
    int length = name.length();
    if (end - start <= length || env[start + length] != '=') {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (env[start + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Bytes to chars one for one. The values the program acts on are ASCII; anything else only has to
   * fail to match, and this decoding cannot fail.
   */
  private static String latin1(byte[] bytes, int from, int to) {
    char[] chars = new char[to - from];
    for (int i = from; i < to; i++) {
      chars[i - from] = (char) (bytes[i] & 0xff);
    }
    return new String(chars);
  }

  @Override
  public long epochSeconds() {
    // Hosts insist on an 8-byte-aligned timestamp; array data is only 4-byte aligned, so take room
    // for two longs and align inside it.
    long[] room = new long[2];
    Address nanos = Address.align(Address.ofData(room), 8);
    int errno = Wasi.clockTimeGet(Wasi.CLOCK_REALTIME, 1_000_000L, nanos);
    if (errno != 0) {
      throw failure("the real-time clock is unavailable", errno);
    }
    // An unsigned 64-bit count of nanoseconds.
    return Long.divideUnsigned(nanos.getLong(), 1_000_000_000L);
  }

  @Override
  public void writeStdout(String ascii) {
    int errno = write(Wasi.STDOUT, ascii);
    if (errno != 0) {
      throw failure("cannot write to stdout", errno);
    }
  }

  @Override
  public void log(String message) {
    write(Wasi.STDERR, "moscow-time: " + message + "\n");
  }

  @Override
  public int serve() {
    log(
        "server mode needs sockets, which WASI Preview 1 does not have. "
            + "Run with MODE=once to print the time, or serve it over HTTP with `spin up` (WAGI).");
    return ExitCode.USAGE;
  }

  /**
   * Writes every byte, retrying short writes; returns 0 or the first WASI errno. A write that makes
   * no progress is an error too, so this cannot spin forever.
   */
  private static int write(int fd, String ascii) {
    byte[] bytes = new byte[ascii.length()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) ascii.charAt(i);
    }
    int[] iovec = new int[2];
    int[] written = new int[1];
    int offset = 0;
    while (offset < bytes.length) {
      iovec[0] = Address.ofData(bytes).add(offset).toInt();
      iovec[1] = bytes.length - offset;
      int errno = Wasi.fdWrite(fd, Address.ofData(iovec), 1, Address.ofData(written));
      if (errno != 0) {
        return errno;
      }
      if (written[0] <= 0) {
        return ERRNO_IO;
      }
      offset += written[0];
    }
    return 0;
  }

  private static final int ERRNO_IO = 29;

  private static HostException failure(String what, int errno) {
    return new HostException(what + " (WASI errno " + errno + ")");
  }
}
