import { hash } from 'node:crypto';

/**
 * Content-addressed packing of transcripts for the store. A trial's transcript holds the world before and after with
 * every document, and tool results that repeat those documents; across trials of a run nearly all of it is the same.
 * Packing replaces each long string by a reference to a blob holding it, and each world snapshot by a reference to a
 * blob holding its (packed) JSON, so every distinct text and every distinct world is stored once.
 *
 * References are strings that start with NUL, which no text a trial produces starts with; a string that does is
 * escaped with a second NUL, so packing is lossless for any value.
 */

/** Strings at least this long are stored as blobs (shorter ones cost more as references than they save). */
export const blobMinLength = 256;

const marker = '\u0000';
const textReference = `${marker}s`;
const jsonReference = `${marker}j`;
const escaped = `${marker}${marker}`;

/** Blobs a packed value refers to, by hash. */
export type BlobMap = Map<string, string>;

/** Hex hash of a blob's content (128 bits of sha256: collisions are out of reach at any run size). */
export function blobHash(text: string): string {
  return hash('sha256', text, 'hex').slice(0, 32);
}

/**
 * Packs values into blob references, keeping a bounded memo of recent strings' hashes: the same documents come back
 * trial after trial, and a memo lookup is cheaper than hashing again.
 */
export class BlobPacker {
  private readonly memo = new Map<string, string>();
  private readonly memoLimit: number;

  constructor(options: { memoLimit?: number } = {}) {
    this.memoLimit = options.memoLimit ?? 4096;
  }

  private hashOf(text: string): string {
    let hash = this.memo.get(text);
    if (hash === undefined) {
      hash = blobHash(text);
      if (this.memo.size >= this.memoLimit) this.memo.clear();
      this.memo.set(text, hash);
    }
    return hash;
  }

  /** The value with long strings replaced by references; their texts are added to `blobs`. */
  pack(value: unknown, blobs: BlobMap): unknown {
    if (typeof value === 'string') {
      if (value.length >= blobMinLength) {
        const hash = this.hashOf(value);
        blobs.set(hash, value);
        return textReference + hash;
      }
      return value.startsWith(marker) ? marker + value : value;
    }
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => this.pack(item, blobs));
    const packed: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) packed[key] = this.pack(item, blobs);
    }
    return packed;
  }

  /** A reference to a blob holding the packed JSON of `value` (a world snapshot); the blobs are added to `blobs`. */
  packJson(value: unknown, blobs: BlobMap): string {
    const text = JSON.stringify(this.pack(value, blobs));
    const hash = this.hashOf(text);
    blobs.set(hash, text);
    return jsonReference + hash;
  }
}

/** Restores a packed value, reading blobs through `readBlob` (which throws when one is missing). */
export function unpackValue(value: unknown, readBlob: (hash: string) => string): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(marker)) return value;
    if (value.startsWith(escaped)) return value.slice(1);
    if (value.startsWith(textReference)) return readBlob(value.slice(textReference.length));
    if (value.startsWith(jsonReference)) return unpackValue(JSON.parse(readBlob(value.slice(jsonReference.length))), readBlob);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => unpackValue(item, readBlob));
  const unpacked: Record<string, unknown> = {};
  for (const key of Object.keys(value)) unpacked[key] = unpackValue((value as Record<string, unknown>)[key], readBlob);
  return unpacked;
}

/** A transcript as the store keeps it: packed JSON plus the blobs it refers to. */
export type PackedTranscript = { text: string; blobs: BlobMap };

/**
 * Packs a trial's transcript: the world snapshots become references to JSON blobs, long texts references to text
 * blobs.
 */
export function packTranscript(packer: BlobPacker, transcript: { worldBefore: unknown; worldAfter: unknown }): PackedTranscript {
  const blobs: BlobMap = new Map();
  const packed = {
    ...(packer.pack({ ...transcript, worldBefore: null, worldAfter: null }, blobs) as Record<string, unknown>),
    worldBefore: packer.packJson(transcript.worldBefore, blobs),
    worldAfter: packer.packJson(transcript.worldAfter, blobs),
  };
  return { text: JSON.stringify(packed), blobs };
}
