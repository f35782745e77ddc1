/**
 * A minimal authoritative DNS responder over UDP for TXT records (RFC 1035 wire format), so domain
 * verification runs through node:dns's real resolver (c-ares) against records a test controls:
 *   const dns = await startFakeDns();                  // 127.0.0.1, a free port
 *   dns.setTxt("_chorus.acme.test", ["chorus-domain-verification=…"]);
 *   lookupVerification("acme.test", token, { servers: [dns.server] })
 * Names it has records for answer NOERROR (TXT answers, or none for other types); other names
 * NXDOMAIN; names passed to fail() SERVFAIL. Also runnable on its own (e2e, by hand):
 *   npx tsx tests/fakes/dns.ts --port 5354 --txt _chorus.acme.test=chorus-domain-verification=abc
 *   dig @127.0.0.1 -p 5354 TXT _chorus.acme.test
 */
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

const TYPE_TXT = 16;
const CLASS_IN = 1;
const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;
const RCODE_FORMERR = 1;

export interface FakeDns {
  /** "127.0.0.1:<port>", as SSO_DNS_SERVERS and Resolver#setServers take it */
  server: string;
  port: number;
  /** replaces the TXT records of a name (case-insensitive, no trailing dot); [] removes them */
  setTxt(name: string, values: string[]): void;
  /** the name answers SERVFAIL until cleared */
  fail(name: string): void;
  /** questions received, lower-cased name and type, for asserting what was asked */
  queries: { name: string; type: number }[];
  clear(): void;
  close(): Promise<void>;
}

interface Question {
  name: string;
  type: number;
  klass: number;
  /** the question section's bytes, echoed in the answer */
  raw: Buffer;
}

function readQuestion(msg: Buffer): Question | null {
  if (msg.length < 12 || msg.readUInt16BE(4) !== 1) return null;
  const labels: string[] = [];
  let offset = 12;
  for (;;) {
    if (offset >= msg.length) return null;
    const len = msg[offset]!;
    if (len === 0) {
      offset += 1;
      break;
    }
    // queries carry no compression pointers
    if (len > 63 || offset + 1 + len > msg.length) return null;
    labels.push(msg.subarray(offset + 1, offset + 1 + len).toString("latin1"));
    offset += 1 + len;
  }
  if (offset + 4 > msg.length) return null;
  return {
    name: labels.join(".").toLowerCase(),
    type: msg.readUInt16BE(offset),
    klass: msg.readUInt16BE(offset + 2),
    raw: msg.subarray(12, offset + 4),
  };
}

/** A TXT record's RDATA: the value as character-strings of at most 255 bytes each. */
function txtRdata(value: string): Buffer {
  const bytes = Buffer.from(value, "utf8");
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
    if (bytes.length === 0) break;
  }
  return Buffer.concat(parts);
}

function answer(query: Buffer, q: Question | null, rcode: number, records: string[]): Buffer {
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  const rd = query.length > 2 ? query[2]! & 0x01 : 0;
  header[2] = 0x80 | 0x04 | rd; // QR, AA, RD copied
  header[3] = rcode & 0x0f; // RA 0
  header.writeUInt16BE(q ? 1 : 0, 4);
  header.writeUInt16BE(records.length, 6);
  const answers = records.map((value) => {
    const rdata = txtRdata(value);
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // the question's name
    rr.writeUInt16BE(TYPE_TXT, 2);
    rr.writeUInt16BE(CLASS_IN, 4);
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  return Buffer.concat([header, q ? q.raw : Buffer.alloc(0), ...answers]);
}

export async function startFakeDns(opts: { port?: number; host?: string } = {}): Promise<FakeDns> {
  const host = opts.host ?? "127.0.0.1";
  const records = new Map<string, string[]>();
  const failing = new Set<string>();
  const queries: FakeDns["queries"] = [];
  const socket: Socket = createSocket(host.includes(":") ? "udp6" : "udp4");
  const key = (name: string) => name.toLowerCase().replace(/\.$/, "");

  socket.on("message", (msg: Buffer, from: RemoteInfo) => {
    const q = readQuestion(msg);
    let reply: Buffer;
    if (!q) reply = answer(msg, null, RCODE_FORMERR, []);
    else {
      queries.push({ name: q.name, type: q.type });
      if (failing.has(q.name)) reply = answer(msg, q, RCODE_SERVFAIL, []);
      else if (!records.has(q.name)) reply = answer(msg, q, RCODE_NXDOMAIN, []);
      else reply = answer(msg, q, 0, q.type === TYPE_TXT && q.klass === CLASS_IN ? records.get(q.name)! : []);
    }
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(opts.port ?? 0, host, () => resolve());
  });
  const { port } = socket.address() as AddressInfo;
  return {
    server: host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`,
    port,
    setTxt(name, values) {
      if (values.length) records.set(key(name), [...values]);
      else records.delete(key(name));
    },
    fail(name) {
      failing.add(key(name));
    },
    queries,
    clear() {
      records.clear();
      failing.clear();
      queries.length = 0;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const portAt = args.indexOf("--port");
  const dns = await startFakeDns({ port: portAt === -1 ? 5354 : Number(args[portAt + 1]) });
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== "--txt") continue;
    const spec = args[i + 1] ?? "";
    const eq = spec.indexOf("=");
    if (eq > 0) dns.setTxt(spec.slice(0, eq), [spec.slice(eq + 1)]);
  }
  console.log(`fake DNS on ${dns.server}`);
  const stop = () => void dns.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
