package dev.otsync.conformance;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.TableStoreException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ots-java-conformance: drives a Tablestore endpoint with the official Java SDK (response signature and checksum
 * verification left at their defaults, ON) and prints what it saw as normalized JSON lines, the same format and
 * the same workload as the Go client (test/conformance/README.md).
 *
 * <pre>
 * OTS_ENDPOINT=http://127.0.0.1:8801 OTS_INSTANCE=otsync OTS_ACCESS_KEY_ID=id OTS_ACCESS_KEY_SECRET=secret \
 * OTS_TABLE=conformance_java java -jar ots-java-conformance.jar write
 * </pre>
 */
public final class Main {
  static final String PROGRAM = "ots-java-conformance";

  static final String USAGE =
      """
      Usage: ots-java-conformance <subcommand>    (java -jar ots-java-conformance.jar <subcommand>)

      Drives a Tablestore endpoint with the official Java SDK and prints normalized JSON lines
      (format: test/conformance/README.md in the otsync repository).

      Subcommands:
        write         create OTS_TABLE with a stream (PK: pk STRING, seq INTEGER; stream expiration 24 h),
                      run the fixed workload and print one JSON summary line
        read-stream   ListStream, DescribeStream (all pages), then every shard, parents first,
                      until caught up or closed; one JSON line per stream record
        rows          GetRow, GetRange (forward and backward, paged) and BatchGetRow over OTS_TABLE;
                      one JSON line per call or page
        help          print this text

      Required environment:
        OTS_ENDPOINT            e.g. http://127.0.0.1:8801
        OTS_INSTANCE            instance name
        OTS_ACCESS_KEY_ID       AccessKey id
        OTS_ACCESS_KEY_SECRET   AccessKey secret
        OTS_TABLE               table name

      Optional environment:
        OTS_BASE_TIMESTAMP_MS     write: base of the explicit cell timestamps, ms (default: now, whole seconds)
        OTS_STREAM_RECORD_LIMIT   read-stream: GetStreamRecord limit (default: not sent, the server decides)
        OTS_STREAM_START_TIME_US  read-stream: GetShardIterator timestamp in µs (default: not sent, oldest record)

      Exit status: 0 success, 1 a Tablestore call failed or returned something unexpected, 2 bad usage or environment.
      """;

  /** Bad usage or environment: exit status 2. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /** The server answered, but not as the workload expects: exit status 1. */
  static final class CheckFailed extends RuntimeException {
    CheckFailed(String message) {
      super(message);
    }
  }

  /** Everything the subcommands read from the environment. */
  record Config(
      String endpoint,
      String instance,
      String accessKeyId,
      String accessKeySecret,
      String table,
      Long baseTimestampMs,
      Integer streamRecordLimit,
      Long streamStartTimeUs) {}

  /** Writes one JSON value per line to stdout, in UTF-8 whatever the locale. */
  static final class Out {
    private final PrintStream stream;

    Out(PrintStream stream) {
      this.stream = stream;
    }

    void emit(Object value) {
      stream.print(Json.write(value));
      stream.print('\n');
    }

    void flush() {
      stream.flush();
    }
  }

  private Main() {}

  public static void main(String[] args) {
    PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int status = run(args, stdout, stderr);
    stdout.flush();
    stderr.flush();
    // The SDK's I/O threads are not daemons; leave no doubt about when the process ends.
    System.exit(status);
  }

  static int run(String[] args, PrintStream stdout, PrintStream stderr) {
    if (args.length == 0) {
      stderr.print(USAGE);
      stderr.println();
      stderr.println(PROGRAM + ": error: no subcommand given");
      return 2;
    }
    String sub = args[0];
    if (sub.equals("help") || sub.equals("-h") || sub.equals("--help")) {
      stdout.print(USAGE);
      return 0;
    }
    if (!sub.equals("write") && !sub.equals("read-stream") && !sub.equals("rows")) {
      stderr.print(USAGE);
      stderr.println();
      stderr.println(PROGRAM + ": error: unknown subcommand \"" + sub + "\"");
      return 2;
    }
    if (args.length > 1) {
      stderr.println(
          PROGRAM
              + ": error: "
              + sub
              + " takes no arguments (configuration comes from OTS_* variables); got \""
              + String.join(" ", List.of(args).subList(1, args.length))
              + "\"");
      return 2;
    }
    Config cfg;
    try {
      cfg = loadConfig();
    } catch (UsageException e) {
      stderr.println(PROGRAM + " " + sub + ": error: " + e.getMessage());
      return 2;
    }
    Out out = new Out(stdout);
    SyncClient client = null;
    try {
      client = new SyncClient(cfg.endpoint(), cfg.accessKeyId(), cfg.accessKeySecret(), cfg.instance());
      switch (sub) {
        case "write" -> WriteWorkload.run(client, cfg, out);
        case "read-stream" -> StreamRead.run(client, cfg, out);
        default -> RowsRead.run(client, cfg, out);
      }
      out.flush();
      return 0;
    } catch (TableStoreException e) {
      out.flush();
      stderr.println(
          PROGRAM
              + " "
              + sub
              + ": error: the server returned an error: code="
              + e.getErrorCode()
              + " httpStatus="
              + e.getHttpStatus()
              + " requestId="
              + e.getRequestId()
              + " message="
              + e.getMessage());
      return 1;
    } catch (ClientException e) {
      out.flush();
      // Raised by the SDK itself, e.g. a response signature, checksum or required field it could not verify.
      stderr.println(PROGRAM + " " + sub + ": error: the Java SDK rejected the exchange: " + e.getMessage());
      e.printStackTrace(stderr);
      return 1;
    } catch (CheckFailed e) {
      out.flush();
      stderr.println(PROGRAM + " " + sub + ": error: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      out.flush();
      stderr.println(PROGRAM + " " + sub + ": error: unexpected exception: " + e);
      e.printStackTrace(stderr);
      return 1;
    } finally {
      if (client != null) {
        client.shutdown();
      }
    }
  }

  static Config loadConfig() throws UsageException {
    String[] required = {"OTS_ENDPOINT", "OTS_INSTANCE", "OTS_ACCESS_KEY_ID", "OTS_ACCESS_KEY_SECRET", "OTS_TABLE"};
    List<String> missing = new ArrayList<>();
    for (String name : required) {
      String v = System.getenv(name);
      if (v == null || v.isEmpty()) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new UsageException(
          "missing environment variable(s): " + String.join(", ", missing) + " (run '" + PROGRAM + " help')");
    }
    Long base = optionalLong("OTS_BASE_TIMESTAMP_MS", 1, "a positive integer (ms)");
    Long limit = optionalLong("OTS_STREAM_RECORD_LIMIT", 1, "a positive 32-bit integer");
    if (limit != null && limit > Integer.MAX_VALUE) {
      throw new UsageException("OTS_STREAM_RECORD_LIMIT must be a positive 32-bit integer, got \"" + limit + "\"");
    }
    Long start = optionalLong("OTS_STREAM_START_TIME_US", 0, "a non-negative integer (µs)");
    return new Config(
        System.getenv("OTS_ENDPOINT"),
        System.getenv("OTS_INSTANCE"),
        System.getenv("OTS_ACCESS_KEY_ID"),
        System.getenv("OTS_ACCESS_KEY_SECRET"),
        System.getenv("OTS_TABLE"),
        base,
        limit == null ? null : limit.intValue(),
        start);
  }

  private static Long optionalLong(String name, long min, String what) throws UsageException {
    String v = System.getenv(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      long n = Long.parseLong(v);
      if (n < min) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be " + what + ", got \"" + v + "\"");
    }
  }
}
