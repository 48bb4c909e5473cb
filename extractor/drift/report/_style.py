"""The inline stylesheet of drift.html.

Kept apart from :mod:`.html` so that the markup code reads on its own. The
page must stand alone (no external resources), so the whole look is here:
level colours, the summary tables, the filter bar, the side-by-side
columns of a finding, the groups under an extraction problem.

Not responsible for any markup or text.
"""

from __future__ import annotations

__all__ = ["CSS"]

CSS = """
:root { --err:#b42318; --err-bg:#fee4e2; --warn:#9a6700; --warn-bg:#fff4d6;
  --info:#175cd3; --info-bg:#e0ecff; --line:#d0d7de; --muted:#57606a; --code-bg:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1400px; padding: 1.5rem 2rem 4rem; color: #1f2328;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC",
  "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC",
  "WenQuanYi Zen Hei Mono", monospace; font-size: 0.9em; }
code { background: var(--code-bg); padding: 0.1em 0.35em; border-radius: 4px;
  overflow-wrap: anywhere; }
a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }
h1 { margin: 0 0 0.25rem; font-size: 1.7rem; }
h2 { font-size: 1.25rem; margin: 0; }
nav#summary h2 { margin: 1.25rem 0 0.5rem; }
.meta { color: var(--muted); margin: 0.25rem 0; font-size: 0.9rem; }
.headline { font-size: 1.05rem; margin: 0.5rem 0; }
.badge { display: inline-block; padding: 0.05em 0.6em; border-radius: 999px; font-size: 0.8rem;
  font-weight: 600; white-space: nowrap; }
.lv-error .badge.level, .badge.lv-error { background: var(--err-bg); color: var(--err); }
.lv-warning .badge.level, .badge.lv-warning { background: var(--warn-bg); color: var(--warn); }
.lv-info .badge.level, .badge.lv-info { background: var(--info-bg); color: var(--info); }
.badge.breaks { background: #eee; color: #333; }
[hidden] { display: none !important; }
form.filters { position: sticky; top: 0; z-index: 2; background: #fff; margin: 1rem 0;
  padding: 0.6rem 0.8rem; border: 1px solid var(--line); border-radius: 6px; font-size: 0.9rem; }
form.filters .row { display: flex; flex-wrap: wrap; gap: 0.4rem 1.25rem; align-items: center;
  margin: 0.2rem 0; }
form.filters select { max-width: 22rem; }
form.filters .shown { margin-left: auto; color: var(--muted); }
ol.top { padding-left: 1.5rem; margin: 0.5rem 0; }
ol.top li { margin: 0.15rem 0; overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.4rem; }
section#findings > h2, section.explained > h2 { margin-top: 1.5rem; }
section.explained { margin-top: 2.5rem; border-top: 3px solid var(--line); padding-top: 1rem; }
section.cause { margin: 1rem 0 1.5rem; padding-left: 1rem; border-left: 3px solid var(--info-bg); }
code.endpoint { font-weight: 600; background: none; padding: 0; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.6rem; vertical-align: top; }
th { background: var(--code-bg); text-align: left; font-weight: 600; }
.summary-wrap { overflow-x: auto; }
table.summary td:first-child { min-width: 16rem; }
table.summary td:first-child code { overflow-wrap: normal; }
table.summary td.n, table.summary th.n { text-align: center; min-width: 2.75rem; }
table.summary th.n { padding: 0.3rem 0.25rem; }
table.summary td:nth-child(2) { white-space: nowrap; font-size: 0.85rem; }
table.summary td.n a { display: block; font-weight: 600; color: inherit; }
table.summary td.lv-error { background: var(--err-bg); color: var(--err); }
table.summary td.lv-warning { background: var(--warn-bg); color: var(--warn); }
table.summary td.lv-info { background: var(--info-bg); color: var(--info); }
table.summary tfoot td { font-weight: 600; background: var(--code-bg); }
table.summary th.rule { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.72rem;
  font-weight: 500; }
details.clean, details.legend { margin: 0.5rem 0; color: var(--muted); }
details.legend dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem;
  font-size: 0.85rem; }
details.legend dt { font-family: ui-monospace, Menlo, Consolas, monospace; }
details.legend dd { margin: 0; }
section.diagnostics { margin-top: 2.5rem; border-top: 3px solid var(--line); padding-top: 1rem; }
section.diagnostics summary { font-weight: 600; }
tr.lv-error td:first-child { color: var(--err); }
tr.lv-warning td:first-child { color: var(--warn); }
section.endpoint { margin-top: 2.5rem; border-top: 3px solid var(--line); padding-top: 1rem; }
section.endpoint > header { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem;
  align-items: baseline; }
section.endpoint > header h2 code { font-size: 1.15rem; background: none; padding: 0; }
.docid, .top { color: var(--muted); font-size: 0.9rem; }
.top { margin-left: auto; }
table.versions { margin: 0.75rem 0 0.5rem; font-size: 0.85rem; }
article.finding { border: 1px solid var(--line); border-left: 6px solid var(--line);
  border-radius: 6px; margin: 1rem 0; padding: 0.75rem 1rem; }
article.finding.lv-error { border-left-color: var(--err); }
article.finding.lv-warning { border-left-color: var(--warn); }
article.finding.lv-info { border-left-color: var(--info); }
article.finding:target { box-shadow: 0 0 0 3px #54aeff66; }
article.finding > header { display: flex; flex-wrap: wrap; gap: 0.4rem 0.75rem;
  align-items: center; }
.rule { font-weight: 600; }
.permalink { margin-left: auto; color: var(--muted); }
.message { margin: 0.5rem 0 0.75rem; overflow-wrap: anywhere; }
details.message summary { cursor: pointer; }
details.message[open] summary { color: var(--muted); font-size: 0.85rem; }
.sides { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); }
.side { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.75rem;
  background: #fcfcfd; min-width: 0; }
.side .label { font-weight: 600; font-size: 0.9rem; }
.side .value { margin: 0.35rem 0; font-size: 1.05rem; }
.side .value code { background: #fff8c5; white-space: pre-wrap; display: inline-block;
  max-width: 100%; }
.side .value .absent { color: var(--muted); font-style: italic; }
.side .loc { color: var(--muted); font-size: 0.85rem; overflow-wrap: anywhere; }
.side ul.loc { margin: 0; padding-left: 1.1rem; }
.side details { color: var(--muted); font-size: 0.85rem; }
.side details ul { margin: 0; padding-left: 1.1rem; overflow-wrap: anywhere; }
.side pre { margin: 0.5rem 0 0; padding: 0.5rem; background: var(--code-bg); border-radius: 4px;
  max-height: 14em; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere;
  font-size: 0.8rem; }
dl.extra { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.75rem;
  font-size: 0.85rem; margin: 0.75rem 0 0; color: var(--muted); }
dl.extra dd { margin: 0; overflow-wrap: anywhere; }
.empty { font-size: 1.1rem; padding: 1rem; background: #dafbe1; border-radius: 6px; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; }
"""
