// A local DNS-over-HTTPS server (RFC 8484) answering from a fixture zone, with fault injection.
// Used by the DoH client's unit tests (plain http on 127.0.0.1), by the extension's end-to-end tests in
// Chromium (https with a given key/cert, as a custom resolver URL) and by benchmarks.
// Dependencies: node builtins and dns-packet only.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createSecureServer } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as dnsPacket from '@leichtgewicht/dns-packet';
import { createZoneAnswer, normalizeName, type Zone } from './zone';

/**
 * What can go wrong on purpose:
 * - servfail / refused / nxdomain: a well-formed answer with that rcode
 * - timeout: never answer (the connection stays open until the client gives up or the server closes)
 * - garbage: HTTP 200, application/dns-message, but the body is not a DNS message
 * - truncated: the real answer cut in the middle
 * - wrong-question: a valid answer about another name
 * - wrong-id: a valid answer with message id 4242
 * - tc: a valid answer with the TC (truncated) flag set
 * - http-500: an HTTP error page
 * - wrong-content-type: the real answer, labelled text/html
 * - redirect: HTTP 302 to the same URL
 * - reset: the connection is destroyed without an HTTP answer
 */
export type DohFault =
  | 'servfail'
  | 'refused'
  | 'nxdomain'
  | 'timeout'
  | 'garbage'
  | 'truncated'
  | 'wrong-question'
  | 'wrong-id'
  | 'tc'
  | 'http-500'
  | 'wrong-content-type'
  | 'redirect'
  | 'reset';

export interface DohBehaviour {
  fault?: DohFault;
  /** Delay before answering, in ms. */
  latencyMs?: number;
  /** Send the body in chunks without content-length (exercises streaming size caps). */
  chunked?: boolean;
}

/** Which queries a behaviour applies to: all (omit both), one name, or one name and type. */
export interface DohBehaviourTarget {
  name?: string;
  type?: string;
}

export interface DohRequestLogEntry {
  name: string;
  type: string;
  /** Date.now() when the request arrived. */
  at: number;
  method: string;
  /** The query's header fields and EDNS0 OPT record, so tests can check what the client asked for. */
  id: number;
  rd: boolean;
  ad: boolean;
  cd: boolean;
  edns: { udpPayloadSize: number; do: boolean } | null;
  accept: string | null;
}

export interface DohServerOptions {
  zone: Zone;
  /** PEM key and certificate: serve https instead of http. */
  tls?: { key: string; cert: string };
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Default /dns-query. */
  path?: string;
  /**
   * With `tls`, speak only HTTP/1.1 (no HTTP/2): browsers then open at most 6 connections per host and queue
   * the other requests, as with many self-hosted resolvers.
   */
  http1Only?: boolean;
  /**
   * Over HTTP/2, how many requests one connection may carry at once (SETTINGS_MAX_CONCURRENT_STREAMS; Node's
   * default has no limit). Browsers queue the others on their side, as with a resolver behind a strict proxy.
   */
  maxConcurrentStreams?: number;
}

export interface DohServer {
  /** e.g. http://127.0.0.1:43123/dns-query */
  url: string;
  port: number;
  requests: DohRequestLogEntry[];
  /** Requests received and not yet answered (or abandoned), now and at most so far. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Starts counting maxInFlight afresh (from the requests in flight now). */
  resetMaxInFlight(): void;
  /** Sets (or with null removes) the behaviour for a target; the most specific matching target wins. */
  setBehaviour(behaviour: DohBehaviour | null, target?: DohBehaviourTarget): void;
  resetBehaviours(): void;
  /** Replaces the zone served from now on. */
  setZone(zone: Zone): void;
  close(): Promise<void>;
}

const DNS_MESSAGE = 'application/dns-message';
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'accept, content-type',
} as const;
const RCODES = { servfail: 'SERVFAIL', refused: 'REFUSED', nxdomain: 'NXDOMAIN' } as const;

function behaviourKey(target: DohBehaviourTarget = {}): string {
  return `${target.name === undefined ? '*' : normalizeName(target.name)}|${target.type?.toUpperCase() ?? '*'}`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startDohServer(options: DohServerOptions): Promise<DohServer> {
  let zone = options.zone;
  const path = options.path ?? '/dns-query';
  const behaviours = new Map<string, DohBehaviour>();
  const requests: DohRequestLogEntry[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;

  function behaviourFor(name: string, type: string): DohBehaviour {
    const n = normalizeName(name);
    return (
      behaviours.get(`${n}|${type}`) ??
      behaviours.get(`${n}|*`) ??
      behaviours.get(`*|${type}`) ??
      behaviours.get('*|*') ??
      {}
    );
  }

  function send(
    res: ServerResponse,
    status: number,
    contentType: string,
    body: Uint8Array,
    chunked = false,
  ): void {
    const headers: Record<string, string> = { ...CORS_HEADERS, 'content-type': contentType };
    if (!chunked) headers['content-length'] = String(body.length);
    res.writeHead(status, headers);
    if (!chunked) {
      res.end(body);
      return;
    }
    for (let offset = 0; offset < body.length; offset += 512) res.write(body.subarray(offset, offset + 512));
    res.end();
  }

  function answer(
    query: dnsPacket.Packet,
    behaviour: DohBehaviour,
  ): { status: number; type: string; body: Uint8Array } {
    const question = query.questions?.[0];
    if (question === undefined) return { status: 400, type: 'text/plain', body: Buffer.from('no question') };
    const fault = behaviour.fault;
    if (fault === 'http-500')
      return { status: 500, type: 'text/html', body: Buffer.from('<h1>Internal error</h1>') };
    if (fault === 'garbage')
      return { status: 200, type: DNS_MESSAGE, body: Buffer.from('this is not a DNS message at all') };

    const zoneAnswer = createZoneAnswer(zone, question.name, question.type);
    const opt = query.additionals?.find((record) => record.type === 'OPT') as
      | { udpPayloadSize?: number; flags?: number }
      | undefined;
    const wantsAd = query.flag_ad === true || ((opt?.flags ?? 0) & dnsPacket.DNSSEC_OK) !== 0;
    const rcode =
      fault !== undefined && fault in RCODES ? RCODES[fault as keyof typeof RCODES] : zoneAnswer.rcode;
    const failed = rcode === 'SERVFAIL' || rcode === 'REFUSED';
    // RFC 6840 §5.7: a validating resolver sets AD only when the query asked for it (AD or DO set).
    let flags = dnsPacket.RECURSION_AVAILABLE | (query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0);
    if (wantsAd && zoneAnswer.ad && !failed) flags |= dnsPacket.AUTHENTIC_DATA;
    if (fault === 'tc') flags |= dnsPacket.TRUNCATED_RESPONSE;
    const response: dnsPacket.Packet = {
      type: 'response',
      id: fault === 'wrong-id' ? 4242 : (query.id ?? 0),
      flags: flags | toRcodeNumber(rcode),
      questions: [fault === 'wrong-question' ? { ...question, name: `other-${question.name}` } : question],
      answers: failed || fault === 'nxdomain' ? [] : zoneAnswer.answers,
      authorities: failed ? [] : zoneAnswer.authorities,
      additionals: opt
        ? [
            {
              type: 'OPT',
              name: '.',
              udpPayloadSize: 1232,
              flags: 0,
              options: [],
            } as unknown as dnsPacket.Answer,
          ]
        : [],
    };
    let body: Uint8Array = dnsPacket.encode(response);
    if (fault === 'truncated') body = body.subarray(0, Math.max(13, Math.floor(body.length / 2)));
    return { status: 200, type: fault === 'wrong-content-type' ? 'text/html' : DNS_MESSAGE, body };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (url.pathname !== path) {
      send(res, 404, 'text/plain', Buffer.from('not found'));
      return;
    }
    let wire: Buffer;
    if (req.method === 'GET') {
      const param = url.searchParams.get('dns');
      if (param === null) {
        send(res, 400, 'text/plain', Buffer.from('missing dns parameter'));
        return;
      }
      wire = Buffer.from(param, 'base64url');
    } else if (req.method === 'POST') {
      if ((req.headers['content-type'] ?? '').split(';')[0]?.trim() !== DNS_MESSAGE) {
        send(res, 415, 'text/plain', Buffer.from(`content-type must be ${DNS_MESSAGE}`));
        return;
      }
      wire = await readBody(req);
    } else {
      send(res, 405, 'text/plain', Buffer.from('method not allowed'));
      return;
    }

    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(wire);
    } catch {
      send(res, 400, 'text/plain', Buffer.from('not a DNS message'));
      return;
    }
    const question = query.questions?.[0];
    const opt = query.additionals?.find((record) => record.type === 'OPT') as
      | { udpPayloadSize?: number; flag_do?: boolean }
      | undefined;
    requests.push({
      name: question?.name ?? '',
      type: question?.type ?? '',
      at: Date.now(),
      method: req.method,
      id: query.id ?? 0,
      rd: query.flag_rd === true,
      ad: query.flag_ad === true,
      cd: query.flag_cd === true,
      edns: opt ? { udpPayloadSize: opt.udpPayloadSize ?? 0, do: opt.flag_do === true } : null,
      accept: req.headers.accept ?? null,
    });

    const behaviour = question ? behaviourFor(question.name, question.type) : {};
    const respond = (): void => {
      if (behaviour.fault === 'timeout') return; // never answer
      if (behaviour.fault === 'reset') {
        // Over HTTP/2 only this request's stream is reset, as a real server's RST_STREAM would.
        const stream = (req as unknown as { stream?: { destroy(): void } }).stream;
        if (stream) stream.destroy();
        else req.socket.destroy();
        return;
      }
      if (behaviour.fault === 'redirect') {
        res.writeHead(302, { ...CORS_HEADERS, location: req.url ?? path });
        res.end();
        return;
      }
      const reply = answer(query, behaviour);
      send(res, reply.status, reply.type, reply.body, behaviour.chunked);
    };
    if (behaviour.latencyMs !== undefined && behaviour.latencyMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        respond();
      }, behaviour.latencyMs);
      timers.add(timer);
    } else {
      respond();
    }
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      inFlight -= 1;
    };
    res.once('finish', done);
    res.once('close', done);
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain', Buffer.from('test server error'));
      else res.destroy();
    });
  };
  // With TLS the server speaks HTTP/2 (and HTTP/1.1 for clients that ask for it), as public DoH resolvers
  // do: browsers then multiplex every query over one connection instead of six HTTP/1.1 connections.
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = options.tls
    ? options.http1Only
      ? (createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) as unknown as Server)
      : (createSecureServer(
          {
            key: options.tls.key,
            cert: options.tls.cert,
            allowHTTP1: true,
            ...(options.maxConcurrentStreams === undefined
              ? {}
              : { settings: { maxConcurrentStreams: options.maxConcurrentStreams } }),
          },
          listener as unknown as Parameters<typeof createSecureServer>[1],
        ) as unknown as Server)
    : createHttpServer(listener);
  server.on('connection', (socket: import('node:net').Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client rejecting our certificate aborts the handshake: expected in some tests, not a crash.
  server.on('tlsClientError', () => undefined);

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${port}${path}`,
    port,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    resetMaxInFlight() {
      maxInFlight = inFlight;
    },
    setBehaviour(behaviour, target) {
      if (behaviour === null) behaviours.delete(behaviourKey(target));
      else behaviours.set(behaviourKey(target), behaviour);
    },
    resetBehaviours() {
      behaviours.clear();
    },
    setZone(next) {
      zone = next;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Requests held open by 'timeout' would otherwise keep close() waiting forever.
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

const RCODE_NUMBERS: Readonly<Record<string, number>> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };

function toRcodeNumber(rcode: string): number {
  return RCODE_NUMBERS[rcode] ?? 0;
}

export interface DohServerGroup {
  servers: DohServer[];
  urls: string[];
  close(): Promise<void>;
}

/** Several servers on the same zone (e.g. stand-ins for the three presets in fallback tests). */
export async function startDohServers(count: number, options: DohServerOptions): Promise<DohServerGroup> {
  const servers = await Promise.all(Array.from({ length: count }, () => startDohServer(options)));
  return {
    servers,
    urls: servers.map((server) => server.url),
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens: connections are refused. */
export async function getRefusingUrl(path = '/dns-query'): Promise<string> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}
