/**
 * One-at-a-time sections per name, within this process (the local servers: appends to one OSS key, commits of one
 * MaxCompute table, the blocks of one upload session). Callers queue in arrival order; a failed section does not
 * block the next.
 */
export class KeyLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(name: string, section: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(name, tail);
    await previous;
    try {
      return await section();
    } finally {
      release();
      if (this.tails.get(name) === tail) this.tails.delete(name);
    }
  }
}
