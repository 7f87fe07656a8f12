#!/usr/bin/env bash
# Measures `yingji collect` of the live root of this machine: wall time, CPU
# time and peak RSS (from /usr/bin/time -v) over several runs, with medians,
# and the bundle size. Run as root for a complete collection.
#   bench/collect-live.sh [RUNS] [extra collect flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
out=$(mktemp -d /var/tmp/yingji-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
CGO_ENABLED=0 go build -o "$out/yingji" ./cmd/yingji
printf 'run\twall_s\tcpu_s\tpeak_rss_mb\tbundle_mb\tmembers\tstatus\n'
for i in $(seq 1 "$runs"); do
	/usr/bin/time -v -o "$out/time.$i" "$out/yingji" collect --out "$out/b$i.zip" --json "$@" >"$out/res.$i" 2>"$out/err.$i" || true
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(j=1;j<=n;j++) s=s*60+a[j]; print s}' "$out/time.$i")
	cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$out/time.$i")
	rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$out/time.$i")
	size=$(awk -v b="$(stat -c %s "$out/b$i.zip")" 'BEGIN {printf "%.1f", b/1048576}')
	members=$(sed -n 's/.*"Members": \([0-9]*\).*/\1/p' "$out/res.$i")
	status=$(sed -n 's/.*"Status": "\([a-z]*\)".*/\1/p' "$out/res.$i")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$wall" "$cpu" "$rss" "$size" "$members" "$status" | tee -a "$out/table"
	"$out/yingji" verify "$out/b$i.zip" >/dev/null || { echo "run $i: bundle does not verify" >&2; exit 1; }
	rm -f "$out/b$i.zip"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
printf 'median\t%s\t%s\t%s\t%s\n' \
	"$(cut -f2 "$out/table" | median)" "$(cut -f3 "$out/table" | median)" \
	"$(cut -f4 "$out/table" | median)" "$(cut -f5 "$out/table" | median)"
