#!/usr/bin/env bash
# Print, sorted, the URL path of every post page that real Jekyll generates for a site.
#
#   scripts/jekyll-urls.sh tests/fixtures/jekyll-blog > tests/fixtures/jekyll-blog.urls.txt
#
# Needs Jekyll (Debian: apt-get install jekyll). Used to make golden files for the permalink code,
# and by scripts/check-jekyll-urls.sh.
#
# Posts are not guessed from the built file names (a post permalink can be any fixed path, e.g.
# /en/about-the-programme.html): src/jekyll/report.rb builds the site through Jekyll's own API, in
# safe mode into a temporary folder (the site is only read), and reports Jekyll's posts. That list
# already leaves out drafts, `published: false` and, when `future: false`, future posts; a post
# whose page was not written fails the script, so the list is of pages really generated.
set -euo pipefail

if [[ $# -ne 1 || ! -f "$1/_config.yml" ]]; then
  echo "usage: $0 SITE_SOURCE_DIR   (a folder holding _config.yml)" >&2
  exit 2
fi

out_dir="$(mktemp -d)"
trap 'rm -rf "$out_dir"' EXIT

ruby "$(dirname "$0")/../src/jekyll/report.rb" --safe "$1" "$out_dir/_site" > "$out_dir/report.json"
ruby -rjson -e '
  posts = JSON.parse(File.read(ARGV[0]))["posts"]
  missing = posts.reject { |post| post["file"] }.map { |post| post["source"] }
  abort "jekyll-urls: no page written for #{missing.join(", ")}" unless missing.empty?
  posts.each { |post| puts post["url"] }
' "$out_dir/report.json" | LC_ALL=C sort
