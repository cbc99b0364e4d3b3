/**
 * A small argv parser: positionals plus `--flag value` / `--flag=value` / boolean `--flag`.
 * Unknown flags are errors (a typo must not silently run with defaults).
 */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

interface FlagSpec {
  /** 'boolean' flags take no value. */
  [name: string]: 'string' | 'number' | 'boolean';
}

interface Parsed {
  positional: string[];
  flags: Record<string, string | number | boolean>;
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): Parsed {
  const positional: string[] = [];
  const flags: Parsed['flags'] = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const kind = spec[name];
    if (!kind) {
      const known = Object.keys(spec).map((k) => `--${k}`).join(', ') || 'none';
      throw new UsageError(`unknown option --${name}; expected one of: ${known}`);
    }
    if (kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value, found "${a.slice(eq + 1)}"`);
      flags[name] = true;
      continue;
    }
    const raw = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (raw === undefined) throw new UsageError(`--${name} needs a value`);
    if (kind === 'number') {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} is "${raw}", expected a number`);
      flags[name] = n;
    } else {
      flags[name] = raw;
    }
  }
  return { positional, flags };
}

/** Exactly `names.length` positionals, named in the error message when missing or extra. */
export function expectPositionals(p: Parsed, names: string[], usage: string): string[] {
  if (p.positional.length !== names.length) {
    throw new UsageError(`expected ${names.map((n) => `<${n}>`).join(' ')}, found ${p.positional.length} argument(s)\nusage: ${usage}`);
  }
  return p.positional;
}

/** An integer flag's value (`fallback` when absent), at least `min`. */
export function count(v: unknown, fallback: number, name: string, min = 1): number {
  const n = (v as number | undefined) ?? fallback;
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} is ${n}, expected an integer >= ${min}`);
  return n;
}
