import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { frameAllowed, sanitizedBody, sanitizeHtml } from '../src/worker/sanitize'
import { inertProblems } from './support/inert-html'

const FRAMES = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com']
const FRAME_HOSTS = ['www.youtube-nocookie.com', 'player.vimeo.com']
const clean = (html: string) => sanitizeHtml(html, FRAMES)

// The classics of OWASP's XSS Filter Evasion Cheat Sheet, and a few newer mutation-XSS vectors.
const ATTACKS: [string, string][] = [
  ['script tag', '<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>'],
  ['inline script', '<script>alert(1)</script>'],
  ['javascript: in img src', `<IMG SRC="javascript:alert('XSS');">`],
  ['no quotes, no semicolon', `<IMG SRC=javascript:alert('XSS')>`],
  ['case-insensitive scheme', `<IMG SRC=JaVaScRiPt:alert('XSS')>`],
  ['HTML entities', '<IMG SRC=javascript:alert(&quot;XSS&quot;)>'],
  ['grave accents', '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>'],
  ['malformed A tag', '<a onmouseover="alert(document.cookie)">xxs link</a>'],
  ['malformed IMG', '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>'],
  ['fromCharCode', '<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>'],
  ['default src with onmouseover', `<IMG SRC=# onmouseover="alert('xxs')">`],
  ['empty src', `<IMG SRC= onmouseover="alert('xxs')">`],
  ['no src', `<IMG onmouseover="alert('xxs')">`],
  ['onerror', '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>'],
  [
    'onerror, encoded',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
  ],
  [
    'decimal references',
    '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  ],
  [
    'decimal references without semicolons',
    '<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097>',
  ],
  [
    'hex references without semicolons',
    '<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>',
  ],
  ['embedded tab', `<IMG SRC="jav\tascript:alert('XSS');">`],
  ['encoded tab', `<IMG SRC="jav&#x09;ascript:alert('XSS');">`],
  ['encoded newline', `<IMG SRC="jav&#x0A;ascript:alert('XSS');">`],
  ['encoded carriage return', `<IMG SRC="jav&#x0D;ascript:alert('XSS');">`],
  ['NUL in the scheme', '<IMG SRC="java\u0000script:alert(1)">'],
  ['spaces and meta characters before the scheme', `<IMG SRC=" &#14;  javascript:alert('XSS');">`],
  ['non-alpha-non-digit', '<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>'],
  ['non-alpha-non-digit handler', '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>'],
  ['extraneous open brackets', '<<SCRIPT>alert("XSS");//\\<</SCRIPT>'],
  ['no closing script tag', '<SCRIPT SRC=http://xss.example/xss.js?< B >'],
  ['protocol resolution in script', '<SCRIPT SRC=//xss.example/.j>'],
  ['half-open HTML/JavaScript', '<IMG SRC="`<javascript:alert>`(\'XSS\')"'],
  ['double open angle brackets', '<iframe src=http://xss.example/scriptlet.html <'],
  ['end title tag', '</TITLE><SCRIPT>alert("XSS");</SCRIPT>'],
  ['input image', `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`],
  ['body background', `<BODY BACKGROUND="javascript:alert('XSS')">`],
  ['img dynsrc', `<IMG DYNSRC="javascript:alert('XSS')">`],
  ['img lowsrc', `<IMG LOWSRC="javascript:alert('XSS')">`],
  [
    'list-style-image',
    `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
  ],
  ['svg onload', `<svg/onload=alert('XSS')>`],
  ['body onload', `<BODY ONLOAD=alert('XSS')>`],
  ['bgsound', `<BGSOUND SRC="javascript:alert('XSS');">`],
  ['stylesheet link', `<LINK REL="stylesheet" HREF="javascript:alert('XSS');">`],
  ['meta refresh', `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`],
  [
    'meta refresh to data:',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
  ],
  ['iframe javascript:', `<IFRAME SRC="javascript:alert('XSS');"></IFRAME>`],
  ['iframe event', '<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>'],
  ['frameset', `<FRAMESET><FRAME SRC="javascript:alert('XSS');"></FRAMESET>`],
  ['table background', `<TABLE BACKGROUND="javascript:alert('XSS')">`],
  ['td background', `<TABLE><TD BACKGROUND="javascript:alert('XSS')">`],
  ['div background-image', `<DIV STYLE="background-image: url(javascript:alert('XSS'))">`],
  ['div expression', `<DIV STYLE="width: expression(alert('XSS'));">`],
  ['base tag', `<BASE HREF="javascript:alert('XSS');//">`],
  [
    'object tag',
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.example/scriptlet.html"></OBJECT>',
  ],
  [
    'embed svg',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv" AllowScriptAccess="always"></EMBED>',
  ],
  ['link javascript:', '<a href="javascript:alert(1)">x</a>'],
  ['link vbscript:', '<a href="vbscript:msgbox(1)">x</a>'],
  [
    'link data:text/html',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  ],
  ['link with &colon;', '<a href="javascript&colon;alert(1)">x</a>'],
  ['link with leading spaces', '<a href="  javascript:alert(1)">x</a>'],
  ['img data:image/svg+xml', '<img src="data:image/svg+xml,%3Csvg onload=alert(1)%3E">'],
  ['form action', '<form action="javascript:alert(1)"><input type=submit></form>'],
  ['button formaction', '<button formaction="javascript:alert(1)">x</button>'],
  ['details ontoggle', '<details open ontoggle=alert(1)>'],
  ['source onerror', '<video><source onerror="alert(1)"></video>'],
  ['video poster', '<video poster="javascript:alert(1)" src="x"></video>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['mXSS: noscript', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
  ['mXSS: math and style', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
  [
    'mXSS: svg foreignObject',
    '<svg><foreignObject><p><img src=x onerror=alert(1)></p></foreignObject></svg>',
  ],
  ['mXSS: comment', '<!--<img src="--><img src=x onerror=alert(1)//">'],
  ['template', '<template><img src=x onerror=alert(1)></template>'],
  ['textarea', '<textarea><img src=x onerror=alert(1)></textarea>'],
  ['xmp', '<xmp><img src=x onerror=alert(1)></xmp>'],
  ['plaintext', '<plaintext><img src=x onerror=alert(1)>'],
  ['style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
  ['input autofocus onfocus', '<input autofocus onfocus=alert(1)>'],
  ['handler with a vertical tab', '<img src=x onerror\u000b=alert(1)>'],
  ['srcset javascript:', '<img srcset="javascript:alert(1) 1x">'],
  [
    'source srcset javascript:',
    '<picture><source srcset="https://ok.example/a.png 1x, javascript:alert(1) 2x"></picture>',
  ],
  ['a blockquote cite', '<blockquote cite="javascript:alert(1)">q</blockquote>'],
  ['an input that is not a checkbox', '<input type="text" value="x">'],
]

describe('sanitizeHtml: OWASP XSS filter evasion classics', () => {
  it.each(ATTACKS)('%s', (_name, attack) => {
    const out = clean(attack)
    expect(inertProblems(out, FRAME_HOSTS), out).toEqual([])
    expect(out).not.toMatch(/alert\(1\)<\/script>|<script/i)
  })

  it('the inertness check itself flags every attack before sanitizing', () => {
    const unflagged = ATTACKS.filter(
      ([, attack]) => inertProblems(attack, FRAME_HOSTS).length === 0,
    )
    expect(unflagged.map(([name]) => name)).toEqual([])
  })

  it('is idempotent on its own output', () => {
    for (const [, attack] of ATTACKS) expect(clean(clean(attack))).toBe(clean(attack))
  })
})

describe('sanitizeHtml: what authors write is kept', () => {
  it.each<[string, string, string]>([
    [
      'paragraphs and emphasis',
      '<p>Un <em>pain</em> <strong>complet</strong>.</p>',
      '<p>Un <em>pain</em> <strong>complet</strong>.</p>',
    ],
    [
      'links: absolute, relative, anchors, mail',
      '<a href="https://a.example/x?a=1&amp;b=2">a</a><a href="../b.html">b</a><a href="#c">c</a><a href="mailto:x@y.example">d</a>',
      '<a href="https://a.example/x?a=1&amp;b=2">a</a><a href="../b.html">b</a><a href="#c">c</a><a href="mailto:x@y.example">d</a>',
    ],
    [
      'images with lazy loading',
      '<img src="/img/a.svg" alt="Four" loading="lazy" width="10">',
      '<img src="/img/a.svg" alt="Four" loading="lazy" width="10">',
    ],
    [
      'a raster data: image',
      '<img src="data:image/png;base64,iVBORw0KGgo=">',
      '<img src="data:image/png;base64,iVBORw0KGgo=">',
    ],
    [
      'figures',
      '<figure><img src="a.png" alt=""><figcaption><em>Caption</em></figcaption></figure>',
      '<figure><img src="a.png" alt><figcaption><em>Caption</em></figcaption></figure>',
    ],
    [
      'headings with ids, code with highlight classes',
      '<h2 id="levain">Levain</h2><pre><code class="hljs language-js"><span class="hljs-keyword">const</span></code></pre>',
      '<h2 id="levain">Levain</h2><pre><code class="hljs language-js"><span class="hljs-keyword">const</span></code></pre>',
    ],
    [
      'footnotes with aria and data attributes',
      '<sup><a id="ref-1" href="#fn-1" data-footnote-ref aria-describedby="label">1</a></sup>',
      '<sup><a id="ref-1" href="#fn-1" data-footnote-ref="" aria-describedby="label">1</a></sup>',
    ],
    [
      'tables with alignment',
      '<table><thead><tr><th align="center">A</th></tr></thead><tbody><tr><td align="right">1</td></tr></tbody></table>',
      '<table><thead><tr><th align="center">A</th></tr></thead><tbody><tr><td align="right">1</td></tr></tbody></table>',
    ],
    [
      'task lists',
      '<li><input type="checkbox" checked disabled> done</li>',
      '<li><input type="checkbox" checked disabled> done</li>',
    ],
    [
      'a listed iframe, without its handler',
      '<iframe width="560" src="https://www.youtube-nocookie.com/embed/x" title="Demo" allowfullscreen onload="alert(1)"></iframe>',
      '<iframe width="560" src="https://www.youtube-nocookie.com/embed/x" title="Demo" allowfullscreen></iframe>',
    ],
    [
      'a protocol-relative listed iframe',
      '<iframe src="//player.vimeo.com/video/1"></iframe>',
      '<iframe src="//player.vimeo.com/video/1"></iframe>',
    ],
    ['escaped text', '<p>1 &lt; 2 &amp; 3 &gt; 2</p>', '<p>1 &lt; 2 &amp; 3 &gt; 2</p>'],
  ])('%s', (_name, html, expected) => {
    expect(clean(html)).toBe(expected)
  })

  it.each([
    ['an unlisted host', '<p>a</p><iframe src="https://evil.example/x">fallback</iframe><p>b</p>'],
    [
      'a listed host as a subdomain of another',
      '<iframe src="https://www.youtube-nocookie.com.evil.example/x"></iframe>',
    ],
    [
      'a listed host in the query',
      '<iframe src="https://evil.example/?u=https://www.youtube-nocookie.com/"></iframe>',
    ],
    [
      'a listed host as user info',
      '<iframe src="https://www.youtube-nocookie.com@evil.example/"></iframe>',
    ],
    ['plain http', '<iframe src="http://www.youtube-nocookie.com/embed/x"></iframe>'],
    [
      'a second src',
      '<iframe src="https://www.youtube-nocookie.com/embed/x" src="https://evil.example/"></iframe>',
    ],
    ['no src at all', '<iframe></iframe>'],
  ])('removes an iframe from %s', (_name, html) => {
    const out = clean(html)
    expect(inertProblems(out, FRAME_HOSTS), out).toEqual([])
    expect(out).not.toContain('evil')
  })

  it('removes an unlisted iframe whole, keeping what is around it', () => {
    expect(clean('<p>a</p><iframe src="https://evil.example/x"></iframe><p>b</p>')).toBe(
      '<p>a</p><p>b</p>',
    )
  })

  it('keeps no iframe at all when the site lists no frame host', () => {
    expect(
      sanitizeHtml('<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>', []),
    ).toBe('')
  })
})

describe('sanitizedBody', () => {
  it('changes nothing unless the site asks for it', () => {
    const html = '<script>trusted()</script>'
    expect(sanitizedBody({}, html)).toBe(html)
    expect(sanitizedBody({ sanitize: false }, html)).toBe(html)
    expect(sanitizedBody({ sanitize: true }, html)).toBe('')
  })
})

describe('frameAllowed: CSP sources', () => {
  it.each<[string, string[], boolean]>([
    ['https://player.vimeo.com/v/1', ['https://player.vimeo.com'], true],
    ['https://player.vimeo.com:443/v/1', ['https://player.vimeo.com'], true],
    ['https://player.vimeo.com:8443/v/1', ['https://player.vimeo.com'], false],
    ['https://a.vimeo.com/x', ['*.vimeo.com'], true],
    ['https://vimeo.com/x', ['*.vimeo.com'], false],
    ['https://anything.example/', ['https:'], true],
    ['http://anything.example/', ['https:'], false],
    ['https://player.vimeo.com/', ['player.vimeo.com'], true],
    ['javascript:alert(1)', ['https:'], false],
    ['not a url', ['https://x.example'], false],
  ])('%s with %j: %s', (url, sources, allowed) => {
    expect(frameAllowed(url, sources)).toBe(allowed)
  })
})

describe('sanitizeHtml: properties', () => {
  const token = fc.oneof(
    fc.constantFrom(
      '<',
      '>',
      '/',
      '"',
      "'",
      '`',
      '=',
      ' ',
      '\t',
      '\n',
      '&',
      '#',
      ';',
      ':',
      '\u0000',
      'script',
      'img',
      'iframe',
      'svg',
      'math',
      'style',
      'a',
      'p',
      'noscript',
      'textarea',
      'template',
      'src',
      'href',
      'onerror',
      'onload',
      'style',
      'srcdoc',
      'formaction',
      'srcset',
      'poster',
      'javascript:',
      'JaVaScRiPt:',
      'java&#x09;script:',
      'data:text/html,',
      'vbscript:',
      '&#106;',
      '&#x6A',
      '&colon;',
      'alert(1)',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      'https://www.youtube-nocookie.com/embed/x',
      'https://evil.example/',
      '//evil.example',
    ),
    fc.string({ maxLength: 3 }),
  )
  const html = fc.array(token, { maxLength: 40 }).map((t) => t.join(''))

  it('never lets anything runnable through, whatever the input', () => {
    fc.assert(
      fc.property(html, (input) => {
        const out = clean(input)
        expect(
          inertProblems(out, FRAME_HOSTS),
          `${JSON.stringify(input)} → ${JSON.stringify(out)}`,
        ).toEqual([])
      }),
      { numRuns: 2000 },
    )
  })

  it('is idempotent', () => {
    fc.assert(
      fc.property(html, (input) => {
        expect(clean(clean(input))).toBe(clean(input))
      }),
      {
        numRuns: 500,
      },
    )
  })
})
