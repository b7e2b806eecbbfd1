package main

// The `read-stream` subcommand: read the table's whole stream, parents before children, following the
// tablestore-protocol spec §4.4-§4.7.

import (
	"fmt"

	"github.com/aliyun/aliyun-tablestore-go-sdk/tablestore"
)

// Bounds that turn a misbehaving server into an error instead of an endless loop.
const (
	maxDescribePages = 10000
	maxRecordPages   = 100000
	maxTokenRounds   = 10000
)

func runReadStream(client *tablestore.TableStoreClient, cfg *config, out *jsonLines) error {
	table := cfg.table
	ls, err := client.ListStream(&tablestore.ListStreamRequest{TableName: &table})
	if err != nil {
		return fmt.Errorf("ListStream %q: %w", table, err)
	}
	var streamID *tablestore.StreamId
	for _, s := range ls.Streams {
		if s.TableName != nil && *s.TableName == table && s.Id != nil {
			if streamID != nil {
				return fmt.Errorf("ListStream %q: more than one stream for the table", table)
			}
			id := *s.Id
			streamID = &id
		}
	}
	if streamID == nil {
		return fmt.Errorf("ListStream %q: no stream for the table (%d streams listed)", table, len(ls.Streams))
	}

	shards, err := describeAllShards(client, streamID)
	if err != nil {
		return err
	}
	order, err := lineageOrder(shards)
	if err != nil {
		return err
	}
	for _, shard := range order {
		if err := readShard(client, cfg, streamID, shard, out); err != nil {
			return err
		}
	}
	return nil
}

// describeAllShards pages through DescribeStream: the next page starts at next_shard_id, inclusive (§4.4).
func describeAllShards(client *tablestore.TableStoreClient, streamID *tablestore.StreamId) ([]*tablestore.StreamShard, error) {
	var shards []*tablestore.StreamShard
	seen := map[tablestore.ShardId]bool{}
	var start *tablestore.ShardId
	for page := 0; ; page++ {
		if page >= maxDescribePages {
			return nil, fmt.Errorf("DescribeStream %q: still paging after %d pages", *streamID, page)
		}
		resp, err := client.DescribeStream(&tablestore.DescribeStreamRequest{StreamId: streamID, InclusiveStartShardId: start})
		if err != nil {
			return nil, fmt.Errorf("DescribeStream %q (page %d): %w", *streamID, page, err)
		}
		for _, s := range resp.Shards {
			if s.SelfShard == nil {
				return nil, fmt.Errorf("DescribeStream %q: shard without an id", *streamID)
			}
			if seen[*s.SelfShard] {
				return nil, fmt.Errorf("DescribeStream %q: shard %q listed twice", *streamID, *s.SelfShard)
			}
			seen[*s.SelfShard] = true
			shards = append(shards, s)
		}
		// An empty id is treated as absent, as the Java client does.
		if resp.NextShardId == nil || *resp.NextShardId == "" {
			return shards, nil
		}
		next := *resp.NextShardId
		start = &next
	}
}

// lineageOrder lists the shards so that each comes after its parent and parent sibling (§4.5), keeping
// DescribeStream's order otherwise. A parent that is not listed any more counts as read.
func lineageOrder(shards []*tablestore.StreamShard) ([]*tablestore.StreamShard, error) {
	listed := map[tablestore.ShardId]bool{}
	for _, s := range shards {
		listed[*s.SelfShard] = true
	}
	done := map[tablestore.ShardId]bool{}
	ready := func(p *tablestore.ShardId) bool { return p == nil || !listed[*p] || done[*p] }
	var order []*tablestore.StreamShard
	for len(order) < len(shards) {
		progressed := false
		for _, s := range shards {
			if done[*s.SelfShard] || !ready(s.FatherShard) || !ready(s.MotherShard) {
				continue
			}
			done[*s.SelfShard] = true
			order = append(order, s)
			progressed = true
		}
		if !progressed {
			return nil, fmt.Errorf("DescribeStream: the parent_id/parent_sibling_id lineage has a cycle")
		}
	}
	return order, nil
}

// readShard reads one shard until it is closed (no next iterator) or caught up (an empty page that still
// carries a next iterator), per §4.7.
func readShard(client *tablestore.TableStoreClient, cfg *config, streamID *tablestore.StreamId, shard *tablestore.StreamShard, out *jsonLines) error {
	shardID := *shard.SelfShard
	req := &tablestore.GetShardIteratorRequest{StreamId: streamID, ShardId: &shardID, Timestamp: cfg.streamStartTimeUs}
	it, err := client.GetShardIterator(req)
	if err != nil {
		return fmt.Errorf("GetShardIterator shard %q: %w", shardID, err)
	}
	// With a timestamp the service may answer with a token: repeat with it until none comes back (§4.6).
	for round := 0; it.Token != nil && *it.Token != ""; round++ {
		if round >= maxTokenRounds {
			return fmt.Errorf("GetShardIterator shard %q: still returning tokens after %d calls", shardID, round)
		}
		token := *it.Token
		req.Token = &token
		if it, err = client.GetShardIterator(req); err != nil {
			return fmt.Errorf("GetShardIterator shard %q (token round %d): %w", shardID, round+1, err)
		}
	}
	if it.ShardIterator == nil {
		return fmt.Errorf("GetShardIterator shard %q: no iterator returned", shardID)
	}
	iter := *it.ShardIterator
	for page := 0; ; page++ {
		if page >= maxRecordPages {
			return fmt.Errorf("GetStreamRecord shard %q: not caught up after %d pages", shardID, page)
		}
		current := iter
		resp, err := client.GetStreamRecord(&tablestore.GetStreamRecordRequest{ShardIterator: &current, Limit: cfg.streamRecordLimit})
		if err != nil {
			return fmt.Errorf("GetStreamRecord shard %q (page %d): %w", shardID, page, err)
		}
		for i, r := range resp.Records {
			line, err := normalizeRecord(string(shardID), r)
			if err != nil {
				return fmt.Errorf("GetStreamRecord shard %q (page %d, record %d): %w", shardID, page, i, err)
			}
			if err := out.emit(line); err != nil {
				return err
			}
		}
		if resp.NextShardIterator == nil || *resp.NextShardIterator == "" {
			return nil // closed (split or merged) and fully read; an empty iterator counts as absent, as in Java
		}
		if len(resp.Records) == 0 {
			return nil // caught up on an open shard
		}
		if *resp.NextShardIterator == current {
			return fmt.Errorf("GetStreamRecord shard %q (page %d): %d records but the next iterator equals the one sent",
				shardID, page, len(resp.Records))
		}
		iter = *resp.NextShardIterator
	}
}
