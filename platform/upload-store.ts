import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type stream from 'node:stream';
import type Database from 'better-sqlite3';
import { DataStore, ERRORS, Upload } from '@tus/server';
import { relaxedCommit } from '../electron/core/store/statements.ts';

/**
 * The dev platform's tus data store. @tus/file-store wrote a JSON file per upload, created a
 * directory per request and left hashing to a second read of the whole file; at a kiosk's drain
 * rate (three uploads per application) that bookkeeping cost more than the bytes. Here:
 *  - upload records live in the platform's SQLite (relaxed commits: a record lost to a power cut
 *    only makes the kiosk start that upload again, its HEAD gets 404);
 *  - bytes are hashed as they arrive (the digest the kiosk declared in the metadata: SM3 or
 *    SHA-256), so the finished upload's digest is known without reading it back; a resume after a
 *    platform restart has no running hash and the caller falls back to reading the file;
 *  - the last write of an upload is flushed to disk (fdatasync, off the event loop) before tus
 *    calls onUploadFinish, so "material received" is never said of bytes only in the page cache.
 */
const MAX_RUNNING_DIGESTS = 256;

export class UploadStore extends DataStore {
  private readonly digests = new Map<string, { hash: crypto.Hash; at: number; hex?: string }>();
  private readonly algs = new Map<string, string>();
  private readonly db: Database.Database;
  private readonly directory: string;
  private readonly flush: boolean;
  /** `flush: false` only for the bench's bare-tus baseline: without it "received" is not durable. */
  constructor(db: Database.Database, directory: string, o: { flush?: boolean } = {}) {
    super();
    this.db = db;
    this.directory = directory;
    this.flush = o.flush ?? true;
    this.extensions = ['creation', 'creation-with-upload', 'termination'];
    fs.mkdirSync(directory, { recursive: true });
  }

  private file(id: string): string {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) throw ERRORS.FILE_NOT_FOUND;
    return path.join(this.directory, id);
  }

  override async create(upload: Upload): Promise<Upload> {
    this.file(upload.id);
    const created = upload.creation_date ?? new Date().toISOString();
    relaxedCommit(this.db, () =>
      this.db
        .prepare('INSERT INTO tus_upload (id, size, metadata, created_at) VALUES (?, ?, ?, ?)')
        .run(upload.id, upload.size ?? null, JSON.stringify(upload.metadata ?? {}), created),
    );
    const alg = upload.metadata?.digestAlg;
    if (alg === 'sm3' || alg === 'sha256') this.algs.set(upload.id, alg);
    upload.storage = { type: 'file', path: this.file(upload.id) };
    return upload;
  }

  override async write(readable: stream.Readable, id: string, offset: number): Promise<number> {
    const row = this.row(id);
    const file = this.file(id);
    const running = this.runningDigest(id, offset);
    const handle = await fsp.open(file, offset === 0 ? 'w' : 'r+');
    let at = offset;
    // Chunks are gathered and written together (one trip to the thread pool per MiB, not per
    // socket read); whatever arrived is written even when the link drops mid-body.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (): Promise<void> => {
      if (pendingBytes === 0) return;
      const bufs = pending;
      pending = [];
      const n = pendingBytes;
      pendingBytes = 0;
      await handle.writev(bufs, at);
      for (const b of bufs) running?.hash.update(b);
      at += n;
      if (running) running.at = at;
    };
    try {
      try {
        for await (const chunk of readable as AsyncIterable<Buffer>) {
          pending.push(chunk);
          pendingBytes += chunk.length;
          if (pendingBytes >= 1024 * 1024) await flush();
        }
      } catch {
        // The link dropped mid-body: what arrived is kept, HEAD reports it, the kiosk resumes.
        await flush();
        throw ERRORS.FILE_WRITE_ERROR;
      }
      await flush();
      if (row.size !== null && at === row.size) {
        if (this.flush) await handle.datasync();
        if (running) running.hex = running.hash.digest('hex');
      }
    } finally {
      await handle.close();
    }
    return at;
  }

  private runningDigest(id: string, offset: number): { hash: crypto.Hash; at: number; hex?: string } | null {
    const alg = this.algs.get(id);
    if (!alg) return null;
    if (offset === 0) {
      if (this.digests.size >= MAX_RUNNING_DIGESTS) {
        const oldest = this.digests.keys().next().value;
        if (oldest !== undefined) this.digests.delete(oldest);
      }
      const d: { hash: crypto.Hash; at: number; hex?: string } = { hash: crypto.createHash(alg), at: 0 };
      this.digests.set(id, d);
      return d;
    }
    const d = this.digests.get(id);
    if (d && d.at === offset && d.hex === undefined) return d;
    // A gap (a restart, a chunk written twice): this upload's digest is computed from the file.
    this.digests.delete(id);
    return null;
  }

  /** The digest of a finished upload if it was hashed on arrival; null = read the file instead. */
  takeDigest(id: string): string | null {
    const d = this.digests.get(id);
    this.digests.delete(id);
    this.algs.delete(id);
    return d?.hex ?? null;
  }

  private row(id: string): { size: number | null; metadata: string; created_at: string } {
    const row = this.db.prepare('SELECT size, metadata, created_at FROM tus_upload WHERE id = ?').get(id) as
      { size: number | null; metadata: string; created_at: string } | undefined;
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    return row;
  }

  override async getUpload(id: string): Promise<Upload> {
    const row = this.row(id);
    let offset = 0;
    try {
      offset = (await fsp.stat(this.file(id))).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    return new Upload({
      id,
      offset,
      ...(row.size !== null ? { size: row.size } : {}),
      metadata: JSON.parse(row.metadata) as Record<string, string>,
      creation_date: row.created_at,
      storage: { type: 'file', path: this.file(id) },
    });
  }

  override async remove(id: string): Promise<void> {
    this.row(id);
    await fsp.rm(this.file(id), { force: true });
    this.takeDigest(id);
    relaxedCommit(this.db, () => this.db.prepare('DELETE FROM tus_upload WHERE id = ?').run(id));
  }

  override async declareUploadLength(): Promise<void> {
    // creation-defer-length is not offered: a kiosk always knows the size of what it sealed.
    throw ERRORS.UNSUPPORTED_CREATION_DEFER_LENGTH_EXTENSION;
  }
}
