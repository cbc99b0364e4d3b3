/**
 * `lexvla <command> ...`: dispatch, usage text, and one place that turns errors into exit codes
 * (1: the input is bad or a check failed; 2: the command line is wrong).
 */
import { UsageError } from './args';
import { encodeCommand, validateCommand, type Io } from './commands';

const USAGE = `usage: lexvla <command> [options]

commands:
  validate <bundle-dir|zip>                              check a bundle; lists every problem
  encode <bundle> <image> [--top 20] [--backend cpu]     top words of one image, as JSON
  eval retrieval <bundle> <evalset-dir> [--json]         image<->text recall@1/5/10
  eval patchdis <bundle> <evalset-dir> [--threshold t] [--json]
                                                         PatchDis mIoU and per-class IoU`;

const stdio: Io = {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
};

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return await validateCommand(rest, io);
      case 'encode':
        return await encodeCommand(rest, io);
      case 'eval': {
        const [what, ...args] = rest;
        const { retrievalCommand, patchdisCommand } = await import('./eval');
        if (what === 'retrieval') return await retrievalCommand(args, io);
        if (what === 'patchdis') return await patchdisCommand(args, io);
        throw new UsageError(`eval ${what ?? ''}: expected "eval retrieval" or "eval patchdis"`);
      }
      case undefined:
      case '--help':
      case 'help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`lexvla: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`lexvla: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
