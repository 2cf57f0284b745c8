import { createHash, createPublicKey } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';

/** Base64 SHA-256 of the certificate's SubjectPublicKeyInfo: the form --ignore-certificate-errors-spki-list takes. */
export function createSpkiHash(certPem: string): string {
  const spkiDer = createPublicKey(certPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spkiDer).digest('base64');
}

export interface SeenRequest {
  host: string | undefined;
  /** TLS SNI the client sent (false or null when it sent none). */
  servername: string | false | null;
  path: string | undefined;
}

export interface TlsTestServer {
  port: number;
  /** SPKI hash of this server's freshly generated key. */
  spki: string;
  /** Raw TCP connections accepted, including ones whose TLS handshake the client aborted. */
  connections(): number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * HTTPS server on 127.0.0.1 with a throwaway self-signed certificate for `hostname` (new key every call),
 * answering every request with `body` as text/plain.
 */
export async function startTlsServer(hostname: string, body: string): Promise<TlsTestServer> {
  const pems = await generate([{ name: 'commonName', value: hostname }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: hostname }] }],
  });
  const requests: SeenRequest[] = [];
  let connections = 0;
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    requests.push({
      host: req.headers.host,
      servername: (req.socket as TLSSocket).servername,
      path: req.url,
    });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(body);
  });
  server.on('connection', () => {
    connections += 1;
  });
  // A client rejecting our certificate aborts the handshake; that is the expected outcome, not a crash.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    spki: createSpkiHash(pems.cert),
    connections: () => connections,
    requests,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
