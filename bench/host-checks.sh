#!/usr/bin/env bash
# Host-check benchmark (issue P1-2): on one planted root with 30 common Linux
# persistence, privilege-escalation and evasion techniques, how many each of
# `yingji scan`, `chkrootkit -r ROOT`, rkhunter (run over the planted root in
# a private mount namespace, see bench/README.md) and unhide flag; then the
# wall time, CPU time and peak RSS of each on the live machine, in the same
# run. Run as root. Writes only under a temporary directory in /var/tmp,
# removed at the end unless KEEP=1; never into the repository.
#
#   bench/host-checks.sh
#   RUNS=5 KEEP=1 bench/host-checks.sh
#
# RUNS (default 3): timed live runs of yingji and chkrootkit (median), after
# one first run shown apart; rkhunter and unhide run once, and RUNS more
# times when that run takes less than a minute.
# RKH_FULL=1: on the planted root, build rkhunter's property database and run
# its file-properties test too (about 2.5 minutes more; it cannot see the
# planted root, see bench/README.md).
set -euo pipefail
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
KEEP=${KEEP:-0}
RKH_FULL=${RKH_FULL:-0}

die() { echo "host-checks: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "run as root (rkhunter, unhide and the mount namespace need it)"
missing=()
for t in go jq unshare chroot chattr find awk; do command -v "$t" >/dev/null || missing+=("$t"); done
[ -x /usr/bin/time ] || missing+=("/usr/bin/time (apt-get install time)")
for t in chkrootkit rkhunter unhide; do command -v "$t" >/dev/null || missing+=("$t"); done
if [ ${#missing[@]} -gt 0 ]; then
	echo "host-checks: missing: ${missing[*]}" >&2
	echo "host-checks: this script installs nothing; install the reference tools with:" >&2
	echo "    apt-get install chkrootkit rkhunter unhide time jq" >&2
	exit 2
fi

work=$(mktemp -d /var/tmp/yingji-bench.XXXXXX)
cleanup() {
	# The planted root holds an immutable file (chattr +i); clear it first.
	if [ -d "$work/root" ]; then
		find "$work/root" -type f -exec chattr -i {} + 2>/dev/null || true
	fi
	if [ "$KEEP" = 1 ]; then
		echo "kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
root=$work/root
log() { printf '\n== %s\n' "$*"; }

# --- build -----------------------------------------------------------------
log "building yingji and the planted root"
CGO_ENABLED=0 go build -o "$work/yingji" ./cmd/yingji
if ! YINGJI_BENCH_ROOT=$root go test ./internal/check -run '^TestBenchRoot$' -count=1 >"$work/gotest.log" 2>&1; then
	cat "$work/gotest.log" >&2
	die "TestBenchRoot failed: the planted root does not give yingji's expected findings"
fi
tsv=$root.tsv
n=$(wc -l <"$tsv")
echo "planted $n techniques in $root (list: $tsv)"

# tree records every entry of the planted root (type, mode, size, mtime,
# ctime, name) and, separately, the access times of its files (not of its
# directories: find itself reads those), so that a tool writing into the
# evidence or changing its access times shows up.
tree() {
	find "$root" -printf '%y %m %s %T@ %C@ %P\n' | LC_ALL=C sort -k6 >"$work/tree.$1"
	find "$root" -type f -printf '%A@ %P\n' | LC_ALL=C sort -k2 >"$work/atime.$1"
}
# changed reports what a tool changed in the planted root since tree $1.
changed() {
	local tool=$1 before=$2 after=$3
	tree "$after"
	local d a
	d=$(diff "$work/tree.$before" "$work/tree.$after" | grep '^[<>]' || true)
	a=$(diff "$work/atime.$before" "$work/atime.$after" | grep -c '^>' || true)
	if [ -n "$d" ]; then
		echo "$tool CHANGED THE PLANTED ROOT (< before, > after):" | tee -a "$work/changes"
		echo "$d" | tee -a "$work/changes"
		echo "  entries newer than the start of the $tool run (find -newer):" | tee -a "$work/changes"
		find "$root" -newer "$work/marker.$tool" | sed 's/^/    /' | tee -a "$work/changes"
	else
		echo "$tool wrote nothing into the planted root" | tee -a "$work/changes"
	fi
	echo "$tool changed the access time of $a files of the planted root" | tee -a "$work/changes"
}

# timefield FILE wall|cpu|rss reads /usr/bin/time -v output: wall seconds,
# user+system CPU seconds, peak RSS in MB.
timefield() {
	case $2 in
	wall) awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(j=1;j<=n;j++) s=s*60+a[j]; printf "%.2f", s}' "$1" ;;
	cpu) awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$1" ;;
	rss) awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1" ;;
	esac
}

# --- yingji on the planted root --------------------------------------------
tree start
log "yingji scan --root ROOT --json"
touch "$work/marker.yingji"
sleep 1
set +e
/usr/bin/time -v -o "$work/time.planted.yingji" "$work/yingji" scan --root "$root" --json >"$work/yingji.jsonl" 2>"$work/yingji.err"
rc=$?
set -e
[ $rc -le 1 ] || { cat "$work/yingji.err" >&2; die "yingji scan failed ($rc)"; }
echo "exit $rc, $(wc -l <"$work/yingji.jsonl") findings, wall $(timefield "$work/time.planted.yingji" wall) s"
changed yingji start after-yingji
# rule<TAB>path for every evidence path of every finding.
jq -r '.rule as $r | (.evidence // [])[] | select(.path != null) | [$r, .path] | @tsv' "$work/yingji.jsonl" | LC_ALL=C sort -u >"$work/yingji.pairs"

# --- chkrootkit on the planted root ----------------------------------------
log "chkrootkit -r ROOT"
touch "$work/marker.chkrootkit"
sleep 1
set +e
/usr/bin/time -v -o "$work/time.planted.chkrootkit" chkrootkit -r "$root" >"$work/chkrootkit.out" 2>&1
set -e
echo "wall $(timefield "$work/time.planted.chkrootkit" wall) s; output in chkrootkit.out"
changed chkrootkit after-yingji after-chkrootkit
# Warning lines: a line that says INFECTED, WARNING, Warning, Vulnerable,
# suspicious, Possible or "... found" (but not "not found", "nothing found",
# "not infected", "not tested"), and every line after it up to the next
# "Checking `x'..." or "Searching for ..." line (chkrootkit prints the files
# it suspects there).
chk_warnings() {
	awk '
	/^(Checking `|Searching for |ROOTDIR is)/ { inblk = 0 }
	{
		w = ($0 ~ /INFECTED|WARNING|Warning|[Vv]ulnerable|[Ss]uspicious|Possible|(^|[^t]) found/)
		if ($0 ~ /(not found|nothing found|not infected|not tested|nothing detected|no suspect files)[[:space:]]*$/) w = 0
		if (w) inblk = 1
		if (inblk && $0 != "") print
	}' "$1"
}
chk_warnings "$work/chkrootkit.out" >"$work/chkrootkit.warnings"

# --- rkhunter over the planted root ----------------------------------------
# rkhunter has no --rootdir. In a private mount namespace the planted root is
# laid over the live root with a read-only overlayfs and rkhunter runs
# chrooted into it, with the live kernel's /proc, /sys and /dev. Files the
# planted root has under /usr (bin, sbin, lib...) that also exist on the live
# host are left out of the overlay, so rkhunter runs the live programs and
# libraries (the planted ones are stand-ins, not real programs); files only
# the planted root has (a dropped binary, a hidden library) and everything
# outside /usr (/etc, /root, /home, /tmp, /var, /dev/shm, /XxJynx...) come
# from the planted root. rkhunter's file-properties test ("properties")
# inspects only its list of system commands, which here are the live host's,
# so it is disabled on the planted root unless RKH_FULL=1, which also builds
# the property database (--propupd) in the same namespace, into the copy of
# /var/lib/rkhunter/db that the run uses.
log "rkhunter --check over the planted root (private mount namespace)"
rkh=$work/rkh
mkdir -p "$rkh/db" "$rkh/tmp" "$work/ns"
cp -a /var/lib/rkhunter/db/. "$rkh/db/"
cat >"$work/rkh-ns.sh" <<'EOF'
set -eu
root=$1 ns=$2 rkh=$3 full=$4
mount -t tmpfs -o size=512m yingji-bench "$ns"
mkdir "$ns/view" "$ns/merged"
# tar with O_NOATIME: copying must not change the planted root's access times.
tar -C "$root" --atime-preserve=system -cf - . | tar -C "$ns/view" -xpf -
cd "$ns/view"
rm -f bin sbin lib lib64
rm -rf proc sys run
find usr -mindepth 1 \( -type f -o -type l \) -print | while IFS= read -r f; do
	case $f in usr/local/* | usr/lib/x86_64-linux-gnu/security/* | usr/lib/modules/*) continue ;; esac
	if [ -e "/$f" ] || [ -L "/$f" ]; then rm -f "$f"; fi
done
cd /
mount -t overlay -o "ro,lowerdir=$ns/view:/" yingji-bench "$ns/merged"
m=$ns/merged
for d in proc sys dev; do mount --rbind "/$d" "$m/$d"; done
mount -t overlay -o "ro,lowerdir=$ns/view/dev/shm:/dev/shm" yingji-bench "$m/dev/shm"
mount --bind "$rkh" "$m$rkh"
opts="--dbdir $rkh/db --tmpdir $rkh/tmp --syslog none --nocolors --sk"
if [ "$full" = 1 ]; then
	chroot "$m" rkhunter --propupd $opts --logfile "$rkh/propupd.log" >"$rkh/propupd.out" 2>&1 || true
else
	opts="$opts --disable properties"
fi
/usr/bin/time -v -o "$rkh/time.planted" chroot "$m" rkhunter --check --rwo $opts --logfile "$rkh/planted.log" >"$rkh/planted.out" 2>&1 || true
EOF
touch "$work/marker.rkhunter"
sleep 1
unshare --mount --propagation private bash "$work/rkh-ns.sh" "$root" "$work/ns" "$rkh" "$RKH_FULL"
cp "$rkh/time.planted" "$work/time.planted.rkhunter"
echo "wall $(timefield "$work/time.planted.rkhunter" wall) s; log in rkh/planted.log"
changed rkhunter after-chkrootkit after-rkhunter
# Warning lines: rkhunter's log line "Warning: ..." and the detail lines
# after it (indented by five spaces or more: the files or accounts it
# names), up to the next other line; a test's own result line ("  Checking
# x   [ Not found ]") ends the block.
rkh_warnings() {
	sed 's/^\[[0-9:]*\] //' "$1" | awk '
	/^Warning:/ { inblk = 1; print; next }
	inblk && /^     / && !/\[ [^]]* \][[:space:]]*$/ { print; next }
	{ inblk = 0 }'
}
rkh_warnings "$rkh/planted.log" >"$work/rkhunter.warnings"

# --- unhide ------------------------------------------------------------------
# unhide compares the live kernel's views of processes (and ports); it takes
# no root directory, so it cannot see a planted root: 0 of N by construction.
# It is timed on the live host below.

# --- table -------------------------------------------------------------------
log "techniques found (✓) on the planted root"
: >"$work/chkrootkit.matches"
: >"$work/rkhunter.matches"
# flagged WARNINGS-FILE MATCHES-FILE NAME INDICATORS...: a warning line holds
# one of the indicators; an indicator that ends in a letter, digit or '_'
# must not be followed by one of those or by '.' or '-' ("/usr/bin/ps" does
# not match "/usr/bin/pstree", "/var/log/auth.log" not "auth.log.1").
flagged() {
	local wf=$1 mf=$2 name=$3
	shift 3
	awk -v name="$name" -v mf="$mf" '
	BEGIN { n = ARGC - 2; for (i = 1; i <= n; i++) ind[i] = ARGV[i + 1]; ARGC = 2 }
	{
		for (i = 1; i <= n; i++) {
			s = $0; off = 0
			while ((p = index(s, ind[i])) > 0) {
				after = substr(s, p + length(ind[i]), 1)
				if (ind[i] !~ /[A-Za-z0-9_]$/ || after !~ /[A-Za-z0-9_.-]/) {
					printf "%s\t%s\t%s\n", name, ind[i], $0 >> mf
					hit = 1
					break
				}
				s = substr(s, p + 1)
			}
		}
	}
	END { exit !hit }' "$wf" "$@"
}
ty=0 tc=0 tr=0 tany=0 tonly=0 tpath=0
# row prints one table row; it pads by characters (✓ and – are one
# character but three bytes, which printf's widths would count).
row() {
	local w=(28 42 7 11 9 6) i=0 out="" c
	for c in "$@"; do
		out+="$c$(printf '%*s' $((w[i] - ${#c} + 1)) '')"
		i=$((i + 1))
	done
	printf '%s\n' "${out% }"
}
row technique "expected rule" yingji chkrootkit rkhunter unhide | tee "$work/table"
while IFS=$'\t' read -r name rule path rest; do
	IFS=$'\t' read -r -a inds <<<"$rest"
	y=– c=– r=– u=–
	if grep -qxF "$rule"$'\t'"$path" "$work/yingji.pairs"; then
		y=✓ ty=$((ty + 1))
	elif cut -f2 "$work/yingji.pairs" | grep -qxF -- "$path"; then
		y="(path)" tpath=$((tpath + 1)) # the path, under another rule
	fi
	flagged "$work/chkrootkit.warnings" "$work/chkrootkit.matches" "$name" "${inds[@]}" && { c=✓ tc=$((tc + 1)); }
	flagged "$work/rkhunter.warnings" "$work/rkhunter.matches" "$name" "${inds[@]}" && { r=✓ tr=$((tr + 1)); }
	if [ "$c" = ✓ ] || [ "$r" = ✓ ]; then
		tany=$((tany + 1))
	elif [ "$y" = ✓ ]; then
		tonly=$((tonly + 1))
	fi
	row "$name" "$rule" "$y" "$c" "$r" "$u" | tee -a "$work/table"
done <"$tsv"
row "TOTAL (of $n)" "" "$ty" "$tc" "$tr" 0 | tee -a "$work/table"
echo "found by any reference tool (chkrootkit, rkhunter, unhide): $tany of $n"
echo "found only by yingji: $tonly of $n"
[ "$tpath" -eq 0 ] || echo "yingji reported $tpath planted path(s) only under another rule: shown as (path), not counted"
echo "unhide: 0 of $n by construction (it inspects live processes and ports only; it takes no root directory)"
echo
echo "Lines that made a reference tool count (technique, indicator, warning line):"
sed 's/^/  chkrootkit: /' "$work/chkrootkit.matches"
sed 's/^/  rkhunter:   /' "$work/rkhunter.matches"
echo
echo "chkrootkit warning lines on the planted root:"
sed 's/^/  /' "$work/chkrootkit.warnings"
echo "rkhunter warning lines on the planted root (first lines of each warning; all in rkhunter.warnings):"
grep '^Warning:' "$work/rkhunter.warnings" | sed 's/^/  /'
echo "(in $work: chkrootkit.warnings, chkrootkit.matches, rkhunter.warnings, rkhunter.matches; removed at the end unless KEEP=1)"

# --- live timing -------------------------------------------------------------
log "live machine: wall s, CPU s (user+sys of the process tree), peak RSS MB (largest single process, from /usr/bin/time -v)"
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
: >"$work/live"
# timed NAME COUNT-IF-SLOW command...: the first run, then RUNS more when the
# first took under a minute (COUNT-IF-SLOW more when it did: 0 for
# rkhunter, RUNS for the fast tools). Prints one row with the first run and
# the median of the others.
timed() {
	local name=$1 slowruns=$2 i extra
	shift 2
	/usr/bin/time -v -o "$work/time.live.$name.0" "$@" >"$work/live.$name.0.out" 2>&1 || true
	local first
	first=$(timefield "$work/time.live.$name.0" wall)
	extra=$RUNS
	if awk -v w="$first" 'BEGIN {exit !(w >= 60)}'; then extra=$slowruns; fi
	: >"$work/live.$name.rows"
	for i in $(seq 1 "$extra"); do
		/usr/bin/time -v -o "$work/time.live.$name.$i" "$@" >"$work/live.$name.$i.out" 2>&1 || true
		printf '%s\t%s\t%s\n' "$(timefield "$work/time.live.$name.$i" wall)" "$(timefield "$work/time.live.$name.$i" cpu)" "$(timefield "$work/time.live.$name.$i" rss)" >>"$work/live.$name.rows"
	done
	if [ "$extra" -eq 0 ]; then
		printf '%s\t%s\t%s\n' "$first" "$(timefield "$work/time.live.$name.0" cpu)" "$(timefield "$work/time.live.$name.0" rss)" >>"$work/live.$name.rows"
	fi
	printf '%-11s %9s %6s %9s %9s %9s\n' "$name" "$first" "$(wc -l <"$work/live.$name.rows")" \
		"$(cut -f1 "$work/live.$name.rows" | median)" "$(cut -f2 "$work/live.$name.rows" | median)" "$(cut -f3 "$work/live.$name.rows" | median)" | tee -a "$work/live"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; $(nproc) CPUs; other work on the machine slows every tool)"
printf '%-11s %9s %6s %9s %9s %9s\n' tool "first(s)" runs "wall(s)" "cpu(s)" "rss(MB)" | tee -a "$work/live"
timed yingji "$RUNS" "$work/yingji" scan --root / --json
timed chkrootkit "$RUNS" chkrootkit
# rkhunter needs its property database: built once, untimed, into a copy.
mkdir -p "$work/rkh-live/db" "$work/rkh-live/tmp"
cp -a /var/lib/rkhunter/db/. "$work/rkh-live/db/"
rkopts=(--dbdir "$work/rkh-live/db" --tmpdir "$work/rkh-live/tmp" --syslog none --nocolors --sk)
rkhunter --propupd "${rkopts[@]}" --logfile "$work/rkh-live/propupd.log" >/dev/null 2>&1 || true
timed rkhunter 0 rkhunter --check --rwo "${rkopts[@]}" --logfile "$work/rkh-live/check.log"
timed unhide 0 unhide sys procall
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(first: the first run, cache cold for yingji; wall, cpu, rss: medians of the runs after it, or of the one run)"
yw=$(awk '$1 == "yingji" {print $4}' "$work/live")
cw=$(awk '$1 == "chkrootkit" {print $4}' "$work/live")
rw=$(awk '$1 == "rkhunter" {print $4}' "$work/live")
yr=$(awk '$1 == "yingji" {print $6}' "$work/live")
awk -v y="$yw" -v c="$cw" -v r="$rw" -v m="$yr" 'BEGIN {
	printf "wall time yingji/chkrootkit: %.2f (median %s s / %s s)\n", y / c, y, c
	printf "wall time yingji/rkhunter:   %.3f (median %s s / %s s)\n", y / r, y, r
	printf "goal: yingji faster than chkrootkit: %s; yingji peak RSS %s MB under 150 MB: %s\n", (y < c) ? "met" : "NOT met", m, (m < 150) ? "met" : "NOT met"
}'
log "writes into the planted root"
cat "$work/changes"
