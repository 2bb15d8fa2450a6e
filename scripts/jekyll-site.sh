#!/usr/bin/env bash
# Print what real Jekyll publishes for a site, one tab-separated line per item, for the real-site
# checks (npm run test:sites):
#
#   baseurl  PATH               the site's baseurl, as `jekyll serve` mounts it ("" for none)
#   post     URL  LANG  SOURCE  each post Jekyll writes (site.posts.docs), with its language
#   file     URL                every file written to the output folder, by its URL path
#
# URLs are Jekyll's page.url: escaped, and without the baseurl.
#
#   scripts/jekyll-site.sh ../shared/sites/eig
#
# LANG is the post's `lang`, `locale` or `language` as Jekyll computes its data, with the
# `defaults` of _config.yml applied; empty when it has none. Needs Jekyll (Debian: apt-get install
# jekyll). As in jekyll-urls.sh, the site is built through Jekyll's own Ruby API, in safe mode
# (no plugins), into a temporary folder; the source is only read (no .jekyll-cache is written
# there), so it may be read-only, and a Gemfile in it is never loaded.
set -euo pipefail

if [[ $# -ne 1 || ! -f "$1/_config.yml" ]]; then
  echo "usage: $0 SITE_SOURCE_DIR   (a folder holding _config.yml)" >&2
  exit 2
fi

source_dir="$(cd "$1" && pwd)"
out_dir="$(mktemp -d)"
trap 'rm -rf "$out_dir"' EXIT

export TZ=UTC

SOURCE="$source_dir" DEST="$out_dir" ruby -e '
  require "jekyll"

  out = $stdout.dup
  $stdout = $stderr # Jekyll logs to stdout; only the listing goes there

  config = Jekyll.configuration(
    "source" => ENV.fetch("SOURCE"),
    "destination" => ENV.fetch("DEST"),
    "safe" => true,
    "quiet" => true,
    "disable_disk_cache" => true
  )
  site = Jekyll::Site.new(config)
  site.process

  baseurl = site.config["baseurl"].to_s.sub(%r{/+\z}, "")
  baseurl = "/" + baseurl unless baseurl.empty? || baseurl.start_with?("/")
  out.puts ["baseurl", baseurl].join("\t")

  missing = []
  site.posts.docs.each do |post|
    unless File.file?(post.destination(site.dest))
      missing << post.relative_path
      next
    end
    lang = %w[lang locale language].map { |key| post.data[key] }.find { |v| v.is_a?(String) && !v.empty? }
    out.puts ["post", post.url, lang.to_s, post.relative_path].join("\t")
  end
  abort "jekyll-site: no page written for #{missing.join(", ")}" unless missing.empty?

  dest = ENV.fetch("DEST")
  Dir.glob("**/*", File::FNM_DOTMATCH, base: dest).sort.each do |path|
    next unless File.file?(File.join(dest, path))
    out.puts ["file", "/" + path].join("\t")
  end
'
