import type { CodeInfo } from './types';

// Finding codes emitted by the fetch area (lib/mta-sts/fetch-policy.ts): what each means and how to fix it.
export const fetchCodes = {
  'policy.fetched': {
    title: 'The policy file was downloaded over HTTPS',
  },
  'policy.redirect': {
    title: 'The policy URL answers with a redirect, which senders must not follow',
    fix: 'Serve the file itself at https://mta-sts.<domain>/.well-known/mta-sts.txt with HTTP 200. Remove the redirect for this path (an HTTP-to-HTTPS or "www" redirect rule often catches it), or host the file on the policy host directly.',
  },
  'policy.http-status': {
    title: 'The policy URL does not answer with HTTP 200',
    fix: 'Publish the policy as a static file at /.well-known/mta-sts.txt on mta-sts.<domain> and check that `curl -i https://mta-sts.<domain>/.well-known/mta-sts.txt` shows HTTP 200 with the policy text. For 404, check the exact path (the directory is ".well-known", with the dot).',
  },
  'policy.content-type': {
    title: 'The policy is not served as text/plain',
    fix: 'Configure the web server to send `Content-Type: text/plain` for mta-sts.txt (nginx: `default_type text/plain;` in that location; Apache: `AddType text/plain .txt`). If the answer is text/html, a web application is answering instead of the file: serve the file statically.',
  },
  'policy.content-type.charset': {
    title: 'The policy declares a charset other than utf-8 or us-ascii',
    fix: 'Send `Content-Type: text/plain` or `text/plain; charset=utf-8`, and keep the file plain ASCII.',
  },
  'policy.too-large': {
    title: 'The policy file is larger than 64 KB',
    fix: 'Make sure the URL serves only the policy (a few lines: version, mode, mx, max_age) and not another file or page; a real policy is well under 1 KB.',
  },
  'policy.timeout': {
    title: 'The policy host did not answer in time',
    fix: 'Check that mta-sts.<domain> answers HTTPS requests promptly from outside your network (firewall, overloaded or sleeping hosting plan, slow backend). A static file on a CDN or simple web host answers in well under a second.',
  },
  'policy.host.nxdomain': {
    title: 'The policy host mta-sts.<domain> does not exist in DNS',
    fix: 'Create an A/AAAA (or CNAME) record for mta-sts.<domain> pointing to a web server that serves the policy over HTTPS. If you do not want MTA-STS, remove the _mta-sts TXT record instead.',
  },
  'policy.fetch.failed': {
    title: 'The HTTPS connection to the policy host failed',
    fix: 'Install a certificate that is valid for mta-sts.<domain> (the name must be in the certificate), unexpired, and issued by a public CA, including the intermediate certificates; then check that port 443 is open. `openssl s_client -connect mta-sts.<domain>:443 -servername mta-sts.<domain>` shows the certificate the server presents.',
  },
} as const satisfies Record<string, CodeInfo>;
