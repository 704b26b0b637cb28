// Byte sources for the streaming readers: one buffer, or chunks from a
// stream (a Node read stream, a fetch body's reader, ...).

/** Bytes to read: a whole buffer or an (async) iterable of chunks. */
export type ByteSource = Uint8Array | ArrayBuffer | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Iterates the chunks of a byte source.
 *
 * @example
 * ```ts
 * for await (const chunk of chunksOf(bytes)) { ... }
 * ```
 */
export async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  if (source instanceof ArrayBuffer) {
    yield new Uint8Array(source);
    return;
  }
  for await (const chunk of source as AsyncIterable<Uint8Array>) yield chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk as ArrayBuffer);
}

/**
 * Decoded text lines of a byte source, one at a time (UTF-8, '\n' or '\r\n'),
 * with their 1-based line numbers; never holds more than one chunk of text.
 *
 * @example
 * ```ts
 * for await (const [line, no] of linesOf(bytes)) console.log(no, line);
 * ```
 */
export async function* linesOf(source: ByteSource): AsyncGenerator<[string, number]> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let no = 0;
  for await (const chunk of chunksOf(source)) {
    const text = carry + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const line = text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl);
      yield [line, ++no];
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  carry += decoder.decode();
  if (carry.length > 0) yield [carry.endsWith('\r') ? carry.slice(0, -1) : carry, ++no];
}
