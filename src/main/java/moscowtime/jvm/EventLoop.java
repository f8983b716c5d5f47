package moscowtime.jvm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import moscowtime.core.Host;
import moscowtime.core.HttpResponse;
import moscowtime.core.Routes;

/**
 * One selector thread serving many connections: reads requests, answers each from the core's
 * routes, writes without blocking. A request must arrive whole within {@link #REQUEST_MILLIS}
 * (slowloris), an idle keep-alive connection is closed after {@link #IDLE_MILLIS}.
 */
final class EventLoop implements Runnable {
  static final long REQUEST_MILLIS = 5_000;
  static final long IDLE_MILLIS = 30_000;
  private static final long SWEEP_MILLIS = 500;

  /** How long a stop waits for answers still being written before closing their connections. */
  private static final long DRAIN_MILLIS = 1_000;

  private final Host host;
  private final Selector selector;
  private final Queue<SocketChannel> arrivals = new ConcurrentLinkedQueue<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
  private final ResponseWriter writer = new ResponseWriter();
  private volatile boolean stopping;
  private long lastSweep;

  EventLoop(Host host) throws IOException {
    this.host = host;
    this.selector = Selector.open();
  }

  /** Hands over a newly accepted connection; safe from any thread. */
  void adopt(SocketChannel channel) {
    arrivals.add(channel);
    selector.wakeup();
  }

  /** Asks the loop to finish what it is writing, then close everything and return. */
  void stop() {
    stopping = true;
    selector.wakeup();
  }

  @Override
  public void run() {
    try {
      long stopDeadline = 0;
      while (true) {
        selector.select(SWEEP_MILLIS);
        registerArrivals();
        for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
          SelectionKey key = keys.next();
          keys.remove();
          serve(key);
        }
        long now = System.currentTimeMillis();
        if (stopping) {
          if (stopDeadline == 0) {
            stopDeadline = now + DRAIN_MILLIS;
          }
          if (closeIdle(now >= stopDeadline)) {
            break;
          }
        } else if (now - lastSweep >= SWEEP_MILLIS) {
          lastSweep = now;
          sweep(now);
        }
      }
    } catch (IOException e) {
      host.log("event loop failed: " + e.getMessage());
    } finally {
      for (SelectionKey key : selector.keys()) {
        close(key);
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  private void registerArrivals() throws IOException {
    for (SocketChannel channel; (channel = arrivals.poll()) != null; ) {
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ, new Connection(System.currentTimeMillis()));
    }
  }

  private void serve(SelectionKey key) {
    Connection connection = (Connection) key.attachment();
    try {
      if (key.isValid() && key.isWritable() && !flush(key, connection)) {
        return;
      }
      if (key.isValid() && key.isReadable()) {
        readAndAnswer(key, connection);
      }
    } catch (IOException | RuntimeException e) {
      close(key); // the client went away, or broke the protocol beyond an answer
    }
  }

  private void readAndAnswer(SelectionKey key, Connection connection) throws IOException {
    SocketChannel channel = (SocketChannel) key.channel();
    readBuffer.clear();
    int read = channel.read(readBuffer);
    if (read < 0) {
      close(key);
      return;
    }
    readBuffer.flip();
    long receivedAt = System.currentTimeMillis();
    connection.received(readBuffer, receivedAt);
    List<byte[]> answers = new ArrayList<>();
    while (!connection.closing) {
      connection.skipBody();
      if (connection.skip > 0) {
        break;
      }
      RequestHead head = RequestHead.parse(connection.input, connection.start, connection.end);
      if (head == null) {
        break;
      }
      long now = host.epochSeconds();
      if (head.error != null) {
        answers.add(writer.write(head.error, now, false));
        connection.closing = true;
        break;
      }
      connection.start = head.end;
      connection.skip = head.contentLength;
      HttpResponse response = Routes.handle(head.method, head.path, host);
      answers.add(writer.write(response, now, head.keepAlive));
      connection.closing = !head.keepAlive;
    }
    connection.compact(receivedAt);
    if (!answers.isEmpty()) {
      connection.queue(answers);
      flush(key, connection);
    }
  }

  /** Writes what is pending; returns true when all of it went out (and the connection lives). */
  private boolean flush(SelectionKey key, Connection connection) throws IOException {
    ByteBuffer pending = connection.output;
    if (pending != null) {
      ((SocketChannel) key.channel()).write(pending);
      if (pending.hasRemaining()) {
        key.interestOps(SelectionKey.OP_WRITE); // stop reading until the client reads
        return false;
      }
      connection.output = null;
    }
    if (connection.closing) {
      close(key);
      return false;
    }
    key.interestOps(SelectionKey.OP_READ);
    return true;
  }

  /** Closes connections past their deadline: a 408 for a request that is too slow to arrive. */
  private void sweep(long now) {
    for (SelectionKey key : selector.keys()) {
      Connection connection = (Connection) key.attachment();
      if (connection == null || now < connection.deadline()) {
        continue;
      }
      // A 408 only where no answer was given yet: not while skipping an answered request's body.
      if (connection.output == null && connection.skip == 0 && connection.hasPartialRequest()) {
        byte[] timeout =
            writer.write(
                Routes.error(408, "Request Timeout", "request not received in time"),
                host.epochSeconds(),
                false);
        try {
          ((SocketChannel) key.channel()).write(ByteBuffer.wrap(timeout));
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      close(key);
    }
  }

  /**
   * During a stop: closes connections with nothing left to write; returns true when none remain.
   */
  private boolean closeIdle(boolean force) {
    for (SelectionKey key : selector.keys()) {
      Connection connection = (Connection) key.attachment();
      if (force || connection == null || connection.output == null) {
        close(key);
      }
    }
    return selector.keys().stream().allMatch(key -> !key.isValid());
  }

  private static void close(SelectionKey key) {
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  /** What the loop keeps per connection. */
  private static final class Connection {
    byte[] input = new byte[2048];
    int start;
    int end;

    /** Body bytes of the last request still to discard. */
    long skip;

    ByteBuffer output;

    /** Close once {@link #output} is written. */
    boolean closing;

    private long requestStarted;
    private long lastActive;

    Connection(long now) {
      lastActive = now;
    }

    void received(ByteBuffer bytes, long now) {
      if (!hasPartialRequest()) {
        requestStarted = now;
      }
      lastActive = now;
      int needed = end + bytes.remaining();
      if (needed > input.length) {
        compact(now);
        needed = end + bytes.remaining();
        if (needed > input.length) {
          int cap = RequestHead.MAX_HEAD_BYTES + 64 * 1024 + 1;
          input = Arrays.copyOf(input, Math.min(cap, Math.max(needed, 2 * input.length)));
        }
      }
      int take = Math.min(bytes.remaining(), input.length - end);
      bytes.get(input, end, take);
      end += take;
    }

    void skipBody() {
      long skipped = Math.min(skip, end - start);
      start += (int) skipped;
      skip -= skipped;
    }

    /** Moves unread bytes to the front; a new request's clock starts with its first byte. */
    void compact(long now) {
      if (start > 0) {
        System.arraycopy(input, start, input, 0, end - start);
        end -= start;
        start = 0;
      }
      if (!hasPartialRequest()) {
        requestStarted = now;
      }
    }

    boolean hasPartialRequest() {
      return end > start || skip > 0;
    }

    long deadline() {
      return hasPartialRequest() ? requestStarted + REQUEST_MILLIS : lastActive + IDLE_MILLIS;
    }

    void queue(List<byte[]> answers) {
      int size = output == null ? 0 : output.remaining();
      for (byte[] answer : answers) {
        size += answer.length;
      }
      ByteBuffer joined = ByteBuffer.allocate(size);
      if (output != null) {
        joined.put(output);
      }
      for (byte[] answer : answers) {
        joined.put(answer);
      }
      output = joined.flip();
    }
  }
}
