import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { NDJSON_FORMAT } from '../../../src/model/ndjson';
import { countRecordLines, MAX_NOTED_ERRORS, NdjsonReader, readNdjsonChunks, readNdjsonFile } from '../../../src/model/ndjsonReader';

const HEADER = JSON.stringify({ format: NDJSON_FORMAT, version: 1, exportedAt: '2026-01-01T00:00:00.000Z', count: 0, dropped: 4, sources: [{ id: 'session', kind: 'session', label: 'agent1' }] });

function meta(seq: number, summary = `connect ${seq}`): string {
  return JSON.stringify({ seq, time: 1_700_000_000_000 + seq, kind: 'meta', source: 'session', channel: '/meta/connect', type: 'connect', summary, changed: true });
}

function notification(seq: number, text = 'é€😀'): string {
  return JSON.stringify({
    seq,
    time: 1_700_000_000_000 + seq,
    kind: 'notification',
    channel: '/v2/me/calls',
    type: 'StatusChange',
    summary: text,
    changed: true,
    envelope: { channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', call: { id: `c${seq}`, state: 'Ringing', userData: { note: text } } } },
  });
}

/** Feeds `text` to a reader in pieces of `size` characters. */
function readInPieces(text: string, size: number, capacity?: number): ReturnType<NdjsonReader['end']> {
  const reader = new NdjsonReader({ capacity });
  for (let i = 0; i < text.length; i += size) reader.write(text.slice(i, i + size));
  return reader.end();
}

describe('NDJSON reader (streaming import)', () => {
  it('reads the same records whichever way the text is cut into chunks', () => {
    const text = [HEADER, meta(1), notification(2), meta(3)].join('\n') + '\n';
    for (const size of [1, 2, 7, 64, text.length]) {
      const read = readInPieces(text, size);
      assert.deepEqual(read.errors, [], `pieces of ${size}`);
      assert.deepEqual(read.log.rows().map((r) => r.seq), [1, 2, 3], `pieces of ${size}`);
      assert.equal(read.log.rows()[1].summary, 'é€😀');
      assert.equal(read.log.dropped, 4, 'the header\'s dropped count');
      assert.deepEqual(read.sources, [{ id: 'session', kind: 'session', label: 'agent1' }]);
    }
  });

  it('keeps a character whose UTF-8 bytes are split between two chunks', async () => {
    const bytes = Buffer.from(`${HEADER}\n${notification(1, '😀😀😀')}\n`, 'utf8');
    const cut = bytes.indexOf(Buffer.from('😀', 'utf8')) + 2;
    const read = await readNdjsonChunks(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]));
    assert.deepEqual(read.errors, []);
    assert.equal(read.log.rows()[0].summary, '😀😀😀');
  });

  it('reads a file with a byte-order mark and CRLF line ends', () => {
    const read = readInPieces(`\ufeff${HEADER}\r\n${meta(1)}\r\n${meta(2)}\r\n`, 5);
    assert.deepEqual(read.errors, []);
    assert.deepEqual(read.log.rows().map((r) => r.summary), ['connect 1', 'connect 2']);
    assert.deepEqual(read.sources.map((s) => s.id), ['session'], 'the header behind the BOM is recognised');
  });

  it('reads a last line without a newline, and says when the file ends in the middle of a record', () => {
    const whole = readInPieces(`${meta(1)}\n${meta(2)}`, 10);
    assert.deepEqual(whole.errors, []);
    assert.equal(whole.count, 2);
    const line3 = meta(3);
    const cut = readInPieces(`${meta(1)}\n${meta(2)}\n${line3.slice(0, 30)}`, 10);
    assert.equal(cut.count, 2, 'nothing before the cut is lost');
    assert.deepEqual(cut.errors, ['line 3: the file ends in the middle of a record (cut short?)']);
  });

  it('reports hostile lines by line number and keeps every good record around them', () => {
    const lines = [
      HEADER,
      meta(1),
      '{"seq": "1e999"}',
      'not json at all',
      '[1,2,3]',
      'null',
      JSON.stringify({ seq: 2, kind: 'virus' }),
      JSON.stringify({ seq: 3, kind: 'operation', operation: { method: 'POST; rm -rf ~' } }),
      '{"__proto__": {"polluted": true}, "seq": 4, "kind": "meta"}',
      meta(4),
      meta(4, 'a second seq 4'),
      meta(5),
    ];
    const read = readInPieces(lines.join('\n'), 13);
    assert.deepEqual(read.log.rows().map((r) => [r.seq, r.summary]), [[1, 'connect 1'], [4, ''], [5, 'connect 5']]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was polluted');
    assert.equal(read.errorCount, 8);
    assert.match(read.errors[0], /^line 3: no integer "seq"$/);
    assert.match(read.errors[1], /^line 4: /);
    assert.match(read.errors[2], /^line 5: not a JSON object$/);
    assert.match(read.errors[3], /^line 6: not a JSON object$/);
    assert.match(read.errors[4], /^line 7: unknown kind "virus"$/);
    assert.match(read.errors[5], /^line 8: operation method "POST; rm -rf ~" is not an HTTP method$/);
    assert.match(read.errors[6], /^line 10: seq 4 does not follow seq 4$/, 'the crafted __proto__ line (9) took seq 4');
    assert.match(read.errors[7], /^line 11: seq 4 does not follow seq 4$/);
  });

  it('skips a huge line as it streams past, without buffering it, and goes on', () => {
    const reader = new NdjsonReader({ maxLineChars: 1_000 });
    reader.write(`${meta(1)}\n{"seq":2,"kind":"meta","summary":"`);
    for (let i = 0; i < 100; i++) reader.write('x'.repeat(1_000));
    assert.equal(reader.errorCount, 1, 'said while the line is still arriving');
    reader.write(`"}\n${meta(3)}\n`);
    const read = reader.end();
    assert.deepEqual(read.log.rows().map((r) => r.seq), [1, 3]);
    assert.deepEqual(read.errors, ['line 2: longer than 1000 characters, skipped']);
    assert.equal(read.lines, 3);
  });

  it('keeps only the newest `capacity` records, counting the others as dropped', () => {
    const reader = new NdjsonReader({ capacity: 3 });
    reader.write(`${HEADER}\n`);
    for (let seq = 1; seq <= 10; seq++) reader.write(`${meta(seq)}\n`);
    const read = reader.end();
    assert.equal(read.count, 10);
    assert.deepEqual(read.log.rows().map((r) => r.seq), [8, 9, 10]);
    assert.equal(read.log.capacity, 3);
    assert.equal(read.log.dropped, 4 + 7, 'the header\'s 4 and the 7 that did not fit');
  });

  it('keeps the first error messages and counts the rest', () => {
    const reader = new NdjsonReader();
    for (let i = 0; i < MAX_NOTED_ERRORS + 50; i++) reader.write('garbage\n');
    reader.write(`${meta(1)}\n`);
    const read = reader.end();
    assert.equal(read.errors.length, MAX_NOTED_ERRORS);
    assert.equal(read.errorCount, MAX_NOTED_ERRORS + 50);
    assert.equal(read.count, 1);
  });

  it('stops when cancelled, keeping what it read so far, and reports progress', async () => {
    let chunks = 0;
    const progress: number[] = [];
    async function* source(): AsyncGenerator<string> {
      for (let seq = 1; seq <= 100; seq++) {
        chunks++;
        yield `${meta(seq)}\n`;
      }
    }
    const read = await readNdjsonChunks(source(), { cancelled: () => chunks > 5, progress: (n) => progress.push(n) });
    assert.equal(read.cancelled, true);
    assert.deepEqual(read.log.rows().map((r) => r.seq), [1, 2, 3, 4, 5]);
    assert.equal(progress.length, 5);
    assert.ok(progress.every((n, i) => i === 0 || n > progress[i - 1]), 'progress only grows');
    const all = await readNdjsonChunks(source());
    assert.equal(all.cancelled, false);
    assert.equal(all.count, 100);
  });

  describe('a file read twice (counted, then only the newest records parsed)', () => {
    /** The file's bytes in pieces of 7, as often as it is opened. */
    const opener = (text: string) => {
      const bytes = Buffer.from(text, 'utf8');
      let opened = 0;
      const open = () => {
        opened++;
        return Readable.from(Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7)));
      };
      return { open, opened: () => opened };
    };

    it('gives what one pass gives: the newest records, the dropped count, the header', async () => {
      const text = [`\ufeff${HEADER}`, ...Array.from({ length: 20 }, (_, i) => meta(i + 1)), ''].join('\r\n');
      const file = opener(text);
      const twice = await readNdjsonFile(file.open, { capacity: 5 });
      const once = await readNdjsonChunks(opener(text).open(), { capacity: 5 });
      assert.equal(file.opened(), 2);
      assert.deepEqual(twice.log.rows(), once.log.rows());
      assert.deepEqual(twice.log.rows().map((r) => r.seq), [16, 17, 18, 19, 20]);
      assert.equal(twice.log.dropped, once.log.dropped);
      assert.equal(twice.log.dropped, 4 + 15);
      assert.equal(twice.count, 20);
      assert.deepEqual(twice.sources, once.sources);
    });

    it('counts blank lines as nothing, reads the header after them, and reports bad lines among the newest', async () => {
      const text = ['', '  ', HEADER, meta(1), '', meta(2), '   ', meta(3), 'broken', meta(4), ''].join('\n');
      assert.equal(await countRecordLines(opener(text).open()), 5, 'the header is not counted; "broken" is');
      const twice = await readNdjsonFile(opener(text).open, { capacity: 3 });
      assert.deepEqual(twice.sources.map((s) => s.id), ['session']);
      assert.deepEqual(twice.log.rows().map((r) => r.seq), [3, 4]);
      assert.equal(twice.errors.length, 1);
      assert.match(twice.errors[0], /^line 9: /, 'numbered as in the file, blank lines included');
      assert.equal(twice.errorCount, 1);
      assert.equal(twice.log.dropped, 4 + 2, 'seq 1 and 2 counted, not read');
    });

    it('passes over the older lines without reading them: a broken or huge line there costs nothing and shifts nothing', async () => {
      const huge = `{"seq":3,"kind":"meta","summary":"${'x'.repeat(5_000)}"}`;
      const lines = [HEADER, meta(1), 'broken', huge, '', meta(4), notification(5), notification(6), notification(7), ''];
      const text = lines.join('\n');
      const twice = await readNdjsonFile(opener(text).open, { capacity: 3, maxLineChars: 1_000 });
      assert.deepEqual(twice.log.rows().map((r) => r.seq), [5, 6, 7], 'the newest 3, whatever came before');
      assert.equal(twice.errorCount, 0, 'the broken and the huge line are among the older ones: not read');
      assert.equal(twice.count, 7, 'every line with a record in it');
      assert.equal(twice.log.dropped, 4 + 4);
      assert.equal(twice.lines, 9, 'numbered as in the file');
      assert.equal(twice.log.rows()[2].summary, 'é€😀', 'characters cut between pieces of bytes come out whole');
      assert.deepEqual(twice.sources.map((s) => s.id), ['session'], 'the header is read');
    });

    it('reads the header after a line holding only a byte-order mark, and counts lines in Buffers and plain byte arrays alike', async () => {
      const text = ['\ufeff', HEADER, meta(1), meta(2), meta(3)].join('\n');
      const twice = await readNdjsonFile(opener(text).open, { capacity: 2 });
      assert.deepEqual(twice.sources.map((s) => s.id), ['session']);
      assert.deepEqual(twice.log.rows().map((r) => r.seq), [2, 3]);
      const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
      assert.equal(await countRecordLines(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)])), 3);
    });

    it('reads everything in one pass when there is no capacity, and stops in the first pass when cancelled', async () => {
      const text = [HEADER, meta(1), meta(2)].join('\n');
      const file = opener(text);
      const all = await readNdjsonFile(file.open);
      assert.equal(file.opened(), 1);
      assert.equal(all.count, 2);
      const cancelled = await readNdjsonFile(opener(text).open, { capacity: 1, cancelled: () => true });
      assert.equal(cancelled.cancelled, true);
      assert.equal(cancelled.log.size, 0);
    });
  });
  describe('edges of the text: chunk starts, exact lengths, the end', () => {
    /** A meta line padded to exactly `length` characters. */
    function metaOfLength(seq: number, length: number): string {
      const line = meta(seq, 'x'.repeat(length - meta(seq, '').length));
      assert.equal(line.length, length);
      return line;
    }

    it('drops a byte-order mark only at the very start (after an empty first chunk too), so a line of the limit still fits', () => {
      const limit = HEADER.length;
      const reader = new NdjsonReader({ maxLineChars: limit });
      reader.write('');
      reader.write(`\ufeff${HEADER}`);
      reader.write(`\n${metaOfLength(1, limit)}\n${metaOfLength(2, limit + 1)}\n${meta(3, '')}\n`);
      assert.equal(reader.lines, 4);
      const read = reader.end();
      assert.deepEqual(read.sources.map((s) => s.id), ['session']);
      assert.deepEqual(read.log.rows().map((r) => r.seq), [1, 3], 'a line of exactly the limit is read, one over it is not');
      assert.deepEqual(read.errors, [`line 3: longer than ${limit} characters, skipped`]);
    });

    it('keeps a byte-order mark that starts a later chunk (it is text there)', () => {
      const reader = new NdjsonReader();
      reader.write(`${meta(1)}\n{"seq":2,"kind":"meta","summary":"`);
      reader.write('\ufeffin the middle"}\n');
      const read = reader.end();
      assert.deepEqual(read.errors, []);
      assert.equal(read.log.rows()[1].summary, '\ufeffin the middle');
    });

    it('refuses writes and passOver after the end, and passOver in the middle of a line', () => {
      const ended = new NdjsonReader();
      ended.write(`${meta(1)}\n${meta(2)}`);
      const first = ended.end();
      const again = ended.end();
      assert.equal(again.lines, 2, 'the last line is read once');
      assert.equal(again.count, first.count);
      assert.deepEqual(again.errors, []);
      assert.throws(() => ended.write(`${meta(3)}\n`), /^Error: the NDJSON reader has ended$/);
      assert.throws(() => ended.passOver(1, 1), /^Error: the NDJSON reader has ended$/);

      const partial = new NdjsonReader();
      partial.write('{"seq"');
      assert.throws(() => partial.passOver(1, 1), /^Error: passOver in the middle of a line$/);
      const skipping = new NdjsonReader({ maxLineChars: 10 });
      skipping.write('x'.repeat(11));
      assert.throws(() => skipping.passOver(1, 1), /^Error: passOver in the middle of a line$/);
      const between = new NdjsonReader();
      between.write(`${meta(1)}\n`);
      between.passOver(3, 2);
      between.write(`${meta(5)}\n`);
      assert.equal(between.lines, 5);
      assert.equal(between.end().count, 4);
    });

    it('states a limit of whole mebibytes in MiB', () => {
      const reader = new NdjsonReader({ maxLineChars: 1024 * 1024 });
      reader.write(`${meta(1)}\n`);
      reader.write('z'.repeat(1024 * 1024 + 1));
      assert.deepEqual(reader.end().errors, ['line 2: longer than 1 MiB, skipped']);
    });

    it('counts a too-long last line without a newline, and not a blank one', () => {
      const reader = new NdjsonReader({ maxLineChars: 30 });
      reader.write('{"seq":1,"kind":"meta"}\n');
      reader.write('y'.repeat(31));
      const read = reader.end();
      assert.equal(read.lines, 2);
      assert.equal(read.errorCount, 1);
      assert.equal(new NdjsonReader().end().lines, 0);
      const blankEnd = new NdjsonReader();
      blankEnd.write(`${meta(1)}\n \t `);
      assert.equal(blankEnd.end().lines, 1, 'a last line of spaces is no line');
    });

    it('says why a line in the middle is not JSON (not "cut short"), and shortens long messages to 200 characters', () => {
      const kind = (n: number) => JSON.stringify({ seq: n, kind: 'k'.repeat(185 + (n - 1)) });
      const read = readInPieces([meta(1), 'not json', kind(1), kind(2), meta(2)].join('\n') + '\n', 9);
      assert.equal(read.errorCount, 3);
      assert.doesNotMatch(read.errors[0], /cut short/);
      assert.match(read.errors[0], /^line 2: .*JSON/);
      const exact = `unknown kind "${'k'.repeat(185)}"`;
      assert.equal(exact.length, 200);
      assert.equal(read.errors[1], `line 3: ${exact}`);
      const over = `unknown kind "${'k'.repeat(186)}"`;
      assert.equal(read.errors[2], `line 4: ${over.slice(0, 200)}…`);
    });

    it('takes a header\'s dropped count only when it is a finite number not below zero', () => {
      const header = (dropped: unknown) => JSON.stringify({ ...JSON.parse(HEADER), dropped });
      for (const [dropped, expected] of [[-3, 0], ['7', 0], [2.9, 2], [null, 0]] as const) {
        const read = readInPieces(`${header(dropped)}\n${meta(1)}\n`, 50);
        assert.equal(read.log.dropped, expected, `dropped ${JSON.stringify(dropped)}`);
      }
      const infinite = readInPieces(`${HEADER.replace('"dropped":4', '"dropped":1e999')}\n${meta(1)}\n`, 50);
      assert.equal(infinite.log.dropped, 0);
    });

    it('keeps every record when there is no capacity, beyond the stream log\'s default', () => {
      const lines: string[] = [];
      for (let seq = 1; seq <= 50_001; seq++) lines.push(`{"seq":${seq},"kind":"meta"}`);
      const read = readInPieces(lines.join('\n'), 1 << 20);
      assert.equal(read.log.size, 50_001);
      assert.equal(read.log.dropped, 0);
    });

    it('reads what the decoder holds at the end: a stray byte after the last record is reported', async () => {
      const bytes = Buffer.concat([Buffer.from(`${meta(1)}\n${meta(2)}`, 'utf8'), Buffer.from([0xf0, 0x9f])]);
      const read = await readNdjsonChunks(Readable.from([bytes]));
      assert.equal(read.count, 1);
      assert.deepEqual(read.errors, ['line 2: the file ends in the middle of a record (cut short?)']);
    });

    it('reports progress in bytes for byte chunks', async () => {
      const a = Buffer.from(`${notification(1)}\n`, 'utf8');
      const b = Buffer.from(`${notification(2)}\n`, 'utf8');
      const progress: number[] = [];
      const read = await readNdjsonChunks(Readable.from([a, b]), { progress: (n) => progress.push(n) });
      assert.equal(read.count, 2);
      assert.deepEqual(progress, [a.byteLength, a.byteLength + b.byteLength]);
    });
  });

  describe('counting lines in bytes', () => {
    async function* chunksOf(...parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
      for (const part of parts) yield part;
    }

    it('takes spaces, tabs and carriage returns as blank', async () => {
      const text = ['x', ' ', '\r', '\t', ' \t\r', 'y', ''].join('\n');
      assert.equal(await countRecordLines(chunksOf(Buffer.from(text, 'utf8'))), 1);
    });

    it('skips the three bytes of a byte-order mark only when all three start the file', async () => {
      const firstLines = [[0xef, 0xbb, 0xbf], [0x41, 0x41, 0x41], [0x41, 0xbb, 0xbf], [0xef, 0x41, 0xbf], [0xef, 0xbb, 0x41], [0x41, 0x41, 0xbf]];
      const counts = [];
      for (const first of firstLines) counts.push(await countRecordLines(chunksOf(Uint8Array.from([...first, 0x0a, 0x78, 0x0a]))));
      assert.deepEqual(counts, [0, 1, 1, 1, 1, 1]);
      const bom = Buffer.from('\ufeff', 'utf8');
      assert.equal(await countRecordLines(chunksOf(new Uint8Array(0), Uint8Array.from([...bom, 0x0a, 0x78, 0x0a]))), 0, 'after an empty chunk too');
      assert.equal(await countRecordLines(chunksOf(Buffer.from('x\n', 'utf8'), Uint8Array.from([...bom, 0x0a, 0x78, 0x0a]))), 2, 'not at the start: text');
    });

    it('stops when cancelled', async () => {
      assert.equal(await countRecordLines(chunksOf(Buffer.from('x\ny\n', 'utf8')), () => true), undefined);
    });
  });

  describe('a file read twice: cancelling and progress', () => {
    const text = [HEADER, ...Array.from({ length: 12 }, (_, i) => meta(i + 1)), ''].join('\n');
    const bytes = Buffer.from(text, 'utf8');
    const opener = () => {
      let opened = 0;
      const open = () => {
        opened++;
        return Readable.from(Array.from({ length: Math.ceil(bytes.length / 100) }, (_, i) => bytes.subarray(i * 100, i * 100 + 100)));
      };
      return { open, opened: () => opened };
    };

    it('does not open the file again when cancelled while counting', async () => {
      const file = opener();
      const read = await readNdjsonFile(file.open, { capacity: 2, cancelled: () => true });
      assert.equal(read.cancelled, true);
      assert.equal(file.opened(), 1);
    });

    it('stops in the second pass when cancelled there, keeping the header read', async () => {
      const file = opener();
      let polls = 0;
      const read = await readNdjsonFile(file.open, { capacity: 2, cancelled: () => file.opened() >= 2 && ++polls > 2 });
      assert.equal(read.cancelled, true);
      assert.equal(file.opened(), 2);
      assert.deepEqual(read.sources.map((s) => s.id), ['session']);
      assert.equal(read.log.size, 0);
    });

    it('reports the bytes read in the second pass, skipped ones included', async () => {
      const progress: number[] = [];
      const read = await readNdjsonFile(opener().open, { capacity: 2, progress: (n) => progress.push(n) });
      assert.equal(read.cancelled, false);
      assert.deepEqual(read.log.rows().map((r) => r.seq), [11, 12]);
      assert.equal(progress.length, Math.ceil(bytes.length / 100));
      assert.equal(progress.at(-1), bytes.length);
      assert.ok(progress.every((n, i) => n > (i === 0 ? 0 : progress[i - 1])), 'progress only grows');
    });
  });
});
