import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/build/config'
import { embedHosts, isCspSource, securitySettings } from '../src/build/csp'
import { DiagnosticList, formatDiagnostic } from '../src/build/diagnostics'
import type { Post, SourceFile } from '../src/build/post'
import { contentSecurityPolicy, securityHeaders } from '../src/model/security'

const file = (path: string, text: string): SourceFile => ({
  path,
  displayPath: `content/${path}`,
  text,
  mtimeMs: 0,
})

/** A post as securitySettings reads it: its file and its body. */
function post(body: string, format: 'markdown' | 'html' = 'markdown'): Post {
  const text = `---\ntitle: A\n---\n${body}\n`
  return {
    record: { body, format } as Post['record'],
    time: 0,
    file: file('_posts/2020-01-01-a.md', text),
    at: () => ({ line: 1, col: 1 }),
    values: {},
    stem: 'a',
  }
}

/** The settings and messages for a `_config.yml`, read once by parseConfig as the build reads it. */
function settings(config: string, bodies: string[] = []) {
  const diagnostics = new DiagnosticList()
  const path = 'content/_config.yml'
  const parsed = parseConfig(path, config, diagnostics)
  if (!parsed) throw new Error(diagnostics.items.map(formatDiagnostic).join('\n'))
  const result = securitySettings(
    path,
    parsed.source,
    bodies.map((b) => post(b)),
    diagnostics,
  )
  return { result, messages: diagnostics.items.map(formatDiagnostic) }
}

describe('embedHosts: the hosts a post loads scripts and frames from', () => {
  it.each<
    [string, string, 'markdown' | 'html', Partial<Record<'script' | 'frame' | 'object', string[]>>]
  >([
    [
      'an iframe',
      '<iframe src="https://www.youtube-nocookie.com/embed/x" allowfullscreen></iframe>',
      'markdown',
      { frame: ['https://www.youtube-nocookie.com'] },
    ],
    [
      'a protocol-relative script keeps the page scheme (a host source without scheme)',
      '<script async src="//speakerdeck.com/assets/embed.js"></script>',
      'markdown',
      { script: ['speakerdeck.com'] },
    ],
    [
      'single quotes',
      "<IFRAME SRC='https://Player.Vimeo.com/video/1'>",
      'markdown',
      { frame: ['https://player.vimeo.com'] },
    ],
    [
      'unquoted, with a port',
      '<iframe src=https://a.example:8443/x>',
      'markdown',
      { frame: ['https://a.example:8443'] },
    ],
    [
      'embed and object',
      '<embed src="https://e.example/a.swf"><object data="https://o.example/b">',
      'html',
      { object: ['https://e.example', 'https://o.example'] },
    ],
    [
      'relative and data URLs are the site’s own or none',
      '<script src="/js/a.js"></script><iframe src="data:text/html,x"></iframe><script src="javascript:alert(1)"></script>',
      'markdown',
      {},
    ],
    [
      'a data-src is not a src',
      '<iframe data-src="https://lazy.example/x"></iframe>',
      'markdown',
      {},
    ],
    [
      'inside a code block, HTML is shown, not loaded',
      '```html\n<iframe src="https://code.example/x"></iframe>\n```\n\n`<script src="https://span.example/x.js">`',
      'markdown',
      {},
    ],
    [
      'an indented code block too',
      'Text:\n\n    <script src="https://indented.example/x.js"></script>\n',
      'markdown',
      {},
    ],
    [
      'HTML posts are read whole',
      '<pre><iframe src="https://h.example/x"></iframe></pre>',
      'html',
      { frame: ['https://h.example'] },
    ],
    [
      'http stays http',
      '<iframe src="http://plain.example/x">',
      'markdown',
      { frame: ['http://plain.example'] },
    ],
    ['a broken URL is ignored', '<iframe src="https://exa mple/x">', 'markdown', {}],
  ])('%s', (_name, body, format, expected) => {
    expect(embedHosts(body, format)).toEqual({ script: [], frame: [], object: [], ...expected })
  })

  it('reads a body marked cannot lex (10,000 nested quotes) without throwing', () => {
    const body = `${'>'.repeat(10_000)} <iframe src="https://deep.example/x"></iframe>`
    expect(() => embedHosts(body, 'markdown')).not.toThrow()
  })
})

describe('securitySettings: the policy from _config.yml and the posts', () => {
  it('lists the hosts of the posts: script hosts may frame their player too', () => {
    const { result, messages } = settings('title: T\n', [
      '<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>',
      '<script src="//speakerdeck.com/assets/embed.js"></script>',
    ])
    expect(messages).toEqual([])
    expect(result).toEqual({
      csp: {
        scriptSrc: ['speakerdeck.com'],
        frameSrc: ['https://www.youtube-nocookie.com', 'speakerdeck.com'],
        imgSrc: [],
      },
      hsts: { maxAge: 31_536_000, includeSubdomains: true, preload: false },
      sanitize: false,
    })
  })

  it('adds the sources of kiosque.csp and reads kiosque.hsts and kiosque.sanitize', () => {
    const { result, messages } = settings(
      [
        'kiosque:',
        '  sanitize: true',
        '  hsts: { max_age: 63072000, include_subdomains: true, preload: true }',
        '  csp:',
        '    script_src: [https://plausible.io]',
        '    frame_src: ["https://player.vimeo.com", "https://www.youtube-nocookie.com"]',
        '    img_src: ["http:"]',
      ].join('\n'),
      ['<iframe src="https://player.vimeo.com/video/1"></iframe>'],
    )
    expect(messages).toEqual([])
    expect(result).toEqual({
      csp: {
        scriptSrc: ['https://plausible.io'],
        frameSrc: ['https://player.vimeo.com', 'https://www.youtube-nocookie.com'],
        imgSrc: ['http:'],
      },
      hsts: { maxAge: 63_072_000, includeSubdomains: true, preload: true },
      sanitize: true,
    })
  })

  it('with kiosque.sanitize, trusts no host of the posts and warns at each embed it will remove', () => {
    const { result, messages } = settings(
      'kiosque:\n  sanitize: true\n  csp: { frame_src: [https://player.vimeo.com] }\n',
      [
        'Intro.\n\n<iframe src="https://evil.example/x"></iframe>\n<iframe src="https://player.vimeo.com/v"></iframe>\n<script src="https://player.vimeo.com/x.js"></script>',
      ],
    )
    expect(result.csp).toEqual({
      scriptSrc: [],
      frameSrc: ['https://player.vimeo.com'],
      imgSrc: [],
    })
    expect(messages).toEqual([
      'content/_posts/2020-01-01-a.md:6:14: warning: kiosque.sanitize removes this iframe from https://evil.example: list the host in kiosque.csp.frame_src of content/_config.yml to keep it',
      'content/_posts/2020-01-01-a.md:8:14: warning: kiosque.sanitize removes this embed from https://player.vimeo.com: a sanitized post keeps no script, embed or object',
    ])
  })

  it('warns that <embed> and <object> are blocked whatever their host', () => {
    const { messages } = settings('title: T\n', ['<embed src="https://e.example/a.swf">'])
    expect(messages).toEqual([
      "content/_posts/2020-01-01-a.md:4:13: warning: <embed> and <object> are blocked by the Content-Security-Policy (object-src 'none'): embed https://e.example with an <iframe>",
    ])
  })

  it.each([
    ['hsts off', 'kiosque:\n  hsts: false\n', false],
    [
      'hsts: true is the default',
      'kiosque:\n  hsts: true\n',
      { maxAge: 31_536_000, includeSubdomains: true, preload: false },
    ],
    [
      'a shorter max_age, no subdomains',
      'kiosque:\n  hsts: { max_age: 300, include_subdomains: false }\n',
      { maxAge: 300, includeSubdomains: false, preload: false },
    ],
  ])('%s', (_name, config, hsts) => {
    const { result, messages } = settings(config)
    expect(messages).toEqual([])
    expect(result.hsts).toEqual(hsts)
  })

  it.each([
    [
      'sanitize is not a boolean',
      'kiosque:\n  sanitize: yes please\n',
      ['content/_config.yml:2:13: kiosque.sanitize must be true or false'],
    ],
    ['hsts: on is YAML 1.1 for true', 'kiosque:\n  hsts: on\n', []],
    [
      'hsts is a number',
      'kiosque:\n  hsts: 3\n',
      [
        'content/_config.yml:2:9: kiosque.hsts must be false or a mapping: use false, or a mapping such as { max_age: 31536000, include_subdomains: true }',
      ],
    ],
    [
      'a negative max_age',
      'kiosque:\n  hsts:\n    max_age: -1\n',
      [
        'content/_config.yml:3:14: kiosque.hsts.max_age must be a whole number of seconds, such as 31536000',
      ],
    ],
    [
      'include_subdomains as text',
      'kiosque:\n  hsts: { include_subdomains: "yes" }\n',
      ['content/_config.yml:2:31: kiosque.hsts.include_subdomains must be true or false'],
    ],
    [
      'an unknown hsts key',
      'kiosque:\n  hsts: { maxage: 1 }\n',
      [
        'content/_config.yml:2:11: unknown key kiosque.hsts.maxage: use false, or a mapping such as { max_age: 31536000, include_subdomains: true }',
      ],
    ],
    [
      'preload without subdomains',
      'kiosque:\n  hsts: { preload: true, include_subdomains: false }\n',
      [
        'content/_config.yml:2:9: kiosque.hsts.preload needs include_subdomains: true and a max_age of at least 31536000',
      ],
    ],
    [
      'csp is a list',
      'kiosque:\n  csp: [a]\n',
      [
        'content/_config.yml:2:8: kiosque.csp must be a mapping of script_src, frame_src and img_src lists',
      ],
    ],
    [
      'an unknown csp key',
      'kiosque:\n  csp: { style_src: [x] }\n',
      [
        'content/_config.yml:2:10: unknown key kiosque.csp.style_src: use script_src, frame_src or img_src',
      ],
    ],
    [
      'a csp list that is a string',
      'kiosque:\n  csp: { script_src: https://a.example }\n',
      ['content/_config.yml:2:22: kiosque.csp.script_src must be a list of sources'],
    ],
    [
      'sources that would break the header',
      'kiosque:\n  csp:\n    frame_src:\n      - "https://a.example; script-src *"\n      - "https://b.example, x"\n      - 42\n      - "https://ok.example"\n      - "https://caf\u00e9.example"\n',
      [
        'content/_config.yml:4:9: "https://a.example; script-src *" is not a CSP source: use a host such as https://player.vimeo.com or a scheme such as https:',
        'content/_config.yml:5:9: "https://b.example, x" is not a CSP source: use a host such as https://player.vimeo.com or a scheme such as https:',
        'content/_config.yml:6:9: 42 is not a CSP source: use a host such as https://player.vimeo.com or a scheme such as https:',
        'content/_config.yml:8:9: "https://café.example" is not a CSP source: use a host such as https://player.vimeo.com or a scheme such as https:',
      ],
    ],
  ])('%s: an error at its line and column', (_name, config, expected) => {
    expect(settings(config).messages).toEqual(expected)
  })

  it('refuses a policy too long for a _headers line', () => {
    const bodies = Array.from(
      { length: 80 },
      (_, i) => `<iframe src="https://embed-${i}.example.org/x"></iframe>`,
    )
    expect(settings('title: T\n', bodies).messages).toEqual([
      expect.stringMatching(
        /^content\/_config\.yml:1:1: the Content-Security-Policy would be \d+ characters, more than a _headers line may hold/,
      ),
    ])
  })
})

describe('isCspSource', () => {
  it.each([
    ['https://player.vimeo.com', true],
    ['*.example.com', true],
    ['https://*.example.com:443/path/', true],
    ['https:', true],
    ['data:', true],
    ["'self'", true],
    ["'sha256-abc+/='", true],
    ['example.com', true],
    ['', false],
    ['https://a.example;', false],
    ['a b', false],
    ['https://a.example,b', false],
    ["'self", false],
    ['https://ex\u00e4mple.com', false],
    ['https://a.example/\n', false],
  ])('%j: %s', (source, ok) => {
    expect(isCspSource(source)).toBe(ok)
  })
})

describe('the policy', () => {
  it('is same-origin by default, images from anywhere on https, no plugins, no framing by others', () => {
    expect(contentSecurityPolicy({})).toBe(
      "default-src 'self'; img-src 'self' https: data:; media-src 'self' https:; style-src 'self'; script-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'",
    )
  })

  it('adds the site’s sources once each', () => {
    const csp = {
      scriptSrc: ['https://s.example'],
      frameSrc: ['https://f.example'],
      imgSrc: ['http:', 'data:'],
    }
    expect(contentSecurityPolicy({ csp })).toContain("script-src 'self' https://s.example;")
    expect(contentSecurityPolicy({ csp })).toContain("frame-src 'self' https://f.example;")
    expect(contentSecurityPolicy({ csp })).toContain("img-src 'self' https: data: http:;")
  })

  it.each([
    [{}, 'max-age=31536000; includeSubDomains'],
    [{ hsts: { maxAge: 600, includeSubdomains: false, preload: false } }, 'max-age=600'],
    [
      { hsts: { maxAge: 63_072_000, includeSubdomains: true, preload: true } },
      'max-age=63072000; includeSubDomains; preload',
    ],
    [{ hsts: false as const }, undefined],
  ])('Strict-Transport-Security for %j: %s', (site, value) => {
    expect(securityHeaders(site)['Strict-Transport-Security']).toBe(value)
  })
})
