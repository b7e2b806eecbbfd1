package dev.otsync.conformance;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.model.DescribeStreamRequest;
import com.alicloud.openservices.tablestore.model.DescribeStreamResponse;
import com.alicloud.openservices.tablestore.model.GetShardIteratorRequest;
import com.alicloud.openservices.tablestore.model.GetShardIteratorResponse;
import com.alicloud.openservices.tablestore.model.GetStreamRecordRequest;
import com.alicloud.openservices.tablestore.model.GetStreamRecordResponse;
import com.alicloud.openservices.tablestore.model.ListStreamRequest;
import com.alicloud.openservices.tablestore.model.ListStreamResponse;
import com.alicloud.openservices.tablestore.model.Stream;
import com.alicloud.openservices.tablestore.model.StreamRecord;
import com.alicloud.openservices.tablestore.model.StreamShard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code read-stream} subcommand: read the table's whole stream, parents before children, following the
 * tablestore-protocol spec §4.4-§4.7; the same algorithm as the Go client's stream.go.
 */
final class StreamRead {
  // Bounds that turn a misbehaving server into an error instead of an endless loop.
  private static final int MAX_DESCRIBE_PAGES = 10_000;
  private static final int MAX_RECORD_PAGES = 100_000;
  private static final int MAX_TOKEN_ROUNDS = 10_000;

  private StreamRead() {}

  static void run(SyncClient client, Main.Config cfg, Main.Out out) {
    String table = cfg.table();
    ListStreamResponse ls = client.listStream(new ListStreamRequest(table));
    String streamId = null;
    for (Stream s : ls.getStreams()) {
      if (table.equals(s.getTableName()) && s.getStreamId() != null) {
        if (streamId != null) {
          throw new Main.CheckFailed("ListStream \"" + table + "\": more than one stream for the table");
        }
        streamId = s.getStreamId();
      }
    }
    if (streamId == null) {
      throw new Main.CheckFailed(
          "ListStream \"" + table + "\": no stream for the table (" + ls.getStreams().size() + " streams listed)");
    }
    List<StreamShard> shards = describeAllShards(client, streamId);
    for (StreamShard shard : lineageOrder(shards)) {
      readShard(client, cfg, streamId, shard.getShardId(), out);
    }
  }

  /** Pages through DescribeStream: the next page starts at next_shard_id, inclusive (§4.4). */
  static List<StreamShard> describeAllShards(SyncClient client, String streamId) {
    List<StreamShard> shards = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String start = null;
    for (int page = 0; ; page++) {
      if (page >= MAX_DESCRIBE_PAGES) {
        throw new Main.CheckFailed("DescribeStream \"" + streamId + "\": still paging after " + page + " pages");
      }
      DescribeStreamRequest req = new DescribeStreamRequest(streamId);
      if (start != null) {
        req.setInclusiveStartShardId(start);
      }
      DescribeStreamResponse resp = client.describeStream(req);
      for (StreamShard s : resp.getShards()) {
        if (s.getShardId() == null) {
          throw new Main.CheckFailed("DescribeStream \"" + streamId + "\": shard without an id");
        }
        if (!seen.add(s.getShardId())) {
          throw new Main.CheckFailed(
              "DescribeStream \"" + streamId + "\": shard \"" + s.getShardId() + "\" listed twice");
        }
        shards.add(s);
      }
      if (resp.getNextShardId() == null || resp.getNextShardId().isEmpty()) {
        return shards;
      }
      start = resp.getNextShardId();
    }
  }

  /**
   * Lists the shards so that each comes after its parent and parent sibling (§4.5), keeping DescribeStream's
   * order otherwise. A parent that is not listed any more counts as read.
   */
  static List<StreamShard> lineageOrder(List<StreamShard> shards) {
    Set<String> listed = new HashSet<>();
    for (StreamShard s : shards) {
      listed.add(s.getShardId());
    }
    Set<String> done = new HashSet<>();
    List<StreamShard> order = new ArrayList<>();
    while (order.size() < shards.size()) {
      boolean progressed = false;
      for (StreamShard s : shards) {
        if (done.contains(s.getShardId())
            || !ready(s.getParentId(), listed, done)
            || !ready(s.getParentSiblingId(), listed, done)) {
          continue;
        }
        done.add(s.getShardId());
        order.add(s);
        progressed = true;
      }
      if (!progressed) {
        throw new Main.CheckFailed("DescribeStream: the parent_id/parent_sibling_id lineage has a cycle");
      }
    }
    return order;
  }

  private static boolean ready(String parent, Set<String> listed, Set<String> done) {
    return parent == null || parent.isEmpty() || !listed.contains(parent) || done.contains(parent);
  }

  /**
   * Reads one shard until it is closed (no next iterator) or caught up (an empty page that still carries a next
   * iterator), per §4.7.
   */
  static void readShard(SyncClient client, Main.Config cfg, String streamId, String shardId, Main.Out out) {
    GetShardIteratorRequest req = new GetShardIteratorRequest(streamId, shardId);
    if (cfg.streamStartTimeUs() != null) {
      req.setTimestamp(cfg.streamStartTimeUs());
    }
    GetShardIteratorResponse it = client.getShardIterator(req);
    // With a timestamp the service may answer with a token: repeat with it until none comes back (§4.6).
    for (int round = 0; it.getNextToken() != null && !it.getNextToken().isEmpty(); round++) {
      if (round >= MAX_TOKEN_ROUNDS) {
        throw new Main.CheckFailed(
            "GetShardIterator shard \"" + shardId + "\": still returning tokens after " + round + " calls");
      }
      req.setToken(it.getNextToken());
      it = client.getShardIterator(req);
    }
    if (it.getShardIterator() == null) {
      throw new Main.CheckFailed("GetShardIterator shard \"" + shardId + "\": no iterator returned");
    }
    String iter = it.getShardIterator();
    for (int page = 0; ; page++) {
      if (page >= MAX_RECORD_PAGES) {
        throw new Main.CheckFailed(
            "GetStreamRecord shard \"" + shardId + "\": not caught up after " + page + " pages");
      }
      GetStreamRecordRequest recReq = new GetStreamRecordRequest(iter);
      if (cfg.streamRecordLimit() != null) {
        recReq.setLimit(cfg.streamRecordLimit());
      }
      GetStreamRecordResponse resp = client.getStreamRecord(recReq);
      List<StreamRecord> records = resp.getRecords();
      for (StreamRecord r : records) {
        out.emit(Normalize.record(shardId, r));
      }
      String next = resp.getNextShardIterator();
      if (next == null || next.isEmpty()) {
        return; // closed (split or merged) and fully read
      }
      if (records.isEmpty()) {
        return; // caught up on an open shard
      }
      if (next.equals(iter)) {
        throw new Main.CheckFailed(
            "GetStreamRecord shard \""
                + shardId
                + "\" (page "
                + page
                + "): "
                + records.size()
                + " records but the next iterator equals the one sent");
      }
      iter = next;
    }
  }
}
