import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { htmlFilesUnder, isHtmlFile, urlOfFile } from '../src/compare/site-files'

describe("urlOfFile: the URL of a file in Jekyll's _site", () => {
  const cases: [string, string][] = [
    ['index.html', '/'],
    ['blog/index.html', '/blog/'],
    ['page2/index.html', '/page2/'],
    ['blog/2018/02/27/bootcamp.html', '/blog/2018/02/27/bootcamp.html'],
    ['en/about-the-programme.html', '/en/about-the-programme.html'],
    ['404.html', '/404.html'],
    ['blog/index.htm', '/blog/index.htm'],
    ['blog/café.html', '/blog/caf%C3%A9.html'],
    ['tag/open source.html', '/tag/open%20source.html'],
    ['a/100%.html', '/a/100%25.html'],
  ]
  it.each(cases)('%s is %s', (file, url) => {
    expect(urlOfFile(file)).toBe(url)
  })
})

describe('isHtmlFile: the pages among the files', () => {
  const cases: [string, boolean][] = [
    ['index.html', true],
    ['old.HTM', true],
    ['feed.xml', false],
    ['css/main.css', false],
    ['html', false],
  ]
  it.each(cases)('%s: %s', (file, expected) => {
    expect(isHtmlFile(file)).toBe(expected)
  })
})

describe('htmlFilesUnder', () => {
  it('lists every HTML file in nested folders, sorted, with / separators', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kiosque-compare-files-'))
    try {
      for (const file of [
        'index.html',
        'blog/2018/x.html',
        'blog/index.html',
        'feed.xml',
        'img/a.png',
      ]) {
        await mkdir(dirname(join(dir, file)), { recursive: true })
        await writeFile(join(dir, file), '')
      }
      expect(await htmlFilesUnder(dir)).toEqual([
        'blog/2018/x.html',
        'blog/index.html',
        'index.html',
      ])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
