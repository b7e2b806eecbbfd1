/** The AccessKey pair and instance of the server tests (no test hooks, so child processes can import it). */
export const TEST_CREDENTIALS = { accessKeyId: 'test-ak', accessKeySecret: 'test-secret-value' };
export const TEST_INSTANCE = 'testinst';
