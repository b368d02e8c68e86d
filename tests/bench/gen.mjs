// Deterministic benchmark data: ticket exports with Deflect's canonical contact columns.
//
//   node gen.mjs [DIR]      writes tickets-1m.csv, tickets-3m.csv, tickets-100k.xlsx, tickets-1m.json
//
// The same seed always gives the same bytes (a fixed PRNG, no clock), so runs on different days
// compare. A file is only rewritten when it is missing or was written by another version of this
// script (the stamp next to it says which).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const VERSION = 3;
export const COLUMNS = ['id', 'customer', 'channel', 'created', 'first_response', 'resolved', 'agent', 'team', 'issue_type',
  'status', 'reopens', 'agent_replies', 'csat'];

const CHANNELS = [['email', 40], ['chat', 25], ['phone', 15], ['messaging', 10], ['web_form', 7], ['social', 3]];
const TEAMS = [['Tier 1', 45], ['Tier 2', 20], ['Billing', 15], ['Tech', 15], ['VIP', 5]];
const ISSUES = [['billing', 25], ['shipping', 25], ['returns', 15], ['account', 15], ['technical', 12], ['other', 8]];
// Median first response (seconds) and spread by channel.
const FRT = { phone: [40, 0.8], chat: [90, 0.9], email: [3 * 3600, 1.2], web_form: [4 * 3600, 1.2], messaging: [1800, 1.1], social: [2400, 1.1] };
const WEEKDAY_WEIGHT = [1, 1, 1, 0.95, 0.9, 0.45, 0.35]; // Mon..Sun
const HOUR_WEIGHT = [1, 1, 1, 1, 1, 2, 4, 7, 10, 12, 12, 11, 10, 11, 12, 11, 10, 8, 6, 5, 4, 3, 2, 1];
const START = Date.UTC(2025, 0, 1);
const DAYS = 365;

/** mulberry32: a small, fast, fixed PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function picker(pairs, r) {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  return () => {
    let x = r() * total;
    for (const [v, w] of pairs) { if ((x -= w) < 0) return v; }
    return pairs[pairs.length - 1][0];
  };
}

const iso = ms => new Date(ms).toISOString().slice(0, 19) + 'Z';

/**
 * Calls `emit(row)` for `n` tickets in creation order (a row is an array of COLUMNS values, null
 * when blank). Customers: n/4 of them, so repeats happen; 300 agents.
 */
export function tickets(n, seed, emit) {
  const r = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const channel = picker(CHANNELS, r);
  const team = picker(TEAMS, r);
  const issue = picker(ISSUES, r);
  const hourTotal = HOUR_WEIGHT.reduce((a, b) => a + b, 0);
  const hour = () => { let x = r() * hourTotal; for (let h = 0; h < 24; h++) { if ((x -= HOUR_WEIGHT[h]) < 0) return h; } return 23; };
  const dayWeights = Array.from({ length: DAYS }, (_, d) => WEEKDAY_WEIGHT[(new Date(START + d * 86400000).getUTCDay() + 6) % 7]);
  const wsum = dayWeights.reduce((a, b) => a + b, 0);
  const perDay = dayWeights.map(w => Math.floor(n * w / wsum));
  for (let left = n - perDay.reduce((a, b) => a + b, 0), d = 0; left > 0; left--, d = (d + 1) % DAYS) perDay[d]++;
  const customers = Math.max(1, Math.floor(n / 4));
  let id = 1000000;
  for (let d = 0; d < DAYS; d++) {
    const times = Array.from({ length: perDay[d] }, () => START + d * 86400000 + hour() * 3600000 + Math.floor(r() * 3600) * 1000);
    times.sort((a, b) => a - b);
    for (const created of times) {
      const ch = channel();
      const [median, spread] = FRT[ch];
      const frtS = Math.max(1, Math.round(median * Math.exp(spread * normal())));
      const responded = r() < 0.95;
      const first = responded ? created + frtS * 1000 : null;
      const solved = responded && r() < 0.88;
      const resolved = solved ? first + Math.round(6 * 3600 * Math.exp(1.3 * normal())) * 1000 : null;
      const status = solved ? (r() < 0.6 ? 'closed' : 'solved') : (responded ? 'pending' : 'open');
      const csat = solved && r() < 0.35 ? 1 + Math.floor(r() * r() * 5 + r() * 1.2) % 5 : null;
      emit([String(id++), `${Math.floor(r() * customers)}@acme.io`, ch, iso(created), first && iso(first), resolved && iso(resolved),
        `Agent ${1 + Math.floor(r() * 300)}`, team(), issue(), status, solved ? (r() < 0.08 ? 1 : 0) : 0, 1 + Math.floor(r() * r() * 8), csat]);
    }
  }
}

/** A file written through a big buffer (fast, bounded memory). */
function writer(file) {
  const fd = fs.openSync(file, 'w');
  let buf = [];
  let size = 0;
  const flush = () => { if (buf.length) { fs.writeSync(fd, buf.join('')); buf = []; size = 0; } };
  return {
    write(s) { buf.push(s); size += s.length; if (size > 1 << 22) flush(); },
    close() { flush(); fs.closeSync(fd); },
  };
}

export function writeCsv(file, n, seed) {
  const w = writer(file);
  w.write(COLUMNS.join(',') + '\n');
  tickets(n, seed, row => w.write(row.map(v => (v === null ? '' : v)).join(',') + '\n'));
  w.close();
}

export function writeJson(file, n, seed) {
  const w = writer(file);
  let first = true;
  w.write('[');
  tickets(n, seed, row => {
    const o = {};
    COLUMNS.forEach((c, i) => { o[c] = row[i]; });
    w.write((first ? '\n' : ',\n') + JSON.stringify(o));
    first = false;
  });
  w.write('\n]\n');
  w.close();
}

// ----- XLSX: a minimal workbook (inline strings; timestamps as date cells with a date format).

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
function crc32(buf) { let c = 0xFFFFFFFF; for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xFF] ^ (c >>> 8); return (c ^ 0xFFFFFFFF) >>> 0; }

function zip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text, 'utf8');
    const comp = zlib.deflateRawSync(data, { level: 6 });
    const nameBuf = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0, 10); local.writeUInt32LE(crc, 14); local.writeUInt32LE(comp.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26); local.writeUInt16LE(0, 28);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6); cen.writeUInt16LE(0, 8); cen.writeUInt16LE(8, 10);
    cen.writeUInt32LE(0, 12); cen.writeUInt32LE(crc, 16); cen.writeUInt32LE(comp.length, 20); cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(nameBuf.length, 28); cen.writeUInt32LE(offset, 42);
    parts.push(local, nameBuf, comp);
    central.push(cen, nameBuf);
    offset += 30 + nameBuf.length + comp.length;
  }
  const cenBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cenBuf.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cenBuf, end]);
}

const xmlEscape = s => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colName = i => String.fromCharCode(65 + i);
const excelSerial = isoText => Date.parse(isoText) / 86400000 + 25569;

export function writeXlsx(file, n, seed) {
  const rows = [];
  const cell = (ci, ri, v) => {
    const ref = `${colName(ci)}${ri}`;
    if (v === null) return '';
    if (ci >= 3 && ci <= 5 && ri > 1) return `<c r="${ref}" s="1"><v>${excelSerial(v)}</v></c>`;
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    return `<c r="${ref}" t="inlineStr"><is><t>${xmlEscape(v)}</t></is></c>`;
  };
  rows.push(`<row r="1">${COLUMNS.map((c, i) => cell(i, 1, c)).join('')}</row>`);
  let ri = 2;
  tickets(n, seed, row => { rows.push(`<row r="${ri}">${row.map((v, i) => cell(i, ri, v)).join('')}</row>`); ri++; });
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
  const files = [
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
    ['xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Tickets" sheetId="1" r:id="rId1"/></sheets></workbook>'],
    ['xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'],
    ['xl/styles.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>'],
    ['xl/worksheets/sheet1.xml', sheet],
  ];
  fs.writeFileSync(file, zip(files));
}

export const DATASETS = [
  { name: 'tickets-1m.csv', rows: 1_000_000, seed: 1, write: writeCsv },
  { name: 'tickets-3m.csv', rows: 3_000_000, seed: 3, write: writeCsv },
  { name: 'tickets-100k.xlsx', rows: 100_000, seed: 100, write: writeXlsx, version: 4 },
  { name: 'tickets-1m.json', rows: 1_000_000, seed: 1, write: writeJson },
  // A 1 GB export (8M rows): written only when asked for (`run --big`, or named here).
  { name: 'tickets-8m.csv', rows: 8_000_000, seed: 8, write: writeCsv, big: true },
];

/** Writes every data set missing from `dir` (the big one only if `big` or named in `only`);
 *  returns their paths by name. */
export function generate(dir, only = null, big = false) {
  fs.mkdirSync(dir, { recursive: true });
  const out = {};
  for (const d of DATASETS) {
    if (only && !only.includes(d.name)) continue;
    if (d.big && !big && !only) continue;
    const file = path.join(dir, d.name);
    const stamp = `${file}.stamp`;
    const want = JSON.stringify({ version: d.version ?? VERSION, rows: d.rows, seed: d.seed });
    if (!fs.existsSync(file) || !fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
      const t0 = Date.now();
      d.write(file, d.rows, d.seed);
      fs.writeFileSync(stamp, want);
      console.error(`gen: ${d.name} ${(fs.statSync(file).size / 1e6).toFixed(1)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    out[d.name] = file;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] || path.join(path.dirname(new URL(import.meta.url).pathname), 'data');
  generate(dir, process.argv.slice(3).length ? process.argv.slice(3) : null);
}
