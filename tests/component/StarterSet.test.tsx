import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StarterSet } from '../../components/StarterSet';
import { createStarterSet, type TlsRptPresence } from '../../lib/fixes';

afterEach(cleanup);

const NOW = new Date('2026-03-14T09:30:05Z');

function Starter(props: {
  domain: string;
  mxHosts: string[];
  now: Date;
  tlsRpt?: TlsRptPresence;
  copyText: (text: string) => Promise<void>;
}) {
  const set = createStarterSet(props.domain, props.mxHosts, props.now, props.tlsRpt);
  return <StarterSet set={set} copyText={props.copyText} />;
}

describe('StarterSet', () => {
  it('lists the real MX hosts in a testing policy with a one-week max_age', () => {
    render(
      <Starter
        domain="shop.example"
        mxHosts={['aspmx.l.google.com', 'alt1.aspmx.l.google.com']}
        now={NOW}
        copyText={vi.fn()}
      />,
    );
    expect(screen.getByTestId('starter-policy').textContent).toBe(
      'version: STSv1\nmode: testing\nmx: aspmx.l.google.com\nmx: alt1.aspmx.l.google.com\nmax_age: 604800\n',
    );
    expect(screen.getByTestId('starter-set').textContent).toContain(
      'https://mta-sts.shop.example/.well-known/mta-sts.txt',
    );
  });

  it('gives the _mta-sts record with a fresh id and the TLS-RPT record', () => {
    render(<Starter domain="shop.example" mxHosts={['mx.shop.example']} now={NOW} copyText={vi.fn()} />);
    expect(screen.getByTestId('starter-record').textContent).toBe('v=STSv1; id=20260314093005');
    expect(screen.getByTestId('starter-tlsrpt').textContent).toBe(
      'v=TLSRPTv1; rua=mailto:tlsrpt@shop.example',
    );
    expect(screen.getByTestId('starter-set').textContent).toContain('_mta-sts.shop.example');
    expect(screen.getByTestId('starter-set').textContent).toContain('_smtp._tls.shop.example');
  });

  it.each([
    ['Copy policy', 'version: STSv1\nmode: testing\nmx: mx.shop.example\nmax_age: 604800\n'],
    ['Copy record', 'v=STSv1; id=20260314093005'],
    ['Copy TLS-RPT record', 'v=TLSRPTv1; rua=mailto:tlsrpt@shop.example'],
  ])('"%s" copies its block and says so', async (button, text) => {
    const copyText = vi.fn(async () => {});
    render(<Starter domain="shop.example" mxHosts={['mx.shop.example']} now={NOW} copyText={copyText} />);
    fireEvent.click(screen.getByRole('button', { name: button }));
    await waitFor(() => expect(screen.getByText('✔ Copied')).toBeTruthy());
    expect(copyText).toHaveBeenCalledWith(text);
  });

  it('explains the max_age choice', () => {
    render(<Starter domain="shop.example" mxHosts={['mx.shop.example']} now={NOW} copyText={vi.fn()} />);
    expect(screen.getByTestId('starter-set').textContent).toContain('max_age 604800 is one week');
  });

  it('asks for MX records first when there are none', () => {
    render(<Starter domain="shop.example" mxHosts={[]} now={NOW} copyText={vi.fn()} />);
    expect(screen.queryByTestId('starter-policy')).toBeNull();
    expect(screen.getByTestId('starter-set').textContent).toContain('Publish MX records first');
  });

  it.each<[TlsRptPresence, boolean, RegExp | null]>([
    ['absent', true, null],
    ['present', false, null],
    ['unknown', true, /publish this only if no v=TLSRPTv1 record exists/],
  ])('with a TLS-RPT record %s, offers one: %s', (tlsRpt, offered, caution) => {
    render(
      <Starter
        domain="shop.example"
        mxHosts={['mx.shop.example']}
        now={NOW}
        tlsRpt={tlsRpt}
        copyText={vi.fn()}
      />,
    );
    expect(screen.queryByTestId('starter-tlsrpt') !== null).toBe(offered);
    expect(screen.getByTestId('starter-set').textContent).toContain(
      offered ? 'these three items' : 'these two items',
    );
    if (caution) expect(screen.getByTestId('starter-set').textContent).toMatch(caution);
  });
});
