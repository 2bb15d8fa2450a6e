/** The default theme's stylesheet: no third-party fonts, light and dark, print. */
export const STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1f;--bg:#fdfdfc;--muted:#5b5b66;--accent:#1d4ed8;--line:#e3e3e8}
@media (prefers-color-scheme:dark){:root{--fg:#ececf1;--bg:#16161a;--muted:#a4a4b0;--accent:#93b4ff;--line:#2c2c35}}
*{box-sizing:border-box}body{margin:0;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
header.site,main,footer.site{max-width:44rem;margin:0 auto;padding:1rem}
header.site{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;border-bottom:1px solid var(--line)}
.brand{font-weight:700;text-decoration:none;color:var(--fg)}
.langs{display:flex;gap:.75rem;list-style:none;margin:0;padding:0}.langs [aria-current]{font-weight:700}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
.meta{color:var(--muted);font-size:.9rem}.tags{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0}
.tags li{border:1px solid var(--line);border-radius:1rem;padding:0 .6rem;font-size:.85rem}
article img,article iframe,article video{max-width:100%;height:auto}
figure{margin:1.5rem 0}figcaption{color:var(--muted);font-size:.9rem;font-style:italic}
pre{overflow-x:auto;padding:1rem;border:1px solid var(--line);border-radius:.4rem}
table{border-collapse:collapse;display:block;overflow-x:auto}td,th{border:1px solid var(--line);padding:.3rem .6rem}
.posts{list-style:none;padding:0}.posts>li{margin:0 0 2rem}.posts h2{margin:.2rem 0}
nav.pages{display:flex;justify-content:space-between;gap:1rem}
.notice{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;border:1px solid var(--line);border-radius:.4rem;padding:.5rem 1rem;margin:1rem 0}
.lang-badge{font-size:.8rem;border:1px solid var(--line);border-radius:.3rem;padding:0 .3rem;margin-left:.4rem;color:var(--muted)}
@media print{header.site nav,.skip,nav.pages,.notice{display:none}a{color:inherit}}
`
