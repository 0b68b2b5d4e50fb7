/**
 * The package container: a magic line, the manifest (one line of JSON), the signature (one line),
 * then the payload bytes verbatim. Not JSON-in-JSON: at provincial scale the payload is ~100 MB and
 * embedding it as a JSON string cost an extra full parse plus escaping of every quote.
 *
 *   BANSHI-CATALOGUE/1\n{manifest}\n{signature}\n{payload…}
 */
export const PACKAGE_MAGIC = 'BANSHI-CATALOGUE/1';

export interface PackageParts {
  manifest: string;
  signature: string;
  /** The payload's exact bytes (what the manifest's digest covers). */
  payload: Buffer;
}

export function encodePackage(manifest: string, signature: string, payload: string | Buffer): Buffer {
  if (manifest.includes('\n') || signature.includes('\n'))
    throw new Error('manifest and signature must be one line');
  const head = Buffer.from(`${PACKAGE_MAGIC}\n${manifest}\n${signature}\n`, 'utf8');
  return Buffer.concat([head, typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload]);
}

/** Returns null when the bytes are not a package at all (the caller reports it as bad-format). */
export function decodePackage(raw: string | Buffer): PackageParts | null {
  const buf = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const magic = buf.indexOf(0x0a);
  if (magic < 0 || buf.subarray(0, magic).toString('utf8') !== PACKAGE_MAGIC) return null;
  const m = buf.indexOf(0x0a, magic + 1);
  if (m < 0 || m - magic > 8000) return null;
  const s = buf.indexOf(0x0a, m + 1);
  if (s < 0 || s - m > 1000) return null;
  return {
    manifest: buf.subarray(magic + 1, m).toString('utf8'),
    signature: buf.subarray(m + 1, s).toString('utf8'),
    payload: buf.subarray(s + 1),
  };
}
