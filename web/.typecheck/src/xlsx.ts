/**
 * XLSX import without a spreadsheet library: an .xlsx is a zip of XML parts; the first sheet and the
 * shared strings are enough for a table of text. Unzipped with the browser's DecompressionStream.
 */
async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function unzip(buf: ArrayBuffer): Promise<Map<string, string>> {
  const view = new DataView(buf);
  const bytes = new Uint8Array(buf);
  // End of central directory: the last 'PK\x05\x06'.
  let eocd = bytes.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const out = new Map<string, string>();
  for (let n = 0; n < count; n++) {
    const method = view.getUint16(p + 10, true);
    const size = view.getUint32(p + 20, true);
    const nameLen = view.getUint16(p + 28, true);
    const extra = view.getUint16(p + 30, true);
    const comment = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extra + comment;
    if (!/^xl\/(sharedStrings|worksheets\/sheet1)\.xml$/.test(name)) continue;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.subarray(start, start + size);
    out.set(name, new TextDecoder().decode(method === 8 ? await inflate(raw) : raw));
  }
  return out;
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export async function xlsxToCsv(buf: ArrayBuffer): Promise<string> {
  const parts = await unzip(buf);
  const xml = (s: string) => new DOMParser().parseFromString(s, 'application/xml');
  const shared = [...xml(parts.get('xl/sharedStrings.xml') ?? '<sst/>').getElementsByTagName('si')].map((si) => si.textContent ?? '');
  const sheet = xml(parts.get('xl/worksheets/sheet1.xml') ?? '<worksheet/>');
  const lines: string[] = [];
  for (const row of sheet.getElementsByTagName('row')) {
    const cells: string[] = [];
    for (const c of row.getElementsByTagName('c')) {
      const ref = c.getAttribute('r') ?? '';
      const col = [...ref.replace(/\d+/g, '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const t = c.getAttribute('t');
      const v = t === 'inlineStr' ? (c.getElementsByTagName('t')[0]?.textContent ?? '') : (c.getElementsByTagName('v')[0]?.textContent ?? '');
      cells[col] = t === 's' ? (shared[Number(v)] ?? '') : v;
    }
    lines.push(Array.from(cells, (x) => csvCell(x ?? '')).join(','));
  }
  return lines.join('\n');
}
