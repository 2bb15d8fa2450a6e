# Builds a site with the real Jekyll, as `jekyll build` does (Jekyll::Site#process on the site's
# own _config.yml), and prints on stdout one JSON report of what it published; Jekyll's own
# messages go to stderr. The one place Kiosque asks Jekyll what it publishes: for npm run compare
# and the real-site checks (npm run test:sites), through src/jekyll/report.ts, and for
# scripts/jekyll-urls.sh.
#
#   ruby src/jekyll/report.rb [--safe] SOURCE DEST
#
# --safe: Jekyll's safe mode (no plugins, so a Gemfile's or _plugins' code never runs), no disk
# cache, so that SOURCE is only read and may be read-only, and only Jekyll's errors on stderr.
# Without it the site's plugins load as the user's Jekyll would load them.
#
# The report:
#   version   Jekyll's version, "4.3.1"
#   baseurl   where `jekyll serve` mounts the site: "/blog", or "" for none
#   posts     each post (site.posts.docs, so no drafts, no `published: false`, no future post
#             unless `future: true`): url (Jekyll's page.url: escaped, without the baseurl),
#             source (its path in SOURCE), lang, file (what it was written to under DEST, or
#             null), content (what Jekyll's `{{ content }}` gives a layout)
#   pages     each page, post and collection document written: file, url, post, lang
#   files     every file written under DEST, with `/` separators, sorted
#
# lang is `lang`, `locale` or `language` as Jekyll computes the data, `defaults` applied; null
# when there is none. content is taken in the :post_convert hook, which Jekyll runs right after
# Markdown conversion and before the layouts: it holds for every layout a site can have (its own,
# a gem theme's, front matter `layout:`, none), where rewriting the layouts would miss the ones a
# theme brings. The build itself stays whole, so the pages written are the ones the site publishes.
#
# Exit status: 0 built, 1 Jekyll failed (its message on stderr), 2 wrong arguments, 3 Jekyll is
# not installed.

# Jekyll writes a post's date, and so its :year/:month/:day, in the machine's time zone unless
# _config.yml sets `timezone` (Jekyll then sets TZ itself, and that still wins). Kiosque's default
# zone is UTC, so the reference is UTC too, and does not change with the machine it runs on.
ENV["TZ"] = "UTC"

safe = !ARGV.delete("--safe").nil?
unless ARGV.length == 2
  warn "usage: ruby #{$PROGRAM_NAME} [--safe] SOURCE DEST"
  exit 2
end
source, dest = ARGV.map { |dir| File.expand_path(dir) }

begin
  require "jekyll"
rescue LoadError => e
  warn e.message
  exit 3
end
require "json"
require "pathname"

report = $stdout.dup
$stdout = $stderr # Jekyll logs to stdout; only the report goes there

contents = {}
Jekyll::Hooks.register :posts, :post_convert do |post|
  contents[post.path] = post.content.to_s
end

overrides = { "source" => source, "destination" => dest }
overrides.merge!("safe" => true, "disable_disk_cache" => true, "quiet" => true) if safe
begin
  site = Jekyll::Site.new(Jekyll.configuration(overrides))
  site.process
rescue StandardError, ScriptError => e
  warn "#{e.class}: #{e.message}"
  exit 1
end

root = Pathname.new(site.dest)
written = lambda do |doc|
  file = doc.destination(site.dest)
  File.file?(file) ? Pathname.new(file).relative_path_from(root).to_s : nil
end
language = lambda do |doc|
  %w(lang locale language).map { |key| doc.data[key] }.find { |v| v.is_a?(String) && !v.empty? }
end

baseurl = site.config["baseurl"].to_s.sub(%r{/+\z}, "")
baseurl = "/#{baseurl}" unless baseurl.empty? || baseurl.start_with?("/")

posts = site.posts.docs.map do |post|
  {
    "url" => post.url,
    "source" => post.relative_path,
    "lang" => language.call(post),
    "file" => written.call(post),
    "content" => contents.fetch(post.path, "").scrub,
  }
end
post_paths = site.posts.docs.to_h { |post| [post.path, true] }
pages = (site.pages + site.documents).select(&:write?).filter_map do |doc|
  file = written.call(doc)
  file && { "file" => file, "url" => doc.url, "post" => post_paths.key?(doc.path), "lang" => language.call(doc) }
end
files = Dir.glob("**/*", File::FNM_DOTMATCH, base: site.dest).select do |path|
  File.file?(File.join(site.dest, path))
end

report.write(JSON.generate({
  "version" => Jekyll::VERSION,
  "baseurl" => baseurl,
  "posts" => posts,
  "pages" => pages,
  "files" => files.sort,
}))
