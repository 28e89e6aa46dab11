/** The first `size` bytes of a stream (fewer if it is shorter), and the whole stream again, unconsumed. */
export const takePrefix = async (
  source: AsyncIterable<Uint8Array | string>,
  size: number,
): Promise<{ prefix: Uint8Array; stream: AsyncIterable<Uint8Array> }> => {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    length += chunk.length;
  }
  const prefix = Buffer.concat(head).subarray(0, size);
  async function* all(): AsyncIterable<Uint8Array> {
    yield* head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  return { prefix, stream: all() };
};
