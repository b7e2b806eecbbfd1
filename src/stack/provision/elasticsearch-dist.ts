import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import extract from 'extract-zip';
import type { StackConfig } from '../config';
import { ProvisionError } from '../errors';
import { run, which } from '../process';

/**
 * The Elasticsearch server comes from Maven Central's `integ-test-zip` distribution: the newest 8.x, because 8.x
 * still runs on JDK 17 (9.x needs JDK 21) and ships no bundled JDK, so it uses the machine's Java.
 */
export const ES_VERSION = '8.19.21';
const ARTIFACT = `org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip`;
const MIN_JAVA = 17;

/** Downloads (with Maven, into a project-local repository) and unpacks the distribution once; returns its home. */
export async function ensureElasticsearchDist(config: StackConfig): Promise<string> {
  const root = path.join(config.toolsDir, 'elasticsearch');
  const home = path.join(root, `elasticsearch-${ES_VERSION}`);
  if (fs.existsSync(path.join(home, '.otsync-complete'))) return home;

  const mvn = which('mvn');
  if (!mvn) {
    throw new ProvisionError('Elasticsearch', 'Maven (mvn) is not on PATH', {
      hint: 'Install Maven (apt-get install maven); it fetches the Elasticsearch distribution from Maven Central.',
    });
  }
  const downloadDir = path.join(root, 'download');
  const zip = path.join(downloadDir, `elasticsearch-${ES_VERSION}.zip`);
  if (!fs.existsSync(zip)) {
    try {
      run(
        mvn,
        [
          '-B',
          '-q',
          `-Dmaven.repo.local=${path.join(config.toolsDir, 'm2')}`,
          'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
          `-Dartifact=${ARTIFACT}`,
          `-DoutputDirectory=${downloadDir}`,
        ],
        { stdio: 'pipe', cwd: ensureDir(root) },
      );
    } catch (err) {
      throw new ProvisionError('Elasticsearch', `Maven could not fetch ${ARTIFACT}: ${(err as Error).message}`, {
        hint: 'Check that Maven Central is reachable (mvn dependency:get works).',
        cause: err,
      });
    }
  }
  // Unpack beside the target and rename, so an interrupted unpack never looks complete.
  const staging = fs.mkdtempSync(path.join(root, '.unpack-'));
  try {
    await extract(zip, { dir: staging });
    fs.rmSync(home, { recursive: true, force: true });
    fs.renameSync(path.join(staging, `elasticsearch-${ES_VERSION}`), home);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  fs.writeFileSync(path.join(home, '.otsync-complete'), `${ARTIFACT}\n`);
  return home;
}

function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The Java home Elasticsearch runs on: `$ES_JAVA_HOME`, `$JAVA_HOME`, or the `java` on PATH; JDK 17 or newer. */
export function resolveJavaHome(): string {
  const candidates = [process.env.ES_JAVA_HOME, process.env.JAVA_HOME];
  const onPath = which('java');
  if (onPath) candidates.push(path.dirname(path.dirname(fs.realpathSync(onPath))));
  for (const home of candidates) {
    if (!home) continue;
    const java = path.join(home, 'bin', 'java');
    if (!fs.existsSync(java)) continue;
    const major = javaMajor(java);
    if (major >= MIN_JAVA) return home;
  }
  throw new ProvisionError('Java for Elasticsearch', `no JDK ${MIN_JAVA} or newer found`, {
    hint: `Install a JDK ${MIN_JAVA}+ (apt-get install openjdk-17-jdk-headless) or set ES_JAVA_HOME.`,
  });
}

function javaMajor(java: string): number {
  // `java -version` prints to stderr, e.g. `openjdk version "17.0.15"` or `java version "1.8.0_392"`.
  const res = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const match = /version "(\d+)(?:\.(\d+))?/.exec(res.stderr ?? '');
  if (!match) return 0;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}
