#!/usr/bin/env bash
# Web site benchmark: the time yingji takes to examine a site of 1,000
# static files (yingji web scan: the files view, checks web.dark_link and
# web.config_injection) and to render 20 of its pages in headless Chromium
# (yingji web scan --render --max-pages 20: each page as a desktop visitor
# and as a phone visitor from Baidu, two at a time).
#
# The site is generated in a temporary directory under /var/tmp: PAGES
# pages (zh-CN pages of 6–40 KB with navigation, news lists, inline and
# linked CSS and scripts; one in fifty carries an injected hidden block of
# gambling links), a style sheet and scripts per section. Prints, for the
# static scan, the median wall and CPU seconds of RUNS runs, files per
# second and peak RSS; for the render, wall and CPU seconds (yingji's and
# Chromium's, which yingji starts and waits for) and seconds per page; and
# the findings of each run (the injected pages: one in fifty). Writes only under the temporary directory, removed
# at the end unless KEEP=1. Needs chromium for the render part (skipped
# with a message when missing).
#
#   bench/web.sh
#   PAGES=5000 RUNS=5 bench/web.sh
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

PAGES=${PAGES:-1000}
RUNS=${RUNS:-3}
RENDER=${RENDER:-20}
KEEP=${KEEP:-0}
work=$(mktemp -d /var/tmp/yingji-web-bench.XXXXXX)
cleanup() { [ "$KEEP" = 1 ] && echo "work directory kept: $work" || rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/yingji" ./cmd/yingji
site=$work/site
mkdir -p "$site/css" "$site/js"
python3 - "$site" "$PAGES" <<'EOF'
import os, random, sys
site, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
words = "学校 学院 新闻 通知 公告 招生 就业 科研 教学 学生 教师 校园 文化 活动 讲座 会议 实验室 图书馆 体育 艺术 国际 交流 合作 发展 建设 规划".split()
sections = ["news", "notice", "research", "campus", "about"]
open(f"{site}/css/site.css", "w").write("body{font:14px sans-serif}.nav a{margin:0 8px}.list li{line-height:2}\n" * 40)
open(f"{site}/js/site.js", "w").write("document.addEventListener('DOMContentLoaded',function(){var m=document.querySelector('.nav');if(m){m.className+=' ready'}});\n" * 20)
for i in range(n):
    sec = sections[i % len(sections)]
    os.makedirs(f"{site}/{sec}", exist_ok=True)
    paras = "".join("<p>" + "".join(random.choice(words) for _ in range(random.randint(40, 200))) + "。</p>\n" for _ in range(random.randint(5, 30)))
    links = "".join(f'<li><a href="/{random.choice(sections)}/p{random.randint(0, n-1)}.html">{random.choice(words)}{random.choice(words)}</a></li>' for _ in range(20))
    inject = ""
    if i % 50 == 7:
        inject = '<div style="position:absolute;left:-9999px"><a href="http://bc.invalid/">澳门博彩</a> <a href="http://bc.invalid/2">百家乐</a> <a href="http://bet.invalid/">真人娱乐</a></div>'
    page = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{random.choice(words)}{random.choice(words)} - 某某大学</title>
<link rel="stylesheet" href="/css/site.css"><style>.hero{{padding:20px}} .sub{{display:none}} .nav li:hover .sub{{display:block}}</style></head>
<body><ul class="nav"><li><a href="/">首页</a><ul class="sub"><li><a href="/about/p1.html">学校概况</a></li></ul></li>{''.join(f'<li><a href="/{s}/p0.html">{s}</a></li>' for s in sections)}</ul>
<div class="hero"><h1>{random.choice(words)}{random.choice(words)}</h1>{paras}</div><ul class="list">{links}</ul>{inject}
<script src="/js/site.js"></script></body></html>"""
    open(f"{site}/{sec}/p{i}.html", "w").write(page)
open(f"{site}/index.html", "w").write(open(f"{site}/news/p0.html").read())
EOF
files=$(find "$site" -type f | wc -l)
bytes=$(du -sb "$site" | cut -f1)
echo "site: $files files, $((bytes / 1024)) KiB"

measure() { # label, command...
	local label=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || true
	read -r wall user sys rss < <(tail -n 1 "$work/time")
	echo "$label $wall $(echo "$user + $sys" | bc) $rss $(grep -c '"rule"' "$work/out" || true)"
}

echo "static scan (yingji web scan --root SITE --json), $RUNS runs:"
for i in $(seq "$RUNS"); do measure static "$work/yingji" web scan --root "$site" --json; done | tee "$work/static"
sort -k2 -n "$work/static" | awk -v n="$RUNS" -v f="$files" 'NR==int((n+1)/2){printf "  median: %.2f s wall, %.2f s CPU, %.0f files/s, peak RSS %.1f MB, %d findings\n", $2, $3, f/$2, $4/1024, $5}'
grep -o '"path":"[^"]*"' "$work/out" | sort -u | head -3 | sed 's/^/  e.g. /'

if ! command -v chromium >/dev/null 2>&1; then
	echo "render: skipped, chromium is not installed (apt-get install chromium)"
	exit 0
fi
echo "render ($RENDER pages × 2 profiles, yingji web scan --render --max-pages $RENDER):"
measure render "$work/yingji" web scan --root "$site" --render --max-pages "$RENDER" --json | tee "$work/render"
read -r _ wall cpu rss n <"$work/render"
static_wall=$(sort -k2 -n "$work/static" | awk -v n="$RUNS" 'NR==int((n+1)/2){print $2}')
awk -v w="$wall" -v s="$static_wall" -v p="$RENDER" -v c="$cpu" -v r="$rss" 'BEGIN{printf "  %.1f s wall (%.1f s beyond the static scan, %.2f s per page), CPU %.2f s (yingji and Chromium), yingji peak RSS %.1f MB\n", w, w-s, (w-s)/p, c, r/1024}'
