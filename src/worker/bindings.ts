import type { Catalog } from './catalog'

/** The worker's bindings (see wrangler.toml) and per-request variables. */
export interface AppEnv {
  Bindings: {
    /** The content: post records and manifests, under the keys of `model/keys.ts`. */
    POSTS: KVNamespace
    /** The content version this deployment serves; set by `npm run dev` and `npm run deploy`. */
    CONTENT_VERSION: string
  }
  Variables: {
    catalog: Catalog
  }
}
