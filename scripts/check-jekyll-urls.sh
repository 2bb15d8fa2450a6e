#!/usr/bin/env bash
# Checks that Kiosque publishes exactly the posts real Jekyll publishes, at the same URLs, for
# each site folder given (default: the Jekyll fixture and content/). Needs Jekyll (Debian's
# `jekyll` package); CI installs it. Exits non-zero on the first difference.
set -euo pipefail
cd "$(dirname "$0")/.."

sites=("$@")
[[ ${#sites[@]} -gt 0 ]] || sites=(tests/fixtures/jekyll-blog content)

for site in "${sites[@]}"; do
  out="$(mktemp -d)"
  npx tsx src/cli/build.ts --content "$site" --out "$out/dist" > /dev/null
  node -e '
    const entries = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
    const manifest = JSON.parse(entries.find((e) => e.key.startsWith("manifest:")).value)
    // Scheduled posts are in the manifest but shown only from their date, as Jekyll publishes them.
    const visible = manifest.posts.filter((p) => manifest.site.future || Date.parse(p.date) <= Date.now())
    console.log(visible.map((p) => encodeURI(p.url)).sort().join("\n"))
  ' "$out/dist/kv.json" | LC_ALL=C sort > "$out/kiosque.txt"
  scripts/jekyll-urls.sh "$site" 2> "$out/jekyll.log" > "$out/jekyll.txt" || { cat "$out/jekyll.log" >&2; exit 1; }
  if diff -u "$out/jekyll.txt" "$out/kiosque.txt"; then
    echo "jekyll urls: $site: $(wc -l < "$out/jekyll.txt") posts at the same URLs as Jekyll"
  else
    echo "jekyll urls: $site: Kiosque (+) and Jekyll (-) disagree" >&2
    exit 1
  fi
  rm -rf "$out"
done
