// Child process for the kill -9 test: a server on port 0 with a data directory; prints its URL, then waits.
import { createTablestoreServer } from '../../../src/emulators/tablestore';
import { TEST_CREDENTIALS, TEST_INSTANCE } from './credentials';

void createTablestoreServer({
  credentials: TEST_CREDENTIALS,
  instanceName: TEST_INSTANCE,
  dataDir: process.argv[2] as string,
  shardCount: 2,
}).then((server) => process.stdout.write(`${server.url}\n`));
