import { z } from 'zod';
import { AppError } from './domain/errors.ts';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .min(1)
    .default('sqlite:data/atlas.db')
    .refine((u) => /^(sqlite:|postgres(ql)?:\/\/)/.test(u), {
      message:
        'must start with sqlite: (e.g. sqlite:data/atlas.db) or postgres:// (e.g. postgres://user@host:5432/db)',
    }),
  REFERENCE_DIR: z.string().min(1).default('data/reference'),
  /** The folder the bulk downloads (the whole dataset as files) are generated into. */
  DOWNLOADS_DIR: z.string().min(1).default('data/downloads'),
  /** The public origin of the site (e.g. https://atlas.example.org), used in linked data's absolute identifiers; by default each request's own origin. */
  PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      message: 'must be an http(s) URL such as https://atlas.example.org',
    })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /**
   * Hosts (host or host:port, comma-separated) whose requests may supply the origin of absolute
   * links when PUBLIC_URL is not set; loopback hosts always may. Any other Host gets a 400.
   */
  TRUSTED_HOSTS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== ''),
    )
    .refine((hosts) => hosts.every((h) => /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(h)), {
      message:
        'must be a comma-separated list of host or host:port, e.g. atlas.example.org,atlas.example.org:8443',
    }),
  /** Requests per minute each client (by address) may make to /api/v1; 0 turns the limit off. */
  API_RATE_LIMIT: z.coerce
    .number({ message: 'must be a whole number of requests per minute (0 turns the limit off)' })
    .int({ message: 'must be a whole number of requests per minute (0 turns the limit off)' })
    .min(0, { message: 'must be 0 (no limit) or more requests per minute' })
    .max(1_000_000, {
      message: 'must be at most 1000000 requests per minute (0 turns the limit off)',
    })
    .default(600),
});

/** The validated, frozen configuration of a process. */
export type Config = Readonly<z.infer<typeof EnvSchema>>;

/** Reads configuration from an environment (process.env by default); the only reader of process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid_parameter',
      `configuration: ${String(issue?.path.join('.'))} ${issue?.message ?? 'is invalid'}`,
    );
  }
  return Object.freeze(parsed.data);
}
