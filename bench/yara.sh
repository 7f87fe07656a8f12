#!/usr/bin/env bash
# YARA benchmark: `yara -r -p 2` against `yingji yara -r -p 2` on the same
# tree (the files of ../shared/corpus/webshell-dev.tar.gz) with the same
# rules, for two rule sets of signature-base: its webshell rules and all of
# it. Both tools get -w and the external variables -d filename= -d filepath=
# -d extension= -d filetype= -d owner=. Per rule set: one warm-up run of each
# tool (page cache warm for both; its output is the one compared), then RUNS
# timed runs alternating the tools; prints median wall time, median CPU time
# (user+sys), MB per CPU-second, max peak RSS, the yara/yingji ratios, and
# whether both tools print the same "RULE PATH" lines. Writes only under a
# temporary directory in /var/tmp, removed at the end unless KEEP=1; never
# into the repository. Installs nothing.
#
#   bench/yara.sh
#   RUNS=1 KEEP=1 bench/yara.sh
#   SETS=webshell TSV=/var/tmp/yara-runs.tsv bench/yara.sh
#
# RUNS (default 5): timed runs of each tool per rule set, after the warm-up.
# SETS (default "webshell all"): the rule sets to run.
# KEEP=1: keep the work directory (outputs, diffs, /usr/bin/time files).
# TSV=FILE: also copy the raw runs (runs.tsv) to FILE.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
KEEP=${KEEP:-0}
SETS=${SETS:-webshell all}
TSV=${TSV:-}
[ -d ../shared/corpus ] || { echo "yara-bench: corpus missing: ../shared/corpus (the development data sets, beside the repository)" >&2; exit 2; }
corpus=$(cd ../shared/corpus && pwd) # absolute: the tools run in the work directory
tarball=$corpus/webshell-dev.tar.gz
sigbase=$corpus/yara-rules/signature-base/yara
threads=2

die() { echo "yara-bench: $*" >&2; exit 2; }
case $RUNS in '' | *[!0-9]* | 0) die "RUNS must be a positive integer, not '$RUNS'" ;; esac
for s in $SETS; do
	case $s in webshell | all) ;; *) die "unknown rule set '$s' in SETS (known: webshell all)" ;; esac
done
missing=()
for t in go yara tar gzip awk sort diff cmp find; do command -v "$t" >/dev/null || missing+=("$t"); done
[ -x /usr/bin/time ] || missing+=("/usr/bin/time")
if [ ${#missing[@]} -gt 0 ]; then
	echo "yara-bench: missing: ${missing[*]}" >&2
	echo "yara-bench: this script installs nothing; it needs go, and: apt-get install yara time" >&2
	exit 2
fi
[ -f "$tarball" ] || die "corpus missing: $tarball"
[ -d "$sigbase" ] || die "corpus missing: $sigbase (signature-base rules)"

# The rule sets, as sorted lists of files (LC_ALL=C globbing).
shopt -s nullglob
rules_webshell=("$sigbase"/*webshell*.yar)
rules_all=("$sigbase"/*.yar "$sigbase"/*.yara)
shopt -u nullglob
[ ${#rules_webshell[@]} -gt 0 ] || die "no *webshell*.yar in $sigbase"
[ ${#rules_all[@]} -gt 0 ] || die "no *.yar in $sigbase"
defines=(-d filename= -d filepath= -d extension= -d filetype= -d owner=)

work=$(mktemp -d /var/tmp/yingji-bench.XXXXXX)
cleanup() {
	if [ "$KEEP" = 1 ]; then
		echo "kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
log() { printf '\n== %s\n' "$*"; }

# --- build and tree ----------------------------------------------------------
log "building yingji and extracting the tree"
CGO_ENABLED=0 go build -o "$work/yingji" ./cmd/yingji || die "go build ./cmd/yingji failed"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(GIT_OPTIONAL_LOCKS=0 git status --porcelain 2>/dev/null | wc -l)
tar -C "$work" -xzf "$tarball"
tree=webshell-dev # relative to $work, where both tools run: same paths in both outputs
[ -d "$work/$tree" ] || die "$tarball has no $tree/ directory"
nfiles=$(find "$work/$tree" -type f | wc -l)
bytes=$(find "$work/$tree" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')
mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}')
echo "tree: $tree, $nfiles files, $bytes bytes ($mb MB)"
echo "rule sets: webshell = ${#rules_webshell[@]} files of signature-base (*webshell*.yar), all = ${#rules_all[@]} files (*.yar, *.yara)"
echo "yara $(yara --version); yingji commit $commit$([ "$dirty" -eq 0 ] || echo " + $dirty uncommitted changes"), $(go version | cut -d' ' -f3)"
echo "both: -r -p $threads -w ${defines[*]}"
echo "$(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine distorts every figure)"

# --- runs --------------------------------------------------------------------
printf 'set\ttool\trun\twall_s\tcpu_s\tuser_s\tsys_s\tpeak_rss_mb\texit\tstderr_lines\tout_lines\n' >"$work/runs.tsv"

# run SET TOOL RUN: one timed run; stdout to out.SET.TOOL.RUN, stderr to
# err.SET.TOOL.RUN, /usr/bin/time to time.SET.TOOL.RUN; appends a row to
# runs.tsv. RUN 0 is the warm-up.
run() {
	local set=$1 tool=$2 i=$3 rc cmd
	local -n rules="rules_$set"
	case $tool in
	yara) cmd=(yara) ;;
	yingji) cmd=("$work/yingji" yara) ;;
	esac
	local tag=$set.$tool.$i
	set +e
	(cd "$work" && /usr/bin/time -o "$work/time.$tag" -f '%e %U %S %M' \
		"${cmd[@]}" -r -p "$threads" -w "${defines[@]}" "${rules[@]}" "$tree" \
		>"$work/out.$tag" 2>"$work/err.$tag")
	rc=$?
	set -e
	# The last line: GNU time puts "Command exited with non-zero status N"
	# or "Command terminated by signal N" before it.
	tail -n1 "$work/time.$tag" | awk -v set="$set" -v tool="$tool" -v i="$i" -v rc="$rc" \
		-v el="$(wc -l <"$work/err.$tag")" -v ol="$(wc -l <"$work/out.$tag")" \
		'{printf "%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.1f\t%s\t%s\t%s\n", set, tool, i, $1, $2 + $3, $2, $3, $4 / 1024, rc, el, ol}' >>"$work/runs.tsv"
	if [ "$rc" -ne 0 ]; then
		echo "  $set $tool run $i: exit $rc; stderr (first 5 of $(wc -l <"$work/err.$tag") lines):"
		head -n5 "$work/err.$tag" | sed 's/^/    /'
	fi
	return 0
}

for set in $SETS; do
	log "rule set $set: warm-up, then $RUNS runs of each tool"
	run "$set" yara 0
	run "$set" yingji 0
	awk -F'\t' -v s="$set" '$1 == s && $3 == 0 {printf "  warm-up %-6s %8.2f s wall %8.2f s cpu %7.1f MB rss, exit %s\n", $2, $4, $5, $8, $9}' "$work/runs.tsv"
	# Alternate which tool goes first (yara yingji, yingji yara, ...) so that
	# a slow drift of the machine's load hits both alike.
	for i in $(seq 1 "$RUNS"); do
		if [ $((i % 2)) = 1 ]; then
			run "$set" yara "$i"
			run "$set" yingji "$i"
		else
			run "$set" yingji "$i"
			run "$set" yara "$i"
		fi
		awk -F'\t' -v s="$set" -v i="$i" '$1 == s && $3 == i {printf "%s %s %.2f/%.2f s  ", (n++ ? "" : "  run " i ":"), $2, $4, $5} END {print "(wall/cpu)"}' "$work/runs.tsv"
	done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- outputs -----------------------------------------------------------------
# "RULE PATH" lines, sort -u, of the warm-up runs; every timed run must give
# the same set as its tool's warm-up.
log "same matches? (\"RULE PATH\" lines of the warm-up runs, sort -u; < only yara, > only yingji)"
agree=1
for set in $SETS; do
	for tool in yara yingji; do
		sort -u "$work/out.$set.$tool.0" >"$work/lines.$set.$tool"
	done
	diff "$work/lines.$set.yara" "$work/lines.$set.yingji" >"$work/diff.$set" || true
	na=$(wc -l <"$work/lines.$set.yara")
	ny=$(wc -l <"$work/lines.$set.yingji")
	oa=$(grep -c '^<' "$work/diff.$set" || true)
	oy=$(grep -c '^>' "$work/diff.$set" || true)
	printf '%-8s yara %6d lines, yingji %6d lines, differences %d (only yara %d, only yingji %d)\n' "$set" "$na" "$ny" $((oa + oy)) "$oa" "$oy"
	if [ $((oa + oy)) -gt 0 ]; then
		agree=0
		# sed, not head: head would stop reading and grep die of SIGPIPE (pipefail).
		grep '^[<>]' "$work/diff.$set" | sed -n '1,10s/^/    /p'
		if [ $((oa + oy)) -gt 10 ]; then echo "    ... ($((oa + oy - 10)) more in diff.$set)"; fi
		if [ "$KEEP" = 1 ]; then echo "    diff: $work/diff.$set"; fi
	fi
	for tool in yara yingji; do
		unstable=0
		for i in $(seq 1 "$RUNS"); do
			sort -u "$work/out.$set.$tool.$i" | cmp -s - "$work/lines.$set.$tool" || unstable=$((unstable + 1))
		done
		[ "$unstable" -eq 0 ] || { agree=0; echo "    $tool: $unstable of $RUNS timed runs printed other lines than its warm-up"; }
	done
done
[ "$agree" = 1 ] || echo "THE OUTPUTS DIFFER: the timings below compare runs that did not find the same matches"

# --- table -------------------------------------------------------------------
log "medians of $RUNS runs (wall and CPU s; CPU = user+sys), MB/cpu-s = $mb MB / median CPU s, max peak RSS MB; ratio yara/yingji > 1: yingji faster"
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
printf '%-8s %-6s %4s %9s %9s %9s %9s %5s\n' set tool runs "wall(s)" "cpu(s)" "MB/cpu-s" "rss(MB)" exit | tee "$work/table"
for set in $SETS; do
	for tool in yara yingji; do
		awk -F'\t' -v s="$set" -v t="$tool" '$1 == s && $2 == t && $3 > 0' "$work/runs.tsv" >"$work/rows"
		w=$(cut -f4 "$work/rows" | median)
		c=$(cut -f5 "$work/rows" | median)
		r=$(cut -f8 "$work/rows" | sort -n | tail -n1)
		x=$(cut -f9 "$work/rows" | sort -u | paste -sd, -)
		printf '%-8s %-6s %4s %9.2f %9.2f %9.1f %9.1f %5s\n' "$set" "$tool" "$(wc -l <"$work/rows")" "$w" "$c" \
			"$(awk -v m="$mb" -v c="$c" 'BEGIN {print (c > 0) ? m / c : 0}')" "$r" "$x" | tee -a "$work/table"
	done
done
echo
# A run that exits 2 or more (rules do not compile, bad command line) or is
# killed did not scan: no ratio.
for set in $SETS; do
	awk -v s="$set" '
	function failed(x,   e, n, j) { n = split(x, e, ","); for (j = 1; j <= n; j++) if (e[j] + 0 >= 2) return 1; return 0 }
	$1 == s && $2 == "yara" {w = $4; c = $5; if (failed($8)) bad = bad " yara"}
	$1 == s && $2 == "yingji" {yw = $4; yc = $5; if (failed($8)) bad = bad " yingji"}
	END {
		if (bad != "") printf "%-8s yara/yingji  n/a: failed runs (exit 2 or more) of%s\n", s, bad
		else printf "%-8s yara/yingji  wall %5.2f  cpu %5.2f\n", s, (yw > 0) ? w / yw : 0, (yc > 0) ? c / yc : 0
	}' "$work/table"
done
echo "(peak RSS: of the single process, from /usr/bin/time; exit: the exit statuses of the timed runs, 1 = some file not scanned, 2 = rules do not compile)"

log "raw runs (run 0: warm-up, not in the medians)"
cat "$work/runs.tsv"
if [ -n "$TSV" ]; then
	cp "$work/runs.tsv" "$TSV"
	echo "raw runs copied to $TSV"
fi
