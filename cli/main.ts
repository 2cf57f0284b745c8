// The `mta-sts` command: `mta-sts <domain…>` checks domains; `mta-sts NAME …` runs the subcommand NAME.
// The launcher (cli/mta-sts.mjs) calls main() with the process's streams; tests call it with their own.
import { runCheckCommand } from './check-command';
import type { CliIo } from './io';

export type Command = (argv: string[], io: CliIo) => Promise<number>;

/** Subcommands by name, each loaded only when used. A name has no dot, so it never shadows a domain. */
const SUBCOMMANDS: Readonly<Record<string, Command>> = {
  /** `mta-sts tlsrpt FILE… [--json]`: reads received TLS-RPT reports (lib/tls-rpt/reports). */
  tlsrpt: (argv, io) => import('./tlsrpt').then((m) => m.runTlsRpt(argv, io.stdout, io.stderr)),
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const subcommand =
    first !== undefined && Object.hasOwn(SUBCOMMANDS, first) ? SUBCOMMANDS[first] : undefined;
  return subcommand ? subcommand(rest, io) : runCheckCommand(argv, io);
}
