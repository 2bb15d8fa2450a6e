#!/usr/bin/env bash
# Print, sorted, the URL path of every post page that real Jekyll generates for a site.
#
#   scripts/jekyll-urls.sh tests/fixtures/jekyll-blog > tests/fixtures/jekyll-blog.urls.txt
#
# Needs Jekyll (Debian: apt-get install jekyll). Used to make golden files for the permalink code.
#
# How posts are told apart from other pages: rather than guessing from the built file names
# (a post permalink can be any fixed path, e.g. /en/about-the-programme.html), the site is
# built through Jekyll's own Ruby API, the same Site#process call `jekyll build` makes, and
# Jekyll is asked for its post documents (site.posts.docs). That list already leaves out
# drafts, `published: false` and, when `future: false`, future posts. Each URL is printed only
# if its file was written to the output directory, so the list is of pages really generated.
#
# TZ is pinned to UTC so that the :year/:month/:day of a front matter date with an offset
# do not depend on the machine; a `timezone:` key in _config.yml still wins, as in Jekyll.
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

  urls_out = $stdout.dup
  $stdout = $stderr # Jekyll logs to stdout; only URLs go there

  config = Jekyll.configuration(
    "source" => ENV.fetch("SOURCE"),
    "destination" => ENV.fetch("DEST"),
    "safe" => true,
    "quiet" => true,
    "disable_disk_cache" => true # the source may be read-only, and stays as it was
  )
  site = Jekyll::Site.new(config)
  site.process

  missing = []
  site.posts.docs.each do |post|
    if File.file?(post.destination(site.dest))
      urls_out.puts post.url
    else
      missing << post.relative_path
    end
  end
  abort "jekyll-urls: no page written for #{missing.join(", ")}" unless missing.empty?
' | LC_ALL=C sort
