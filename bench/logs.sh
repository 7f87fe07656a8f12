#!/usr/bin/env bash
# Log benchmark: yingji logs against fail2ban-regex (fail2ban 1.0.2, Debian's
# filter.d/sshd.conf, mode normal) and grep, on the same input:
# ../shared/corpus/logs/elastic-examples/auth.log concatenated SCALE times.
#
#   fail2ban      fail2ban-regex -o ip INPUT filter.d/sshd.conf
#                 (one line per failure it counts: the address)
#   yingji-events yingji logs --events INPUT   (every event as JSON Lines;
#                 failures are the events with "auth_failure":"true")
#   yingji        yingji logs INPUT           (the detections, findings only)
#   grep          grep -c sshd INPUT          (reading speed of the disk cache)
#
# Asserts that the failed authentications per source address are identical
# for fail2ban and yingji (exit 1 if not), then prints for each tool the wall
# and CPU (user+sys) seconds, lines per second, lines per CPU-second, MB/s
# and peak RSS, and the throughput ratios of yingji to fail2ban (per second
# of wall time and per CPU-second). Also reads the three scanner access
# logs (apache-http-logs) with yingji logs --events and prints MB/s.
#
# fail2ban is not installed: its Debian package is downloaded (apt-get
# download) and unpacked in the work directory, and fail2ban-regex is run
# from there with python3. Writes only under a temporary directory in
# /var/tmp, removed at the end unless KEEP=1; never into the repository.
#
#   bench/logs.sh
#   SCALE=100 KEEP=1 bench/logs.sh
#
# SCALE (default 1000): copies of auth.log (7,121 lines, 0.8 MB each).
# RUNS (default 5): runs of grep and yingji; the one of median CPU time is
# printed. fail2ban runs once.
# YINGJI=PATH: use this executable instead of building ./cmd/yingji.
# CORPUS=DIR (default ../shared/corpus).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

SCALE=${SCALE:-1000}
CORPUS=${CORPUS:-../shared/corpus}
KEEP=${KEEP:-0}
RUNS=${RUNS:-5}
work=$(mktemp -d /var/tmp/yingji-logs-bench.XXXXXX)
cleanup() { [ "$KEEP" = 1 ] && echo "work directory kept: $work" || rm -rf "$work"; }
trap cleanup EXIT

auth="$CORPUS/logs/elastic-examples/auth.log"
[ -f "$auth" ] || { echo "bench: $auth missing" >&2; exit 2; }

if [ -n "${YINGJI:-}" ]; then
	yingji=$YINGJI
else
	yingji="$work/yingji"
	CGO_ENABLED=0 go build -o "$yingji" ./cmd/yingji
fi

echo "== fail2ban from its Debian package"
(cd "$work" && apt-get download -qq fail2ban >/dev/null 2>&1)
dpkg-deb -x "$work"/fail2ban_*.deb "$work/f2b"
f2b_lib=$(dirname "$(find "$work/f2b" -type d -name fail2ban -path '*dist-packages*' | head -n 1)")
f2b_regex="$work/f2b/usr/bin/fail2ban-regex"
f2b_filter="$work/f2b/etc/fail2ban/filter.d/sshd.conf"
fail2ban="$work/fail2ban-regex"
printf '#!/bin/sh\nPYTHONPATH="%s" exec python3 "%s" "$@"\n' "$f2b_lib" "$f2b_regex" >"$fail2ban"
chmod +x "$fail2ban"
"$fail2ban" --version | head -n 1

input="$work/auth.log"
for _ in $(seq "$SCALE"); do cat "$auth"; done >"$input"
sync # the input's writeback would otherwise land in the first timed runs
lines=$(wc -l <"$input")
mb=$(awk -v b="$(stat -c %s "$input")" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "== input: auth.log x $SCALE = $lines lines, $mb MB"

# measure NAME OUT CMD...: runs CMD with its output in OUT, and records
# wall, user+sys and peak RSS in $work/NAME.time. With RUNS > 1 (not for
# fail2ban, which takes minutes) CMD runs RUNS times and the run of median
# CPU time is recorded: a single run of a few seconds varies by a third on
# a shared machine (page-cache writeback, other load).
measure() {
	local name=$1 out=$2 runs=$RUNS
	shift 2
	[ "$name" = fail2ban ] && runs=1
	for r in $(seq "$runs"); do
		/usr/bin/time -f "%e %U %S %M" -o "$work/$name.time.$r" "$@" >"$out" 2>"$work/$name.err" || true
	done
	for r in $(seq "$runs"); do
		awk -v r="$r" '{ print $2 + $3, r }' "$work/$name.time.$r" | tail -n 1
	done | sort -n | awk -v m=$(((runs + 1) / 2)) 'NR == m { print $2 }' | {
		read -r mid
		cp "$work/$name.time.$mid" "$work/$name.time"
	}
}

measure grep "$work/grep.out" grep -c sshd "$input"
measure fail2ban "$work/f2b.out" "$fail2ban" -o ip "$input" "$f2b_filter"
measure yingji-events "$work/events.jsonl" "$yingji" logs --events --tz UTC "$input"
measure yingji "$work/findings.txt" "$yingji" logs --tz UTC "$input"

echo "== failed authentications per source address"
sort "$work/f2b.out" | uniq -c | awk '{ print $2, $1 }' | sort >"$work/f2b.ip"
grep -F '"auth_failure":"true"' "$work/events.jsonl" | grep -o '"src_ip":"[^"]*"' | cut -d'"' -f4 |
	sort | uniq -c | awk '{ print $2, $1 }' | sort >"$work/yingji.ip"
f2b_total=$(awk '{ s += $2 } END { print s + 0 }' "$work/f2b.ip")
y_total=$(awk '{ s += $2 } END { print s + 0 }' "$work/yingji.ip")
echo "fail2ban: $f2b_total failures from $(wc -l <"$work/f2b.ip") addresses"
echo "yingji:   $y_total failures from $(wc -l <"$work/yingji.ip") addresses"
if ! diff -q "$work/f2b.ip" "$work/yingji.ip" >/dev/null || [ "$f2b_total" -eq 0 ]; then
	echo "MISMATCH: per-address counts differ:" >&2
	diff "$work/f2b.ip" "$work/yingji.ip" | head -n 20 >&2
	exit 1
fi
echo "identical per-address counts"

echo "== performance ($lines lines, $mb MB)"
# user_s and sys_s split cpu_s: sys is mostly the kernel storing the
# output (out_MB), which for --events is some four times the input.
printf '%-14s %9s %9s %8s %8s %12s %14s %9s %10s %9s\n' tool wall_s cpu_s user_s sys_s lines/s lines/cpu-s MB/s peak_MB out_MB
for t in grep fail2ban yingji-events yingji; do
	case $t in
	grep) out=$work/grep.out ;;
	fail2ban) out=$work/f2b.out ;;
	yingji-events) out=$work/events.jsonl ;;
	yingji) out=$work/findings.txt ;;
	esac
	read -r wall user sys rss < <(tail -n 1 "$work/$t.time")
	awk -v t="$t" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v n="$lines" -v mb="$mb" -v o="$(stat -c %s "$out")" 'BEGIN {
		c = u + s; if (c <= 0) c = 0.01; if (w <= 0) w = 0.01
		printf "%-14s %9.2f %9.2f %8.2f %8.2f %12.0f %14.0f %9.1f %10.1f %9.1f\n", t, w, c, u, s, n / w, n / c, mb / w, r / 1024, o / 1e6 }'
done
# Two ratios: throughput (lines per second of wall time, on this
# machine's cores: fail2ban-regex uses one, yingji overlaps reading,
# encoding and writing) and throughput per CPU-second (the work done).
awk -v a="$(tail -n 1 "$work/fail2ban.time")" -v b="$(tail -n 1 "$work/yingji-events.time")" \
	-v c="$(tail -n 1 "$work/yingji.time")" 'BEGIN {
	split(a, x, " "); split(b, y, " "); split(c, z, " ")
	printf "throughput (wall):          yingji --events %.1fx fail2ban, yingji (detections) %.1fx fail2ban\n",
		x[1] / y[1], x[1] / z[1]
	printf "throughput per CPU-second:  yingji --events %.1fx fail2ban, yingji (detections) %.1fx fail2ban\n",
		(x[2] + x[3]) / (y[2] + y[3]), (x[2] + x[3]) / (z[2] + z[3]) }'

echo "== scanner access logs"
scan="$CORPUS/logs/apache-http-logs"
measure access "$work/access.jsonl" "$yingji" logs --events "$scan/acunetix.txt" "$scan/netsparker.txt" "$scan/w3af.txt"
read -r wall user sys rss < <(tail -n 1 "$work/access.time")
amb=$(cat "$scan/acunetix.txt" "$scan/netsparker.txt" "$scan/w3af.txt" | wc -c)
awk -v w="$wall" -v u="$user" -v s="$sys" -v b="$amb" -v n="$(wc -l <"$work/access.jsonl")" 'BEGIN {
	c = u + s; if (c <= 0) c = 0.01; if (w <= 0) w = 0.01
	printf "yingji logs --events: %d events, %.1f MB in %.2f s wall, %.2f s cpu: %.1f MB/cpu-s\n", n, b / 1e6, w, c, b / 1e6 / c }'
