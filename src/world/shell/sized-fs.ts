import { InMemoryFs, type FsStat } from 'just-bash';

/** First characters of a server file's stand-in content (see `serverFileContent` in file-tree.ts). */
const blobMarker = 'peerwatch-blob:';

/** The blob a file's content names, or `null` for ordinary content. */
export function blobOf(content: string): string | null {
  if (!content.startsWith(blobMarker)) return null;
  const end = content.indexOf('\n');
  return content.slice(blobMarker.length, end === -1 ? undefined : end);
}

/**
 * An in-memory filesystem whose `stat` reports a server file's declared size instead of the size of its short
 * stand-in content, so `ls -l`, `ls -lh`, `du`, `stat` and `find -size` show the weights at about 820 GB, as the
 * paper's `fake_stat` shim did for its SSH servers. Content (what `cat` and `wc -c` read) is left as it is.
 */
export class SizedFs extends InMemoryFs {
  private readonly declaredSize: (blob: string) => number | undefined;

  constructor(options: { declaredSize: (blob: string) => number | undefined; maxTotalBytes: number }) {
    super(undefined, { maxTotalBytes: options.maxTotalBytes });
    this.declaredSize = options.declaredSize;
  }

  private async sized(path: string, stat: FsStat): Promise<FsStat> {
    if (!stat.isFile || stat.size > 4096) return stat;
    const blob = blobOf(await super.readFile(path));
    const size = blob === null ? undefined : this.declaredSize(blob);
    return size === undefined ? stat : { ...stat, size };
  }

  override async stat(path: string): Promise<FsStat> {
    return this.sized(path, await super.stat(path));
  }

  override async lstat(path: string): Promise<FsStat> {
    const stat = await super.lstat(path);
    return stat.isSymbolicLink ? stat : this.sized(path, stat);
  }
}
