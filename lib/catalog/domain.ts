import type { CodeInfo } from './types';

// Finding codes emitted by the domain area: what each means and how to fix it.
export const domainCodes = {
  'domain.invalid': {
    title: 'The input is not a domain name we can check',
    fix:
      'Enter the domain that receives the mail, such as example.com. A web address (https://www.example.com/page) ' +
      'or an e-mail address (someone@example.com) works too; IP addresses, single names like localhost and ' +
      'browser pages such as chrome://settings do not.',
  },
} as const satisfies Record<string, CodeInfo>;
