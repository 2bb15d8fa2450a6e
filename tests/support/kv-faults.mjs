// Wraps the bundled worker so tests can inject KV faults at the binding: the real KV namespace
// is still used, except for the reads a request's `x-test-kv-fault` header asks to break.
// Test-only: the product never sees this header.
import worker from './index.js'

function faulty(kv, mode) {
  return {
    get(key, options) {
      if (mode === 'error') return Promise.reject(new Error(`injected KV error reading ${key}`))
      if (mode === 'timeout') return new Promise(() => {})
      if (mode === 'missing') return Promise.resolve(null)
      return kv.get(key, options)
    },
    getWithMetadata: (...args) => kv.getWithMetadata(...args),
    put: (...args) => kv.put(...args),
    delete: (...args) => kv.delete(...args),
    list: (...args) => kv.list(...args),
  }
}

export default {
  fetch(request, env, ctx) {
    const mode = request.headers.get('x-test-kv-fault')
    if (!mode) return worker.fetch(request, env, ctx)
    const headers = new Headers(request.headers)
    headers.delete('x-test-kv-fault')
    return worker.fetch(new Request(request, { headers }), { ...env, POSTS: faulty(env.POSTS, mode) }, ctx)
  },
}
