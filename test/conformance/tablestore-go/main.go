// Command ots-go-conformance drives a Tablestore endpoint with the official Go SDK and prints what it saw as
// normalized JSON lines (format: test/conformance/README.md). otsync uses it as an independent client to prove
// that its local Tablestore server speaks the real protocol.
//
//	OTS_ENDPOINT=http://127.0.0.1:8801 OTS_INSTANCE=otsync OTS_ACCESS_KEY_ID=id OTS_ACCESS_KEY_SECRET=secret \
//	OTS_TABLE=conformance_go ots-go-conformance write
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/aliyun/aliyun-tablestore-go-sdk/tablestore"
)

const programName = "ots-go-conformance"

const usage = `Usage: ots-go-conformance <subcommand>

Drives a Tablestore endpoint with the official Go SDK and prints normalized JSON lines
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
`

// config is everything the subcommands read from the environment.
type config struct {
	endpoint, instance, accessKeyID, accessKeySecret, table string
	baseTimestampMs                                         *int64
	streamRecordLimit                                       *int32
	streamStartTimeUs                                       *int64
}

// usageError is bad usage or environment: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) (status int) {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		fmt.Fprintf(stderr, "\n%s: error: no subcommand given\n", programName)
		return 2
	}
	sub := args[0]
	if sub == "help" || sub == "-h" || sub == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	var action func(*tablestore.TableStoreClient, *config, *jsonLines) error
	switch sub {
	case "write":
		action = runWrite
	case "read-stream":
		action = runReadStream
	case "rows":
		action = runRows
	default:
		fmt.Fprint(stderr, usage)
		fmt.Fprintf(stderr, "\n%s: error: unknown subcommand %q\n", programName, sub)
		return 2
	}
	if len(args) > 1 {
		fmt.Fprintf(stderr, "%s: error: %s takes no arguments (configuration comes from OTS_* variables); got %q\n",
			programName, sub, strings.Join(args[1:], " "))
		return 2
	}
	cfg, err := loadConfig()
	if err != nil {
		fmt.Fprintf(stderr, "%s %s: error: %v\n", programName, sub, err)
		return 2
	}
	out := newJSONLines(stdout)
	// The SDK reports some protocol violations (a missing required field, a malformed PlainBuffer) by panicking;
	// for a conformance client that is a failed check, not a crash to hide.
	defer func() {
		if r := recover(); r != nil {
			out.flush()
			fmt.Fprintf(stderr, "%s %s: error: the Go SDK panicked (the server's response broke an SDK assumption): %v\n%s",
				programName, sub, r, debug.Stack())
			status = 1
		}
	}()
	client := tablestore.NewClient(cfg.endpoint, cfg.instance, cfg.accessKeyID, cfg.accessKeySecret)
	err = action(client, cfg, out)
	out.flush()
	if err != nil {
		fmt.Fprintf(stderr, "%s %s: error: %v\n", programName, sub, err)
		return 1
	}
	return 0
}

func loadConfig() (*config, error) {
	required := []string{"OTS_ENDPOINT", "OTS_INSTANCE", "OTS_ACCESS_KEY_ID", "OTS_ACCESS_KEY_SECRET", "OTS_TABLE"}
	values := map[string]string{}
	var missing []string
	for _, name := range required {
		v := os.Getenv(name)
		if v == "" {
			missing = append(missing, name)
		}
		values[name] = v
	}
	if len(missing) > 0 {
		return nil, &usageError{fmt.Sprintf("missing environment variable(s): %s (run '%s help')",
			strings.Join(missing, ", "), programName)}
	}
	cfg := &config{
		endpoint:        values["OTS_ENDPOINT"],
		instance:        values["OTS_INSTANCE"],
		accessKeyID:     values["OTS_ACCESS_KEY_ID"],
		accessKeySecret: values["OTS_ACCESS_KEY_SECRET"],
		table:           values["OTS_TABLE"],
	}
	if v := os.Getenv("OTS_BASE_TIMESTAMP_MS"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return nil, &usageError{fmt.Sprintf("OTS_BASE_TIMESTAMP_MS must be a positive integer (ms), got %q", v)}
		}
		cfg.baseTimestampMs = &n
	}
	if v := os.Getenv("OTS_STREAM_RECORD_LIMIT"); v != "" {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n <= 0 {
			return nil, &usageError{fmt.Sprintf("OTS_STREAM_RECORD_LIMIT must be a positive 32-bit integer, got %q", v)}
		}
		n32 := int32(n)
		cfg.streamRecordLimit = &n32
	}
	if v := os.Getenv("OTS_STREAM_START_TIME_US"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return nil, &usageError{fmt.Sprintf("OTS_STREAM_START_TIME_US must be a non-negative integer (µs), got %q", v)}
		}
		cfg.streamStartTimeUs = &n
	}
	return cfg, nil
}

// jsonLines writes one compact JSON value per line, exactly as given (no HTML escaping).
type jsonLines struct {
	w   *bufio.Writer
	enc *json.Encoder
}

func newJSONLines(w io.Writer) *jsonLines {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &jsonLines{w: bw, enc: enc}
}

func (j *jsonLines) emit(v interface{}) error { return j.enc.Encode(v) }

func (j *jsonLines) flush() { _ = j.w.Flush() }
