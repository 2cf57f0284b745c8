// The local DoH test server itself: the client tests, the extension e2e tests and benchmarks rely on it.
import * as dnsPacket from '@leichtgewicht/dns-packet';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DohServer, startDohServer } from '../support/doh-server';
import { createZoneAnswer, type Zone } from '../support/zone';

const ZONE: Zone = {
  'example.test': { ad: true, SOA: { minimum: 120 }, A: ['192.0.2.1'] },
  'mail.example.test': { ad: true, MX: [[10, 'mx.example.test']] },
  'alias.example.test': { ad: true, CNAME: 'mail.example.test' },
};

let server: DohServer;

beforeAll(async () => {
  server = await startDohServer({ zone: ZONE });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  server.resetBehaviours();
  server.requests.length = 0;
});

function query(
  name: string,
  type: dnsPacket.Question['type'],
  flags: number = dnsPacket.RECURSION_DESIRED,
): Uint8Array<ArrayBuffer> {
  return new Uint8Array(
    dnsPacket.encode({ type: 'query', id: 0, flags, questions: [{ name, type, class: 'IN' }] }),
  );
}

async function get(
  name: string,
  type: dnsPacket.Question['type'],
  flags?: number,
): Promise<dnsPacket.Packet> {
  const url = `${server.url}?dns=${Buffer.from(query(name, type, flags)).toString('base64url')}`;
  const response = await fetch(url, { headers: { accept: 'application/dns-message' } });
  expect(response.status).toBe(200);
  return dnsPacket.decode(new Uint8Array(await response.arrayBuffer()));
}

describe('startDohServer', () => {
  it('answers GET ?dns= with the zone records and a CORS header', async () => {
    const url = `${server.url}?dns=${Buffer.from(query('example.test', 'A')).toString('base64url')}`;
    const response = await fetch(url);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('content-type')).toBe('application/dns-message');
    const packet = dnsPacket.decode(new Uint8Array(await response.arrayBuffer()));
    expect(packet.rcode).toBe('NOERROR');
    expect(packet.answers?.map((answer) => answer.data)).toEqual(['192.0.2.1']);
  });

  it('answers POST with an application/dns-message body', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/dns-message' },
      body: query('mail.example.test', 'MX'),
    });
    const packet = dnsPacket.decode(new Uint8Array(await response.arrayBuffer()));
    expect(packet.answers?.map((answer) => answer.data)).toEqual([
      { preference: 10, exchange: 'mx.example.test' },
    ]);
    expect(server.requests.map((request) => request.method)).toEqual(['POST']);
  });

  it.each([
    ['a GET without dns parameter', () => fetch(server.url), 400],
    ['a POST with another content type', () => fetch(server.url, { method: 'POST', body: 'x' }), 415],
    ['another path', () => fetch(server.url.replace('/dns-query', '/other')), 404],
    ['a CORS preflight', () => fetch(server.url, { method: 'OPTIONS' }), 204],
  ])('answers %s with HTTP %i', async (_title, send, status) => {
    expect((await send()).status).toBe(status);
  });

  it('sets AD only when the query asked for it (RFC 6840 §5.7)', async () => {
    expect((await get('example.test', 'A')).flag_ad).toBe(false);
    expect(
      (await get('example.test', 'A', dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA)).flag_ad,
    ).toBe(true);
  });

  it('follows CNAMEs like a recursive resolver', async () => {
    const packet = await get('alias.example.test', 'MX');
    expect(packet.answers?.map((answer) => answer.type)).toEqual(['CNAME', 'MX']);
  });

  it('adds the SOA of the enclosing zone to negative answers', async () => {
    const packet = await get('missing.example.test', 'TXT');
    expect(packet.rcode).toBe('NXDOMAIN');
    expect(packet.authorities?.map((record) => [record.type, record.name])).toEqual([
      ['SOA', 'example.test'],
    ]);
  });

  it('prefers the most specific behaviour: name and type, then name, then global', async () => {
    server.setBehaviour({ fault: 'refused' });
    server.setBehaviour({ fault: 'nxdomain' }, { name: 'example.test' });
    server.setBehaviour({ fault: 'servfail' }, { name: 'Example.Test.', type: 'A' });
    expect((await get('example.test', 'A')).rcode).toBe('SERVFAIL');
    expect((await get('example.test', 'AAAA')).rcode).toBe('NXDOMAIN');
    expect((await get('mail.example.test', 'MX')).rcode).toBe('REFUSED');
    server.setBehaviour(null, { name: 'example.test', type: 'A' });
    expect((await get('example.test', 'A')).rcode).toBe('NXDOMAIN');
  });

  it('logs each query with its name, type and time', async () => {
    await get('example.test', 'A');
    expect(server.requests).toMatchObject([{ name: 'example.test', type: 'A', at: expect.any(Number) }]);
  });

  it('serves a replaced zone', async () => {
    server.setZone({ 'example.test': { A: ['198.51.100.7'] } });
    try {
      expect((await get('example.test', 'A')).answers?.map((answer) => answer.data)).toEqual([
        '198.51.100.7',
      ]);
    } finally {
      server.setZone(ZONE);
    }
  });
});

describe('createZoneAnswer', () => {
  it.each([
    ['NXDOMAIN for an unknown name', 'nope.example.test', 'A', 'NXDOMAIN', 0],
    ['NOERROR and no records for a known name without the type', 'example.test', 'TXT', 'NOERROR', 0],
    ['NOERROR and the records otherwise', 'example.test', 'A', 'NOERROR', 1],
  ])('gives %s', (_title, name, type, rcode, count) => {
    const answer = createZoneAnswer(ZONE, name, type);
    expect(answer.rcode).toBe(rcode);
    expect(answer.answers).toHaveLength(count);
  });

  it('stops at a CNAME loop', () => {
    const zone: Zone = { 'a.test': { CNAME: 'b.test' }, 'b.test': { CNAME: 'a.test' } };
    expect(createZoneAnswer(zone, 'a.test', 'A').answers.map((answer) => answer.name)).toEqual([
      'a.test',
      'b.test',
    ]);
  });
});
