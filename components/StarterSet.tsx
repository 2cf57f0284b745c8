// For a domain without MTA-STS: the three things to publish, built from its real MX hosts, ready to copy.
// An existing TLS-RPT record is left alone: a second v=TLSRPTv1 record would break TLS-RPT.
import type { StarterSet as StarterSetData } from '../lib/fixes';
import { CopyButton } from './CopyButton';

export interface StarterSetProps {
  /** Built by createStarterSetFor (lib/fixes): the domain's MX hosts, the check time, its TLS-RPT record. */
  set: StarterSetData;
  copyText(text: string): Promise<void>;
}

export function StarterSet({ set, copyText }: StarterSetProps) {
  const items = set.tlsRptRecord === null ? 'two' : 'three';
  if (set.mx.length === 0) {
    return (
      <section class="starter" aria-labelledby="starter-heading" data-testid="starter-set">
        <h2 id="starter-heading">Set up MTA-STS</h2>
        <p>
          {set.domain} has no MX hosts we could list in a policy. Publish MX records first (or a null MX if
          the domain receives no mail), then check again to get a ready-made MTA-STS setup.
        </p>
      </section>
    );
  }
  return (
    <section class="starter" aria-labelledby="starter-heading" data-testid="starter-set">
      <h2 id="starter-heading">Set up MTA-STS</h2>
      <p>
        {set.domain} has no MTA-STS yet. Publish these {items} items, in this order. They start in{' '}
        <em>testing</em> mode: senders report TLS problems to you but still deliver, so no mail can bounce
        while you read the reports.
      </p>
      <ol class="starter-steps">
        <li>
          <h3>Policy file</h3>
          <p>
            Serve this text as <code>text/plain</code> at <code>{set.policyUrl}</code>. The name{' '}
            <code>{set.policyHost}</code> needs a DNS record pointing to a web server with a valid HTTPS
            certificate for that exact name.
          </p>
          <pre data-testid="starter-policy">{set.policy}</pre>
          <CopyButton label="Copy policy" text={set.policy} copyText={copyText} />
          <p class="snippet-note">
            max_age {set.maxAge} is one week, the low end of the "weeks or greater" RFC 8461 §3.2 describes.
            In testing mode a long cache cannot block mail, and senders still pick up every change at once
            because you publish a new id with it.
          </p>
        </li>
        <li>
          <h3>MTA-STS record</h3>
          <p>
            TXT record named <code>{set.stsRecordName}</code>:
          </p>
          <pre data-testid="starter-record">{set.stsRecord}</pre>
          <CopyButton label="Copy record" text={set.stsRecord} copyText={copyText} />
          <p class="snippet-note">
            The id is the time of this check. Change it every time you change the policy file: senders only
            fetch the policy again when the id changes.
          </p>
        </li>
        {set.tlsRptRecord !== null && (
          <li>
            <h3>TLS-RPT record</h3>
            <p>
              TXT record named <code>{set.tlsRptRecordName}</code>
              {set.tlsRptUnknown && (
                <>
                  {' '}
                  (our lookup of it failed: publish this only if no <code>v=TLSRPTv1</code> record exists
                  there, since a second one breaks TLS-RPT)
                </>
              )}
              :
            </p>
            <pre data-testid="starter-tlsrpt">{set.tlsRptRecord}</pre>
            <CopyButton label="Copy TLS-RPT record" text={set.tlsRptRecord} copyText={copyText} />
            <p class="snippet-note">
              Daily reports go to tlsrpt@{set.domain}: create that mailbox, or put another address after
              mailto:.
            </p>
          </li>
        )}
      </ol>
      <p>
        When the reports show no failures for a few weeks, change the policy to <code>mode: enforce</code>{' '}
        with a longer max_age (for example 1209600, two weeks), then publish a new id.
      </p>
    </section>
  );
}
