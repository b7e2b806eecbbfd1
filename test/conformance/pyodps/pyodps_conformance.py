"""pyodps conformance client: Alibaba's official Python MaxCompute SDK against a MaxCompute endpoint.

Run with the conformance venv's python (test/conformance/python.ts builds it; pyodps is pinned there):

    python pyodps_conformance.py workload                  # the full pass below; one JSON summary on stdout
    python pyodps_conformance.py read TABLE [PARTITION]    # every row of a table or partition, as JSON
    python pyodps_conformance.py write-rows TABLE N [--partition pt=x] [--overwrite] [--compress]
                                            [--block-rows R]   # N generated rows; prints the elapsed seconds

Environment:
    MAXCOMPUTE_ENDPOINT           service (REST) endpoint, e.g. http://127.0.0.1:8803/api
    MAXCOMPUTE_TUNNEL_ENDPOINT    Tunnel endpoint, e.g. http://127.0.0.1:8803 (given, so pyodps skips discovery)
    MAXCOMPUTE_PROJECT            an existing project
    MAXCOMPUTE_ACCESS_KEY_ID, MAXCOMPUTE_ACCESS_KEY_SECRET
    MAXCOMPUTE_REGION             optional; when set (e.g. cn-hangzhou) pyodps signs its service calls with the V4
                                  signature (spec 2.2); its Tunnel calls stay classic. Unset: classic everywhere.
    MAXCOMPUTE_TABLE              workload: the table to create (default "pyodps_conformance"); one per run
    PYODPS_IMPL                   "c" (default: pyodps's compiled record writer/reader, CRC and converters, what a
                                  pip install uses) or "py" (its pure-Python code paths, the ones the spec was
                                  verified with; the compiled modules are hidden from the import system)

Values are converted with options.local_timezone = False: a naive DATETIME means UTC, so every run is independent
of the machine's zone. Printed cells are null or [python type, value]: int and Decimal as decimal strings, float as
a JSON number ("NaN"/"Infinity"/"-Infinity" as strings), datetime as "YYYY-MM-DDTHH:MM:SS.mmmZ", bytes as base64.

Every HTTP exchange pyodps makes is recorded (method, path, query names, signature form, status, encodings) and
printed under "calls", so a test can check what this pyodps version sends (spec 3.4) and that compression really
happened on the wire.

Exit status: 0 success (stdout: one JSON object); 1 a call failed or an answer broke an expectation (stderr names
the step and why); 2 bad usage or environment.
"""

import argparse
import base64
import datetime as dt
import decimal
import importlib.abc
import json
import math
import os
import sys
import time
import traceback
from urllib.parse import parse_qsl, urlsplit


class _HideCompiled(importlib.abc.MetaPathFinder):
    """Makes pyodps's compiled modules (odps.*_c) unimportable, so it falls back to its pure-Python paths."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.startswith("odps.") and fullname.endswith("_c"):
            raise ImportError("hidden by pyodps_conformance (PYODPS_IMPL=py): " + fullname)
        return None


IMPL = os.environ.get("PYODPS_IMPL", "c") or "c"
if IMPL not in ("c", "py"):
    sys.stderr.write("pyodps_conformance: PYODPS_IMPL must be c or py\n")
    sys.exit(2)
if IMPL == "py":
    sys.meta_path.insert(0, _HideCompiled())

import requests  # noqa: E402  (after the import hook above)

import odps  # noqa: E402
from odps import ODPS, options  # noqa: E402
from odps.tunnel import TableTunnel  # noqa: E402

options.local_timezone = False  # naive DATETIME values are UTC
options.retry_times = 0  # a failing call should fail the step, not be retried quietly
if IMPL == "py":
    # pyodps 0.13.2's pure-Python Record decodes every bytes value as UTF-8 (types._cast_primitive_value) unless
    # string_as_binary is on, so BINARY values that are not UTF-8 fail on the client before any request. With it on,
    # STRING values come back as bytes too; record_cells decodes those by column type.
    options.tunnel.string_as_binary = True

ODPS2_HINTS = {"odps.sql.type.system.odps2": "true"}

# The workload's table: one column per type the writer targets (spec 7.3), partitioned by a string.
COLUMNS = [
    ("id", "bigint"),
    ("name", "string"),
    ("score", "double"),
    ("flag", "boolean"),
    ("ts", "datetime"),
    ("amount", "decimal(18,3)"),
    ("payload", "binary"),
]
PARTITION_KEYS = [("pt", "string")]


def utc(*args):
    return dt.datetime(*args)


D = decimal.Decimal

# Block 0 and block 1 of the first session. Extremes: ±(2^63-1), the smallest subnormal double, a DATETIME before
# the epoch (negative milliseconds), the largest DECIMAL(18,3), every byte value, non-ASCII text, an all-NULL row.
ROWS_BLOCK0 = [
    [1, "alice", 1.5, True, utc(2024, 3, 15, 2, 10, 0, 123000), D("12345.678"), b"\x00\x01\xfe\xff"],
    [-9223372036854775807, "zo\u00eb \u2603 \u96ea", -0.25, False, utc(1970, 1, 1), D("-0.001"), b""],
]
ROWS_BLOCK1 = [
    [3, None, None, None, None, None, None],
    [
        9223372036854775807,
        "",
        5e-324,
        True,
        utc(1969, 12, 31, 23, 59, 59, 999000),
        D("999999999999999.999"),
        bytes(range(256)),
    ],
]
# Written first as block 1, then replaced by ROWS_BLOCK1 in the same session: must not survive the commit.
ROWS_REPLACED = [[999, "replaced", 0.0, False, utc(2000, 1, 1), D("9.999"), b"x"]]
ROWS_OVERWRITE = [[5, "overwritten", 2.0, False, utc(2025, 1, 1, 0, 0, 0, 1000), D("1.125"), b"c"]]
ROWS_APPEND = [[6, "appended", float("inf"), True, utc(2025, 6, 30, 23, 59, 59), D("-42.042"), b"\xff" * 3]]
DEFLATE_ROWS = 300


def deflate_row(i):
    """The compressed pass's rows: repetitive enough that deflate matters; NULL amounts (decimals are tested above)."""
    return [
        i,
        "deflate row %04d %s" % (i, "abc" * (i % 7)),
        i / 4.0,
        i % 3 == 0,
        utc(2024, 1, 1) + dt.timedelta(seconds=i),
        None,
        bytes([i % 256]) * 16,
    ]


class Mismatch(Exception):
    """An answer the SDK accepted but that breaks what this workload expects."""


def usage(message):
    sys.stderr.write("pyodps_conformance: %s\n" % message)
    sys.exit(2)


def require_env(*names):
    missing = [n for n in names if not os.environ.get(n)]
    if missing:
        usage("missing environment variable(s): " + ", ".join(missing))
    return [os.environ[n] for n in names]


# ---------------------------------------------------------------------------------------------------------------
# Recording the wire
# ---------------------------------------------------------------------------------------------------------------

CALLS = []
_original_send = requests.Session.send


def _recording_send(self, request, **kwargs):
    parts = urlsplit(request.url)
    auth = request.headers.get("Authorization") or ""
    credential = auth[5:].rsplit(":", 1)[0] if auth.startswith("ODPS ") else ""
    entry = {
        "method": request.method,
        "path": parts.path,
        "query": sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}),
        "signature": "v4" if "/" in credential else ("classic" if credential else "none"),
        "contentEncoding": request.headers.get("Content-Encoding"),
        "acceptEncoding": request.headers.get("Accept-Encoding"),
    }
    CALLS.append(entry)
    response = _original_send(self, request, **kwargs)
    entry["status"] = response.status_code
    entry["responseEncoding"] = response.headers.get("Content-Encoding")
    return response


requests.Session.send = _recording_send


# ---------------------------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------------------------


def cell(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, int):
        return ["int", str(value)]
    if isinstance(value, float):
        if math.isnan(value):
            return ["float", "NaN"]
        if math.isinf(value):
            return ["float", "Infinity" if value > 0 else "-Infinity"]
        return ["float", value]
    if isinstance(value, decimal.Decimal):
        return ["Decimal", str(value)]
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return ["datetime", value.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (value.microsecond // 1000)]
    if isinstance(value, (bytes, bytearray)):
        return ["bytes", base64.b64encode(bytes(value)).decode("ascii")]
    if isinstance(value, str):
        return ["str", value]
    return [type(value).__name__, str(value)]


def data_columns(table):
    return [(c.name, str(c.type).lower()) for c in table.table_schema.simple_columns]


def record_cells(record, columns):
    cells = []
    for name, type_name in columns:
        value = record[name]
        if isinstance(value, (bytes, bytearray)) and type_name == "string" and options.tunnel.string_as_binary:
            value = bytes(value).decode("utf-8")
        cells.append(cell(value))
    return cells


def error_info(err):
    return {
        "class": type(err).__name__,
        "code": getattr(err, "code", None),
        "message": str(err)[:300],
    }


# ---------------------------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------------------------


def connect(tunnel=True):
    endpoint, project, ak, sk = require_env(
        "MAXCOMPUTE_ENDPOINT", "MAXCOMPUTE_PROJECT", "MAXCOMPUTE_ACCESS_KEY_ID", "MAXCOMPUTE_ACCESS_KEY_SECRET"
    )
    kw = {}
    if tunnel:
        kw["tunnel_endpoint"] = require_env("MAXCOMPUTE_TUNNEL_ENDPOINT")[0]
    region = os.environ.get("MAXCOMPUTE_REGION")
    if region:
        kw["region_name"] = region
    return ODPS(ak, sk, project, endpoint=endpoint, **kw)


def write_block(session, block_id, rows, compress=False):
    with session.open_record_writer(block_id, compress=compress) as writer:
        for values in rows:
            record = session.new_record(list(values))
            writer.write(record)


def download(tunnel, table, partition, compress=False, start=0, count=None):
    session = tunnel.create_download_session(table, partition_spec=partition)
    total = session.count
    if count is None:
        count = total - start
    columns = data_columns(table)
    rows = []
    if count > 0:
        with session.open_record_reader(start, count, compress=compress) as reader:
            for record in reader:
                rows.append(record_cells(record, columns))
    return {"count": total, "status": session.status.value.lower(), "rows": rows}


class Steps:
    def __init__(self):
        self.name = "setup"

    def __call__(self, name):
        self.name = name
        return self


# ---------------------------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------------------------


def workload(step):
    table_name = os.environ.get("MAXCOMPUTE_TABLE") or "pyodps_conformance"
    out = {
        "pyodps": odps.__version__,
        "impl": IMPL,
        "signature": "v4" if os.environ.get("MAXCOMPUTE_REGION") else "classic",
        "table": table_name,
    }

    step("connect")
    o = connect()
    step("project")
    project = o.get_project()
    project.reload()
    out["project"] = {"name": project.name, "owner": project.owner}

    step("exist_table (before)")
    out["tableExistedBefore"] = o.exist_table(table_name)

    step("execute_sql CREATE TABLE")
    ddl = "CREATE TABLE IF NOT EXISTS %s (%s) PARTITIONED BY (%s)" % (
        table_name,
        ", ".join("%s %s" % (n, t.upper()) for n, t in COLUMNS),
        ", ".join("%s %s" % (n, t.upper()) for n, t in PARTITION_KEYS),
    )
    instance = o.execute_sql(ddl, hints=ODPS2_HINTS)
    out["createTable"] = {"successful": instance.is_successful(), "status": instance.status.value}
    step("execute_sql CREATE TABLE IF NOT EXISTS (again)")
    o.execute_sql(ddl, hints=ODPS2_HINTS)

    step("get_table")
    table = o.get_table(table_name)
    table.reload()
    schema = table.table_schema
    out["schema"] = {
        "name": table.name,
        "columns": [[c.name, str(c.type).lower()] for c in schema.simple_columns],
        "partitions": [[c.name, str(c.type).lower()] for c in schema.partitions],
    }
    out["tableExistsAfter"] = o.exist_table(table_name)

    step("create_partition")
    table.create_partition("pt=p1", if_not_exists=True)
    table.create_partition("pt=p1", if_not_exists=True)
    table.create_partition("pt=p2", if_not_exists=True)
    out["partitions"] = {
        "p1Exists": table.exist_partition("pt=p1"),
        "missingExists": table.exist_partition("pt=missing"),
        "list": sorted(str(p.partition_spec) for p in table.partitions),
    }

    tunnel = TableTunnel(o)

    step("upload session 1 (blocks 0 and 1, block 1 written twice)")
    up = tunnel.create_upload_session(table, partition_spec="pt=p1")
    out["upload"] = {
        "status": up.status.value.lower(),
        "schema": [[c.name, str(c.type).lower()] for c in up.schema.simple_columns],
    }
    write_block(up, 0, ROWS_BLOCK0)
    write_block(up, 1, ROWS_REPLACED)
    write_block(up, 1, ROWS_BLOCK1)
    out["upload"]["blocksBeforeCommit"] = sorted(int(b) for b in up.get_block_list())
    before = tunnel.create_download_session(table, partition_spec="pt=p1").count
    out["upload"]["visibleBeforeCommit"] = before
    up.commit([0, 1])

    step("write after commit")
    try:
        write_block(up, 2, ROWS_BLOCK0)
        out["writeAfterCommit"] = None
    except Exception as err:  # the SDK's error class is what is being checked
        out["writeAfterCommit"] = error_info(err)

    step("download session 1")
    out["download"] = download(tunnel, table, "pt=p1")
    step("download a row range (1, 2)")
    out["downloadRange"] = download(tunnel, table, "pt=p1", start=1, count=2)

    step("upload session 2 (overwrite=True)")
    up2 = tunnel.create_upload_session(table, partition_spec="pt=p1", overwrite=True)
    write_block(up2, 0, ROWS_OVERWRITE)
    up2.commit([0])
    out["overwrite"] = download(tunnel, table, "pt=p1")

    step("upload session 3 (append)")
    up3 = tunnel.create_upload_session(table, partition_spec="pt=p1")
    write_block(up3, 7, ROWS_APPEND)
    up3.commit([7])
    out["append"] = download(tunnel, table, "pt=p1")

    step("deflate upload and download")
    mark = len(CALLS)
    up4 = tunnel.create_upload_session(table, partition_spec="pt=p2")
    write_block(up4, 0, [deflate_row(i) for i in range(DEFLATE_ROWS)], compress=True)
    up4.commit([0])
    deflated = download(tunnel, table, "pt=p2", compress=True)
    puts = [c for c in CALLS[mark:] if c["method"] == "PUT"]
    reads = [c for c in CALLS[mark:] if c["method"] == "GET" and "data" in c["query"]]
    deflated["uploadEncodings"] = [c["contentEncoding"] for c in puts]
    deflated["downloadAcceptEncodings"] = [c["acceptEncoding"] for c in reads]
    deflated["downloadEncodings"] = [c["responseEncoding"] for c in reads]
    out["deflate"] = deflated

    step("tunnel endpoint discovery")
    discovering = connect(tunnel=False)
    discovered = TableTunnel(discovering)
    count = discovered.create_download_session(table_name, partition_spec="pt=p1").count
    out["discovery"] = {"endpoint": discovered.tunnel_rest.endpoint, "count": count}

    step("errors")
    errors = {}
    try:
        tunnel.create_upload_session(table, partition_spec="pt=missing")
        errors["missingPartition"] = None
    except Exception as err:
        errors["missingPartition"] = error_info(err)
    try:
        o.get_table("no_such_table_pyodps").reload()
        errors["missingTable"] = None
    except Exception as err:
        errors["missingTable"] = error_info(err)
    errors["missingTableExists"] = o.exist_table("no_such_table_pyodps")
    out["errors"] = errors

    out["calls"] = CALLS
    return out


def read_command(step, args):
    step("connect")
    o = connect()
    step("get_table")
    table = o.get_table(args.table)
    table.reload()
    step("download")
    result = download(TableTunnel(o), table, args.partition)
    return {
        "table": args.table,
        "partition": args.partition,
        "columns": [[c.name, str(c.type).lower()] for c in table.table_schema.simple_columns],
        "count": result["count"],
        "rows": result["rows"],
    }


def generated_value(type_name, i):
    """Row i's value for a column of this type (the write-rows generator; documented in the README)."""
    t = type_name.lower()
    if t in ("bigint", "int", "smallint", "tinyint"):
        return i % 128 if t == "tinyint" else i
    if t in ("double", "float"):
        return i + 0.5
    if t == "boolean":
        return i % 2 == 0
    if t == "datetime":
        return utc(2024, 1, 1) + dt.timedelta(milliseconds=i)
    if t.startswith("decimal"):
        return D(i) / 1000
    if t == "binary":
        return i.to_bytes(8, "little")
    if t == "string" or t.startswith("varchar") or t.startswith("char"):
        return "row-%d" % i
    raise Mismatch("write-rows cannot generate values for a %s column" % type_name)


def write_rows_command(step, args):
    step("connect")
    o = connect()
    table = o.get_table(args.table)
    table.reload()
    if args.partition:
        step("create_partition")
        table.create_partition(args.partition, if_not_exists=True)
    types = [str(c.type) for c in table.table_schema.simple_columns]
    tunnel = TableTunnel(o)
    step("upload")
    started = time.perf_counter()
    session = tunnel.create_upload_session(table, partition_spec=args.partition, overwrite=args.overwrite)
    blocks = []
    written = 0
    while written < args.rows:
        n = min(args.block_rows, args.rows - written)
        block = len(blocks)
        with session.open_record_writer(block, compress=args.compress) as writer:
            for i in range(written, written + n):
                writer.write(session.new_record([generated_value(t, i) for t in types]))
        blocks.append(block)
        written += n
    session.commit(blocks)
    seconds = time.perf_counter() - started
    return {
        "table": args.table,
        "partition": args.partition,
        "rows": written,
        "blocks": len(blocks),
        "compress": args.compress,
        "impl": IMPL,
        "seconds": seconds,
        "rowsPerSecond": written / seconds if seconds > 0 else None,
    }


def main(argv):
    parser = argparse.ArgumentParser(prog="pyodps_conformance.py")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("workload")
    read = sub.add_parser("read")
    read.add_argument("table")
    read.add_argument("partition", nargs="?")
    write = sub.add_parser("write-rows")
    write.add_argument("table")
    write.add_argument("rows", type=int)
    write.add_argument("--partition")
    write.add_argument("--overwrite", action="store_true")
    write.add_argument("--compress", action="store_true")
    write.add_argument("--block-rows", type=int, default=100000)
    try:
        args = parser.parse_args(argv)
    except SystemExit:
        sys.exit(2)
    if args.command is None:
        usage("expected a command: workload, read, write-rows")
    if args.command == "write-rows" and (args.rows < 0 or args.block_rows < 1):
        usage("write-rows: N >= 0 and --block-rows >= 1")

    step = Steps()
    try:
        if args.command == "workload":
            result = workload(step)
        elif args.command == "read":
            result = read_command(step, args)
        else:
            result = write_rows_command(step, args)
    except Exception as err:  # report any failure with the step it happened in
        sys.stderr.write(
            "pyodps_conformance %s: step '%s' failed: %s: %s\n" % (args.command, step.name, type(err).__name__, err)
        )
        traceback.print_exc(file=sys.stderr)
        if CALLS:
            sys.stderr.write("last calls: %s\n" % json.dumps(CALLS[-5:]))
        sys.exit(1)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, allow_nan=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
