# Builds a site with Jekyll, as `jekyll build` does (Jekyll::Site#process on the site's own
# _config.yml), and writes the pages it wrote as JSON, with Jekyll's version, for `npm run compare`.
#
#   SOURCE=dir DEST=dir REPORT=file ruby jekyll-build.rb
#
# For each page, post and collection document written: its file under DEST, whether it is a
# post, its declared language (lang, locale or language, front matter or defaults), and, for a
# post, what Jekyll's `{{ content }}` gives a layout. That is taken in the :post_convert hook,
# which Jekyll runs right after Markdown conversion and before the layouts: it holds for every
# layout a site can have (its own, a gem theme's, front matter `layout:`, none), where rewriting
# the copy's layouts would miss the ones a theme brings. The build itself stays whole, so the
# pages Jekyll writes are the ones the site publishes.
#
# Exit status: 0 built, 1 Jekyll failed (its message on stderr), 3 Jekyll is not installed.
begin
  require "jekyll"
rescue LoadError => e
  warn e.message
  exit 3
end
require "json"
require "pathname"

contents = {}
Jekyll::Hooks.register :posts, :post_convert do |post|
  contents[post.path] = post.content.to_s
end

begin
  config = Jekyll.configuration(
    "source" => ENV.fetch("SOURCE"),
    "destination" => ENV.fetch("DEST")
  )
  site = Jekyll::Site.new(config)
  site.process
rescue StandardError, ScriptError => e
  warn "#{e.class}: #{e.message}"
  exit 1
end

dest = Pathname.new(site.dest)
posts = site.posts.docs.map(&:path).to_h { |path| [path, true] }
written = (site.pages + site.documents).select(&:write?).filter_map do |doc|
  file = doc.destination(site.dest)
  next unless File.file?(file)

  lang = %w(lang locale language).map { |key| doc.data[key] }.find { |v| v.is_a?(String) && !v.empty? }
  entry = {
    "file" => Pathname.new(file).relative_path_from(dest).to_s,
    "post" => posts.key?(doc.path),
    "lang" => lang,
  }
  entry["content"] = contents.fetch(doc.path, "").scrub if entry["post"]
  entry
end

File.write(ENV.fetch("REPORT"), JSON.generate({ "version" => Jekyll::VERSION, "pages" => written }))
