import type { Catalog } from './catalog'

/**
 * The worker's bindings and per-request variables. `Env` is what `npm run cf-typegen` (wrangler
 * types) generates from wrangler.toml into worker-configuration.d.ts: POSTS, and CONTENT_VERSION,
 * set by `npm run dev` and `npm run deploy`. The two below are not in wrangler.toml, so wrangler
 * cannot type them: both may be absent, which `[secrets] required` would forbid (a deploy without
 * the secret would fail, though only drafts previews need it).
 */
export interface AppEnv {
  Bindings: Env & {
    /** The worker's name (`name` in wrangler.toml), set by `deploy` and `preview`: preview hosts end in `-<name>.`. */
    WORKER_NAME?: string
    /** The HMAC key of drafts preview links (`wrangler secret put KIOSQUE_PREVIEW_SECRET`). */
    KIOSQUE_PREVIEW_SECRET?: string
  }
  Variables: {
    catalog: Catalog
    /** The request came to one of this worker's preview URLs. */
    preview: boolean
    /** It also holds a valid preview token: a drafts preview shows its drafts. */
    unlocked: boolean
  }
}
