"""oss2 conformance client: Alibaba's official Python OSS SDK against an OSS endpoint.

Run with the conformance venv's python (test/conformance/python.ts builds it; oss2 is pinned there):

    python oss2_conformance.py workload                 # the full pass below; one JSON summary on stdout
    python oss2_conformance.py write-objects            # writes three objects for another SDK to read back
    python oss2_conformance.py read-objects KEY...      # reads objects (written by another SDK) back

Environment:
    OSS_ENDPOINT            http://127.0.0.1:<port> (an IP endpoint: oss2 addresses it path style, spec 1.3)
    OSS_BUCKET              an existing bucket
    OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET
    OSS_AUTH                v1 (default: oss2.Auth) or v4 (oss2.AuthV4, region from OSS_REGION)
    OSS_REGION              cn-hangzhou or oss-cn-hangzhou (default cn-hangzhou; only used by v4)
    OSS_PREFIX              every key starts with it (default "oss2-conformance/"); use one per run

CRC checks stay ON (enable_crc=True, the SDK default): oss2 compares its own CRC-64 with the server's
x-oss-hash-crc64ecma on put, upload_part, append (with init_crc), complete, and whole-object downloads. Because
oss2 silently skips the check when the header is absent, this script additionally requires the header on every
answer that should carry it, and compares it with a CRC it computes itself.

Exit status: 0 success (stdout: one JSON object); 1 a call failed or an answer broke an expectation (stderr names
the step and why); 2 bad usage or environment.
"""

import base64
import hashlib
import json
import os
import shutil
import sys
import tempfile

import oss2
from oss2 import exceptions as oss_exceptions
from oss2 import utils as oss_utils
from oss2.models import PartInfo

KB = 1024
# CRC-64/XZ check value of b"123456789" (spec 6): proves the SDK's own CRC is the one the spec describes.
CRC64_CHECK = 11051210869376104954


class Mismatch(Exception):
    """An answer the SDK accepted but that breaks what this workload expects."""


class Runner:
    def __init__(self, label):
        self.label = label
        self.step = "setup"

    def expect(self, cond, message):
        if not cond:
            raise Mismatch(message)

    def equal(self, actual, wanted, what):
        if actual != wanted:
            raise Mismatch("%s: got %r, want %r" % (what, actual, wanted))


def usage(message):
    sys.stderr.write("oss2_conformance: %s\n" % message)
    sys.exit(2)


def env(name, default=None):
    value = os.environ.get(name, default)
    if value is None or value == "":
        return None
    return value


def pattern(size, seed):
    """Deterministic bytes covering every byte value: byte i = (i * 131 + seed * 17 + (i >> 8)) mod 256."""
    return bytes(((i * 131 + seed * 17 + (i >> 8)) & 0xFF) for i in range(size))


def crc64(data, start=0):
    c = oss_utils.Crc64(start)
    c.update(data)
    return c.crc


def md5_hex(data):
    return hashlib.md5(data).hexdigest()


def make_bucket():
    endpoint = env("OSS_ENDPOINT")
    bucket_name = env("OSS_BUCKET")
    ak = env("OSS_ACCESS_KEY_ID")
    sk = env("OSS_ACCESS_KEY_SECRET")
    missing = [n for n, v in [("OSS_ENDPOINT", endpoint), ("OSS_BUCKET", bucket_name),
                              ("OSS_ACCESS_KEY_ID", ak), ("OSS_ACCESS_KEY_SECRET", sk)] if v is None]
    if missing:
        usage("missing environment variables: " + ", ".join(missing))
    auth_version = (env("OSS_AUTH", "v1") or "v1").lower()
    if auth_version == "v1":
        bucket = oss2.Bucket(oss2.Auth(ak, sk), endpoint, bucket_name, enable_crc=True)
    elif auth_version == "v4":
        region = env("OSS_REGION", "cn-hangzhou")
        if region.startswith("oss-"):
            region = region[len("oss-"):]
        bucket = oss2.Bucket(oss2.AuthV4(ak, sk), endpoint, bucket_name, enable_crc=True, region=region)
    else:
        usage("OSS_AUTH must be v1 or v4, not %r" % auth_version)
    if not bucket.enable_crc:
        usage("CRC checks must stay on")
    return bucket, auth_version


def expect_error(r, call, exc_class, status, code):
    """Runs call(), which must raise exc_class with the given status and code; returns the exception."""
    try:
        call()
    except exc_class as e:
        r.equal(e.status, status, "%s status" % exc_class.__name__)
        r.equal(e.code, code, "%s code" % exc_class.__name__)
        r.expect(e.request_id, "%s carries a request id" % exc_class.__name__)
        return e
    raise Mismatch("expected %s (%d %s), but the call succeeded" % (exc_class.__name__, status, code))


def read_whole(r, bucket, key, data):
    """get_object of the whole object: content, server CRC present and equal to the client's (as the SDK checks)."""
    result = bucket.get_object(key)
    body = result.read()
    r.equal(len(body), len(data), "get %s: length" % key)
    r.expect(body == data, "get %s: content differs from what was written" % key)
    r.expect(result.server_crc is not None, "get %s: no x-oss-hash-crc64ecma header" % key)
    oss_utils.check_crc("get", result.client_crc, result.server_crc, result.request_id)
    r.equal(result.server_crc, crc64(data), "get %s: server CRC" % key)
    return result


def check_write_crc(r, what, result, data, start=0):
    r.expect(result.crc is not None, "%s: no x-oss-hash-crc64ecma header" % what)
    r.equal(result.crc, crc64(data, start), "%s: server CRC" % what)
    r.expect(result.request_id, "%s: no x-oss-request-id" % what)


def list_v1_all(bucket, prefix, delimiter):
    keys, prefixes = [], []
    for info in oss2.ObjectIterator(bucket, prefix=prefix, delimiter=delimiter, max_keys=2):
        if info.is_prefix():
            prefixes.append(info.key)
        else:
            keys.append(info.key)
    return keys, prefixes


def list_v2_all(bucket, prefix, delimiter):
    keys, prefixes = [], []
    for info in oss2.ObjectIteratorV2(bucket, prefix=prefix, delimiter=delimiter, max_keys=2):
        if info.is_prefix():
            prefixes.append(info.key)
        else:
            keys.append(info.key)
    return keys, prefixes


def workload(r, bucket, auth_version, prefix, tmp):
    out = {"op": "workload", "auth": auth_version, "bucket": bucket.bucket_name, "prefix": prefix}

    r.step = "crc64 check value"
    r.equal(crc64(b"123456789"), CRC64_CHECK, "oss2's CRC-64 of '123456789'")

    r.step = "get_bucket_info"
    info = bucket.get_bucket_info()
    r.equal(info.name, bucket.bucket_name, "bucket name")
    r.expect(info.creation_date, "bucket CreationDate")
    r.expect(info.owner is not None and info.owner.id, "bucket Owner/ID")
    out["bucketInfo"] = {
        "name": info.name,
        "location": info.location,
        "storageClass": info.storage_class,
        "extranetEndpoint": info.extranet_endpoint,
        "intranetEndpoint": info.intranet_endpoint,
        "acl": info.acl.grant if info.acl is not None else None,
    }

    # -- PutObject: bytes, with metadata; then from a file ----------------------------------------------------
    r.step = "put_object (bytes)"
    data1 = pattern(1000, 1)
    key_bytes = prefix + "put/bytes.bin"
    put = bucket.put_object(key_bytes, data1, headers={"Content-Type": "application/x-conformance",
                                                        "x-oss-meta-origin": "oss2"})
    r.equal(put.status, 200, "put status")
    check_write_crc(r, "put_object", put, data1)
    r.equal(put.etag.lower(), md5_hex(data1), "put ETag (MD5 of the body)")

    r.step = "put_object_from_file"
    text = ("hello oss2 \u2603 line\n" * 200).encode("utf-8")
    path = os.path.join(tmp, "upload.txt")
    with open(path, "wb") as f:
        f.write(text)
    key_file = prefix + "put/file.txt"
    put_file = bucket.put_object_from_file(key_file, path)
    check_write_crc(r, "put_object_from_file", put_file, text)
    r.equal(put_file.etag.lower(), md5_hex(text), "put_object_from_file ETag")
    out["put"] = {
        "bytes": {"key": key_bytes, "size": len(data1), "crc": str(put.crc), "etag": put.etag},
        "file": {"key": key_file, "size": len(text), "crc": str(put_file.crc), "etag": put_file.etag},
    }

    # -- GetObject: whole, range, to a file (the SDK's own CRC check) --------------------------------------------
    r.step = "get_object (whole)"
    whole = read_whole(r, bucket, key_bytes, data1)
    r.equal(whole.content_type, "application/x-conformance", "get Content-Type")
    r.equal(whole.headers.get("x-oss-meta-origin"), "oss2", "get x-oss-meta-origin")

    r.step = "get_object (range)"
    ranged = bucket.get_object(key_bytes, byte_range=(100, 299))
    part = ranged.read()
    r.equal(ranged.status, 206, "range status")
    r.equal(part, data1[100:300], "range content")
    r.equal(ranged.content_range, "bytes 100-299/1000", "Content-Range")
    tail = bucket.get_object(key_bytes, byte_range=(990, None)).read()
    r.equal(tail, data1[990:], "open-ended range content")

    r.step = "get_object_to_file"
    target = os.path.join(tmp, "download.txt")
    got_file = bucket.get_object_to_file(key_file, target)
    with open(target, "rb") as f:
        r.expect(f.read() == text, "get_object_to_file content")
    r.expect(got_file.server_crc is not None, "get_object_to_file: no x-oss-hash-crc64ecma header")
    out["get"] = {
        "whole": {"size": len(data1), "crc": str(whole.server_crc), "etag": whole.etag},
        "range": {"status": ranged.status, "contentRange": ranged.content_range, "size": len(part),
                  "md5": md5_hex(part)},
        "toFile": {"size": len(text), "crc": str(got_file.server_crc)},
    }

    # -- HeadObject, object_exists --------------------------------------------------------------------------------
    r.step = "head_object"
    head = bucket.head_object(key_bytes)
    r.equal(head.content_length, len(data1), "head Content-Length")
    r.equal(head.server_crc, crc64(data1), "head CRC")
    r.expect(head.last_modified, "head Last-Modified parses")
    out["head"] = {
        "size": head.content_length,
        "objectType": head.object_type,
        "contentType": head.content_type,
        "etag": head.etag,
        "crc": str(head.server_crc),
        "meta": head.headers.get("x-oss-meta-origin"),
    }

    r.step = "object_exists"
    out["exists"] = {"present": bucket.object_exists(key_bytes),
                     "missing": bucket.object_exists(prefix + "no/such/key")}
    r.equal(out["exists"], {"present": True, "missing": False}, "object_exists")

    # -- AppendObject: twice with init_crc (so the SDK checks the cumulative CRC), then a wrong position ---------
    r.step = "append_object"
    key_append = prefix + "append/log.bin"
    a1, a2 = pattern(3000, 2), pattern(5000, 3)
    first = bucket.append_object(key_append, 0, a1, init_crc=0)
    check_write_crc(r, "append 1", first, a1)
    r.equal(first.next_position, len(a1), "append 1 next position")
    second = bucket.append_object(key_append, first.next_position, a2, init_crc=first.crc)
    check_write_crc(r, "append 2", second, a1 + a2)
    r.equal(second.next_position, len(a1) + len(a2), "append 2 next position")

    r.step = "append_object (wrong position)"
    wrong = expect_error(r, lambda: bucket.append_object(key_append, 10, b"x"),
                         oss_exceptions.PositionNotEqualToLength, 409, "PositionNotEqualToLength")
    r.equal(wrong.next_position, len(a1) + len(a2), "PositionNotEqualToLength next_position")
    head_append = bucket.head_object(key_append)
    read_whole(r, bucket, key_append, a1 + a2)
    out["append"] = {
        "first": {"nextPosition": first.next_position, "crc": str(first.crc)},
        "second": {"nextPosition": second.next_position, "crc": str(second.crc)},
        "wrongPosition": {"status": wrong.status, "code": wrong.code, "nextPosition": wrong.next_position},
        "objectType": head_append.object_type,
        "size": head_append.content_length,
    }

    # -- Multipart: init, 3 parts (CRC checked per part), list_parts, complete (CRC combined from parts) ---------
    r.step = "multipart"
    key_mpu = prefix + "multipart/big.bin"
    parts_data = [pattern(100 * KB, 10), pattern(150 * KB, 11), pattern(30 * KB, 12)]
    init = bucket.init_multipart_upload(key_mpu)
    r.expect(init.upload_id, "init_multipart_upload: UploadId")
    parts = []
    for n, chunk in enumerate(parts_data, start=1):
        res = bucket.upload_part(key_mpu, init.upload_id, n, chunk)
        check_write_crc(r, "upload_part %d" % n, res, chunk)
        r.equal(res.etag.lower(), md5_hex(chunk), "upload_part %d ETag" % n)
        parts.append(PartInfo(n, res.etag, size=len(chunk), part_crc=res.crc))

    r.step = "list_parts"
    listed = bucket.list_parts(key_mpu, init.upload_id)
    r.equal(listed.is_truncated, False, "list_parts IsTruncated")
    listed_parts = [{"partNumber": p.part_number, "size": p.size, "etag": p.etag} for p in listed.parts]
    r.equal(listed_parts, [{"partNumber": p.part_number, "size": p.size, "etag": p.etag} for p in parts],
            "list_parts parts")
    for p in listed.parts:
        r.expect(p.last_modified, "list_parts part %d LastModified" % p.part_number)

    r.step = "complete_multipart_upload"
    done = bucket.complete_multipart_upload(key_mpu, init.upload_id, parts)
    whole_mpu = b"".join(parts_data)
    check_write_crc(r, "complete_multipart_upload", done, whole_mpu)
    head_mpu = bucket.head_object(key_mpu)
    r.equal(head_mpu.content_length, len(whole_mpu), "multipart object size")
    read_whole(r, bucket, key_mpu, whole_mpu)
    expect_error(r, lambda: bucket.list_parts(key_mpu, init.upload_id),
                 oss_exceptions.NoSuchUpload, 404, "NoSuchUpload")
    out["multipart"] = {
        "parts": [{"partNumber": p.part_number, "size": p.size, "etag": p.etag, "crc": str(p.part_crc)}
                  for p in parts],
        "listParts": listed_parts,
        "complete": {"crc": str(done.crc), "etag": done.etag},
        "objectType": head_mpu.object_type,
        "size": head_mpu.content_length,
    }

    r.step = "resumable_upload"
    key_resumable = prefix + "multipart/resumable.bin"
    big = pattern(1024 * KB, 13)
    big_path = os.path.join(tmp, "big.bin")
    with open(big_path, "wb") as f:
        f.write(big)
    store = oss2.ResumableStore(root=tmp)
    resumable = oss2.resumable_upload(bucket, key_resumable, big_path, store=store,
                                      multipart_threshold=200 * KB, part_size=200 * KB, num_threads=2)
    check_write_crc(r, "resumable_upload", resumable, big)
    head_resumable = bucket.head_object(key_resumable)
    read_whole(r, bucket, key_resumable, big)
    out["resumable"] = {"size": head_resumable.content_length, "crc": str(resumable.crc),
                        "objectType": head_resumable.object_type}

    r.step = "abort_multipart_upload"
    key_abort = prefix + "multipart/aborted.bin"
    aborted = bucket.init_multipart_upload(key_abort)
    bucket.upload_part(key_abort, aborted.upload_id, 1, pattern(10 * KB, 14))
    abort = bucket.abort_multipart_upload(key_abort, aborted.upload_id)
    r.equal(abort.status, 204, "abort status")
    after_abort = expect_error(r, lambda: bucket.list_parts(key_abort, aborted.upload_id),
                               oss_exceptions.NoSuchUpload, 404, "NoSuchUpload")
    out["abort"] = {"status": abort.status, "listPartsAfter": after_abort.code,
                    "objectExists": bucket.object_exists(key_abort)}
    r.equal(out["abort"]["objectExists"], False, "aborted upload leaves no object")

    # -- Listing: V1 and V2, paged, with prefix and delimiter -----------------------------------------------------
    r.step = "list_objects"
    list_prefix = prefix + "list/"
    list_keys = ["a.txt", "b+c.txt", "dir one/x.txt", "dir one/y.txt", "dir2/z.txt", "\u00fcml\u00e4ut \u2603.txt"]
    for i, name in enumerate(list_keys):
        bucket.put_object(list_prefix + name, pattern(10 + i, 20 + i))
    page = bucket.list_objects(prefix=list_prefix, delimiter="/", max_keys=3)
    r.equal(page.is_truncated, True, "list_objects page 1 IsTruncated")
    r.expect(page.next_marker, "list_objects page 1 NextMarker")
    for obj in page.object_list:
        r.equal(obj.type, "Normal", "list_objects Type of %s" % obj.key)
        r.expect(obj.last_modified, "list_objects LastModified of %s" % obj.key)
    v1_keys, v1_prefixes = list_v1_all(bucket, list_prefix, "/")
    v1_flat, _ = list_v1_all(bucket, list_prefix, "")
    sizes = {obj.key: obj.size for obj in bucket.list_objects(prefix=list_prefix, max_keys=100).object_list}
    want_flat = sorted(list_prefix + k for k in list_keys)
    want_flat.sort(key=lambda k: k.encode("utf-8"))
    r.equal(v1_flat, want_flat, "ObjectIterator without delimiter")
    r.equal(sizes, {list_prefix + k: 10 + i for i, k in enumerate(list_keys)}, "list_objects sizes")
    out["listV1"] = {
        "firstPage": {"keys": [o.key for o in page.object_list], "prefixes": page.prefix_list,
                      "isTruncated": page.is_truncated, "nextMarker": page.next_marker},
        "delimited": {"keys": v1_keys, "prefixes": v1_prefixes},
        "flat": v1_flat,
    }

    r.step = "list_objects_v2"
    page2 = bucket.list_objects_v2(prefix=list_prefix, delimiter="/", max_keys=3)
    r.equal(page2.is_truncated, True, "list_objects_v2 page 1 IsTruncated")
    r.expect(page2.next_continuation_token, "list_objects_v2 NextContinuationToken")
    v2_keys, v2_prefixes = list_v2_all(bucket, list_prefix, "/")
    v2_flat, _ = list_v2_all(bucket, list_prefix, "")
    r.equal((v2_keys, v2_prefixes), (v1_keys, v1_prefixes), "V2 listing equals V1 listing (delimited)")
    r.equal(v2_flat, v1_flat, "V2 listing equals V1 listing (flat)")
    after = bucket.list_objects_v2(prefix=list_prefix, start_after=list_prefix + "dir one/x.txt")
    out["listV2"] = {
        "firstPage": {"keys": [o.key for o in page2.object_list], "prefixes": page2.prefix_list,
                      "isTruncated": page2.is_truncated},
        "delimited": {"keys": v2_keys, "prefixes": v2_prefixes},
        "flat": v2_flat,
        "startAfter": [o.key for o in after.object_list],
    }

    # -- CopyObject, batch delete, delete ------------------------------------------------------------------------
    r.step = "copy_object"
    key_copy = prefix + "copy/copied bytes.bin"
    copied = bucket.copy_object(bucket.bucket_name, key_bytes, key_copy)
    r.equal(copied.status, 200, "copy status")
    read_whole(r, bucket, key_copy, data1)
    head_copy = bucket.head_object(key_copy)
    out["copy"] = {"etag": copied.etag, "size": head_copy.content_length, "crc": str(head_copy.server_crc),
                   "objectType": head_copy.object_type}

    r.step = "batch_delete_objects"
    doomed = [list_prefix + k for k in list_keys[:3]]
    deleted = bucket.batch_delete_objects(doomed)
    remaining, _ = list_v1_all(bucket, list_prefix, "")
    out["batchDelete"] = {"deleted": sorted(deleted.deleted_keys), "remaining": remaining}
    r.equal(sorted(deleted.deleted_keys), sorted(doomed), "batch_delete_objects deleted keys")
    r.equal(remaining, [k for k in want_flat if k not in doomed], "keys left after batch delete")

    r.step = "delete_object"
    gone = bucket.delete_object(key_copy)
    r.equal(gone.status, 204, "delete status")
    again = bucket.delete_object(key_copy)
    out["delete"] = {"status": gone.status, "again": again.status, "existsAfter": bucket.object_exists(key_copy)}
    r.equal(out["delete"]["existsAfter"], False, "object exists after delete")

    # -- NoSuchKey ------------------------------------------------------------------------------------------------
    r.step = "NoSuchKey"
    missing = prefix + "no/such/key.bin"
    e_get = expect_error(r, lambda: bucket.get_object(missing), oss_exceptions.NoSuchKey, 404, "NoSuchKey")
    e_head = expect_error(r, lambda: bucket.head_object(missing), oss_exceptions.NotFound, 404, "NoSuchKey")
    e_copy = expect_error(r, lambda: bucket.copy_object(bucket.bucket_name, missing, prefix + "copy/none"),
                          oss_exceptions.NoSuchKey, 404, "NoSuchKey")
    out["noSuchKey"] = {
        "get": {"status": e_get.status, "code": e_get.code, "key": e_get.details.get("Key")},
        "head": {"status": e_head.status, "code": e_head.code},
        "copy": {"status": e_copy.status, "code": e_copy.code},
    }
    return out


def object_summary(r, bucket, key, data, object_type):
    head = bucket.head_object(key)
    r.equal(head.object_type, object_type, "%s object type" % key)
    return {"key": key, "size": len(data), "md5": md5_hex(data), "crc": str(crc64(data)),
            "serverCrc": str(head.server_crc), "objectType": head.object_type}


def write_objects(r, bucket, auth_version, prefix):
    """Three objects another SDK reads back: a Normal, an Appendable and a Multipart one."""
    objects = []
    r.step = "write-objects put"
    normal = pattern(300 * KB, 30)
    check_write_crc(r, "put_object", bucket.put_object(prefix + "from-oss2/normal.bin", normal), normal)
    objects.append(object_summary(r, bucket, prefix + "from-oss2/normal.bin", normal, "Normal"))

    r.step = "write-objects append"
    key = prefix + "from-oss2/appendable.log"
    chunks = [b'{"n":1}\n', pattern(2000, 31), "z\u00eb \u2603\n".encode("utf-8")]
    position, crc = 0, 0
    for chunk in chunks:
        res = bucket.append_object(key, position, chunk, init_crc=crc)
        check_write_crc(r, "append_object", res, chunk, crc)
        position, crc = res.next_position, res.crc
    objects.append(object_summary(r, bucket, key, b"".join(chunks), "Appendable"))

    r.step = "write-objects multipart"
    key = prefix + "from-oss2/multipart.bin"
    pieces = [pattern(100 * KB, 32), pattern(100 * KB, 33), pattern(7 * KB, 34)]
    init = bucket.init_multipart_upload(key)
    parts = []
    for n, chunk in enumerate(pieces, start=1):
        res = bucket.upload_part(key, init.upload_id, n, chunk)
        parts.append(PartInfo(n, res.etag, size=len(chunk), part_crc=res.crc))
    bucket.complete_multipart_upload(key, init.upload_id, parts)
    objects.append(object_summary(r, bucket, key, b"".join(pieces), "Multipart"))
    return {"op": "write-objects", "auth": auth_version, "objects": objects}


def read_objects(r, bucket, auth_version, keys, tmp):
    """Reads each key whole (CRC checked as the SDK does), by range, and to a file (the SDK's own check)."""
    objects = []
    for i, key in enumerate(keys):
        r.step = "read-objects %s" % key
        result = bucket.get_object(key)
        data = result.read()
        r.expect(result.server_crc is not None, "get %s: no x-oss-hash-crc64ecma header" % key)
        oss_utils.check_crc("get", result.client_crc, result.server_crc, result.request_id)
        r.equal(result.server_crc, crc64(data), "get %s: server CRC" % key)
        path = os.path.join(tmp, "read-%d" % i)
        bucket.get_object_to_file(key, path)
        with open(path, "rb") as f:
            r.expect(f.read() == data, "get_object_to_file %s: content" % key)
        head = bucket.head_object(key)
        r.equal(head.content_length, len(data), "head %s: size" % key)
        r.equal(head.server_crc, result.server_crc, "head %s: CRC" % key)
        first = bucket.get_object(key, byte_range=(0, 9)).read() if data else b""
        r.equal(first, data[:10], "range 0-9 of %s" % key)
        objects.append({
            "key": key,
            "size": len(data),
            "md5": md5_hex(data),
            "crc": str(crc64(data)),
            "serverCrc": str(result.server_crc),
            "objectType": head.object_type,
            "contentType": head.content_type,
            "meta": {k.lower(): v for k, v in head.headers.items() if k.lower().startswith("x-oss-meta-")},
            "head16": base64.b64encode(data[:16]).decode("ascii"),
        })
    return {"op": "read-objects", "auth": auth_version, "objects": objects}


def main(argv):
    command = argv[1] if len(argv) > 1 else "workload"
    if command in ("-h", "--help", "help"):
        sys.stdout.write(__doc__)
        return 0
    if command not in ("workload", "write-objects", "read-objects"):
        usage("unknown command %r (workload, write-objects, read-objects)" % command)
    if command == "read-objects" and len(argv) < 3:
        usage("read-objects needs at least one key")
    prefix = env("OSS_PREFIX", "oss2-conformance/") or ""
    auth_version = (env("OSS_AUTH", "v1") or "v1").lower()
    r = Runner(auth_version)
    tmp = tempfile.mkdtemp(prefix="oss2-conformance-")
    try:
        bucket, auth_version = make_bucket()
        if command == "workload":
            out = workload(r, bucket, auth_version, prefix, tmp)
        elif command == "write-objects":
            out = write_objects(r, bucket, auth_version, prefix)
        else:
            out = read_objects(r, bucket, auth_version, argv[2:], tmp)
    except Mismatch as e:
        sys.stderr.write("oss2 conformance (%s) failed at %s: %s\n" % (auth_version, r.step, e))
        return 1
    except oss_exceptions.OssError as e:
        sys.stderr.write("oss2 conformance (%s) failed at %s: %s %s: %s (request id %s)\n%s\n" % (
            auth_version, r.step, e.status, e.code, e.message, e.request_id, e.body))
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.stdout.write(json.dumps(out, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
