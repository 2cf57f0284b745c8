// The `mta-sts` command: `mta-sts <domain…>` checks domains; `mta-sts NAME …` runs the subcommand NAME.
// The launcher (cli/mta-sts.mjs) calls main() with the process's streams; tests call it with their own.
import { runCheckCommand } from './check-command';
import type { CliIo } from './io';

export { createProcessIo } from './io';

export type Command = (argv: string[], io: CliIo) => Promise<number>;

/**
 * Subcommands by name. A name has no dot, so it never shadows a domain. Add one as
 * `name: (argv, io) => import('./name').then((m) => m.main(argv, io)),` (loaded only when used).
 */
const SUBCOMMANDS: Readonly<Record<string, Command>> = {};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const subcommand =
    first !== undefined && Object.hasOwn(SUBCOMMANDS, first) ? SUBCOMMANDS[first] : undefined;
  return subcommand ? subcommand(rest, io) : runCheckCommand(argv, io);
}
