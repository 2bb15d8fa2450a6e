import type { Catalog } from './catalog'

/** The worker's bindings (see wrangler.toml) and per-request variables. */
export interface AppEnv {
  Bindings: {
    /** The content: post records and manifests, under the keys of `model/keys.ts`. */
    POSTS: KVNamespace
    /** The content version this deployment serves; set by `npm run dev` and `npm run deploy`. */
    CONTENT_VERSION: string
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
