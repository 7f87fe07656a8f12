#!/usr/bin/env bash
# Webshell detection benchmark: `yingji webshell -l -p 2` against yara 4.2.3
# with two public rule sets, on the same tree (the files of
# ../shared/corpus/webshell-dev.tar.gz, labelled by its MANIFEST.tsv):
#
#   yingji        yingji webshell -l -p 2 webshell-dev     (prints reported paths)
#   yara-sigbase  yara -r -p 2 -w -d filename= -d filepath= -d extension=
#                 -d filetype= -d owner= SIGBASE/*webshell*.yar webshell-dev
#   yara-pmf      yara -r -p 2 -w PMF/php.yar webshell-dev  (php-malware-finder;
#                 its include "whitelist.yar" resolves beside php.yar)
#
# With -l, yingji needs only each file's verdict: its analyses may stop at
# the first detection that reports the file (internal/webshell/verdict
# Decide); the reported set is the same as without -l, where every file is
# analysed for the full explanation.
#
# A file counts as reported by yara when any rule matches it. Per language
# group (php; jsp = jsp+jspx; asp; aspx = aspx+ashx+asmx+ascx; other = the
# rest: pl, py, sh) and overall: recall on the malicious files and
# false-positive rate on the benign ones, each with its 95% Wilson score
# interval, and false positives per 10,000 benign files. These come from the
# warm-up run of each detector; every timed run must report the same set of
# files (a warning if not). Performance over the whole tree: one warm-up run
# of each detector, then RUNS timed runs rotating the order; median wall and
# CPU (user+sys) seconds, MB per CPU-second, max peak RSS, and the throughput
# ratio yingji/yara-sigbase. Lists the benign files each detector reports
# and, with VERBOSE=1, the malicious files yingji misses. Writes only under a
# temporary directory in /var/tmp, removed at the end unless KEEP=1; never
# into the repository. Installs nothing. Never executes a sample: the tree
# is only read by the three detectors.
#
#   bench/webshell.sh
#   RUNS=1 KEEP=1 VERBOSE=1 bench/webshell.sh
#   YINGJI=/tmp/stand-in TSV=/var/tmp/webshell-runs.tsv bench/webshell.sh
#
# RUNS (default 3): timed runs of each detector, after the warm-up.
# KEEP=1: keep the work directory (outputs, reported-file lists, time files).
# TSV=FILE: also copy the raw runs (runs.tsv) to FILE.
# YINGJI=PATH: use this executable as yingji instead of building ./cmd/yingji
#   (it is run as PATH webshell -l -p 2 DIR).
# CORPUS=DIR (default ../shared/corpus): the development data sets.
# VERBOSE=1: also list the malicious files yingji does not report.
#
# bench/webshell-labels.tsv (path, class, reason): the review of malicious-
# labelled files; those found harmless or unable to run (noise, broken,
# neutered) are also left out of a second recall table, for every detector.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
KEEP=${KEEP:-0}
TSV=${TSV:-}
YINGJI=${YINGJI:-}
CORPUS=${CORPUS:-../shared/corpus}
VERBOSE=${VERBOSE:-0}
threads=2

die() { echo "webshell-bench: $*" >&2; exit 2; }
case $RUNS in '' | *[!0-9]* | 0) die "RUNS must be a positive integer, not '$RUNS'" ;; esac
[ -d "$CORPUS" ] || die "corpus missing: $CORPUS (the development data sets, beside the repository; set CORPUS=DIR)"
corpus=$(cd "$CORPUS" && pwd) # absolute: the tools run in the work directory
tarball=$corpus/webshell-dev.tar.gz
sigbase=$corpus/yara-rules/signature-base/yara
pmf=$corpus/yara-rules/php-malware-finder

missing=()
tools=(yara tar gzip awk sort comm cmp find sed)
[ -n "$YINGJI" ] || tools+=(go)
for t in "${tools[@]}"; do command -v "$t" >/dev/null || missing+=("$t"); done
[ -x /usr/bin/time ] || missing+=("/usr/bin/time")
if [ ${#missing[@]} -gt 0 ]; then
	echo "webshell-bench: missing: ${missing[*]}" >&2
	echo "webshell-bench: this script installs nothing; it needs go (unless YINGJI is set), and: apt-get install yara time" >&2
	exit 2
fi
if [ -n "$YINGJI" ]; then
	[ -f "$YINGJI" ] && [ -x "$YINGJI" ] || die "YINGJI=$YINGJI is not an executable file"
	YINGJI=$(cd "$(dirname "$YINGJI")" && pwd)/$(basename "$YINGJI")
fi
[ -f "$tarball" ] || die "corpus missing: $tarball"
[ -d "$sigbase" ] || die "corpus missing: $sigbase (signature-base rules)"
[ -f "$pmf/php.yar" ] && [ -f "$pmf/whitelist.yar" ] || die "corpus missing: $pmf/php.yar and whitelist.yar (php-malware-finder rules)"

shopt -s nullglob
rules_sigbase=("$sigbase"/*webshell*.yar)
shopt -u nullglob
[ ${#rules_sigbase[@]} -gt 0 ] || die "no *webshell*.yar in $sigbase"
defines=(-d filename= -d filepath= -d extension= -d filetype= -d owner=)
# yara resolves include "whitelist.yar" (and its whitelists/*.yar) relative
# to the including file, so the absolute path of php.yar works from any
# directory.
rules_pmf=("$pmf/php.yar")
dets=(yingji yara-sigbase yara-pmf)

# The statistics, shared by the awk programs below. wilson(k, n) sets WL and
# WH to the 95% Wilson score interval of k successes in n trials:
# p = k/n, z = 1.96, centre = (p + z^2/2n) / (1 + z^2/n),
# half = z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n).
# cell(k, n, d) formats "P% [L–H] k/n" with d decimals, "n/a" when n = 0.
# pad(s, w) left-aligns s in w columns (the en dash is 3 bytes, 1 column).
# grp(lang) maps a MANIFEST lang to its group.
awklib='
function wilson(k, n,   p, z, z2, d, c, h) {
	z = 1.96; z2 = z * z; p = k / n; d = 1 + z2 / n
	c = (p + z2 / (2 * n)) / d
	h = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / d
	WL = c - h; WH = c + h
	if (WL < 0) WL = 0
	if (WH > 1) WH = 1
}
function pct(x, d) { return sprintf("%." d "f", 100 * x) }
function cell(k, n, d) {
	if (n == 0) return "n/a"
	wilson(k, n)
	return pct(k / n, d) "% [" pct(WL, d) "–" pct(WH, d) "] " k "/" n
}
function pad(s, w,   t, l) { t = s; l = length(s) - 2 * gsub(/–/, "", t); while (l++ < w) s = s " "; return s }
function grp(l) {
	if (l == "php") return "php"
	if (l == "jsp" || l == "jspx") return "jsp"
	if (l == "asp") return "asp"
	if (l == "aspx" || l == "ashx" || l == "asmx" || l == "ascx") return "aspx"
	return "other"
}
'
# Self-check of the interval: 81 of 100 gives [72.2%, 87.5%] (published
# tables of the Wilson score interval); 0 of 10 gives [0.0%, 27.8%].
check=$(awk "$awklib"' BEGIN { print cell(81, 100, 1) "; " cell(0, 10, 1) }')
[ "$check" = "81.0% [72.2–87.5] 81/100; 0.0% [0.0–27.8] 0/10" ] || die "Wilson interval self-check failed: $check"

work=$(mktemp -d /var/tmp/yingji-webshell-bench.XXXXXX)
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
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(GIT_OPTIONAL_LOCKS=0 git status --porcelain 2>/dev/null | wc -l)
if [ -n "$YINGJI" ]; then
	log "extracting the tree (yingji: YINGJI=$YINGJI, not built)"
	yingji=$YINGJI
	yversion="$YINGJI (YINGJI, not built from the repository)"
else
	log "building yingji and extracting the tree"
	CGO_ENABLED=0 go build -o "$work/yingji" ./cmd/yingji || die "go build ./cmd/yingji failed"
	yingji=$work/yingji
	yversion="commit $commit$([ "$dirty" -eq 0 ] || echo " + $dirty uncommitted changes"), $(go version | cut -d' ' -f3)"
	"$yingji" webshell --help >/dev/null 2>&1 || die "this yingji has no 'webshell' command (set YINGJI=PATH to test the script with a stand-in)"
fi
tar -C "$work" -xzf "$tarball"
tree=webshell-dev # relative to $work, where the detectors run
manifest=$work/$tree/MANIFEST.tsv
[ -d "$work/$tree" ] || die "$tarball has no $tree/ directory"
[ -f "$manifest" ] || die "$tarball has no $tree/MANIFEST.tsv"
nfiles=$(find "$work/$tree" -type f | wc -l)
bytes=$(find "$work/$tree" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')
mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}')
echo "tree: $tree, $nfiles files (MANIFEST.tsv included, unlabelled), $bytes bytes ($mb MB of 2^20 bytes)"
# Tree and MANIFEST must agree: every labelled file present, nothing else but MANIFEST.tsv.
awk -F'\t' 'NR > 1 {print $1}' "$manifest" | sort >"$work/manifest.paths"
(cd "$work/$tree" && find . -type f ! -path ./MANIFEST.tsv | sed 's|^\./||' | sort) >"$work/tree.paths"
if ! cmp -s "$work/manifest.paths" "$work/tree.paths"; then
	echo "WARNING: MANIFEST.tsv and the tree differ: $(comm -23 "$work/manifest.paths" "$work/tree.paths" | wc -l) listed files missing, $(comm -13 "$work/manifest.paths" "$work/tree.paths" | wc -l) files not listed"
fi
awk -F'\t' "$awklib"'
	NR > 1 {n[$2 " " grp($3)]++; l[grp($3)] = l[grp($3)] (index(l[grp($3)], " " $3 " ") ? "" : " " $3 " ")}
	END {
		printf "labelled: %d malicious, %d benign; groups:", n["malicious php"] + n["malicious jsp"] + n["malicious asp"] + n["malicious aspx"] + n["malicious other"], n["benign php"] + n["benign jsp"] + n["benign asp"] + n["benign aspx"] + n["benign other"]
		split("php jsp asp aspx other", gs, " ")
		for (i = 1; i <= 5; i++) {
			g = gs[i]; s = l[g]; gsub(/^ | $/, "", s); gsub(/  /, "+", s)
			if (s != "") printf " %s (%s: %d/%d)", g, s, n["malicious " g], n["benign " g]
		}
		print " (malicious/benign)"
	}' "$manifest"
echo "yara $(yara --version); yingji $yversion"
echo "yara-sigbase: ${#rules_sigbase[@]} files of signature-base (*webshell*.yar), -r -p $threads -w ${defines[*]}"
echo "yara-pmf: php-malware-finder php.yar (+ whitelist.yar), -r -p $threads -w"
echo "yingji: webshell -l -p $threads"
echo "$(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine distorts every figure)"

# --- runs --------------------------------------------------------------------
printf 'tool\trun\twall_s\tcpu_s\tuser_s\tsys_s\tpeak_rss_mb\texit\tstderr_lines\tout_lines\tfiles\n' >"$work/runs.tsv"

# run DET RUN: one timed run; stdout to out.DET.RUN, stderr to err.DET.RUN,
# /usr/bin/time to time.DET.RUN, the reported files (paths relative to the
# tree, sort -u) to files.DET.RUN; appends a row to runs.tsv. RUN 0 is the
# warm-up.
run() {
	local det=$1 i=$2 rc cmd ok
	case $det in
	yingji) cmd=("$yingji" webshell -l -p "$threads" "$tree") ;;
	yara-sigbase) cmd=(yara -r -p "$threads" -w "${defines[@]}" "${rules_sigbase[@]}" "$tree") ;;
	yara-pmf) cmd=(yara -r -p "$threads" -w "${rules_pmf[@]}" "$tree") ;;
	esac
	local tag=$det.$i
	set +e
	(cd "$work" && /usr/bin/time -o "$work/time.$tag" -f '%e %U %S %M' \
		"${cmd[@]}" >"$work/out.$tag" 2>"$work/err.$tag")
	rc=$?
	set -e
	# yingji prints one path per line; yara "RULE PATH" (rule names have no
	# spaces, paths may). Paths as given (webshell-dev/...), or absolute.
	case $det in
	yingji) cat "$work/out.$tag" ;;
	*) sed 's/^[^ ]* //' "$work/out.$tag" ;;
	esac | sed -e "s|^$work/||" -e 's|^\./||' -e "s|^$tree/||" | sort -u >"$work/files.$tag"
	# The last line: GNU time puts "Command exited with non-zero status N"
	# or "Command terminated by signal N" before it.
	tail -n1 "$work/time.$tag" | awk -v det="$det" -v i="$i" -v rc="$rc" \
		-v el="$(wc -l <"$work/err.$tag")" -v ol="$(wc -l <"$work/out.$tag")" -v fl="$(wc -l <"$work/files.$tag")" \
		'{printf "%s\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.1f\t%s\t%s\t%s\t%s\n", det, i, $1, $2 + $3, $2, $3, $4 / 1024, rc, el, ol, fl}' >>"$work/runs.tsv"
	# yingji webshell -l: 0 none found, 1 some found, 2 error; yara: 0.
	case $det in yingji) ok=1 ;; *) ok=0 ;; esac
	if [ "$rc" -gt "$ok" ]; then
		echo "  $det run $i: exit $rc; stderr (first 5 of $(wc -l <"$work/err.$tag") lines):"
		sed -n '1,5s/^/    /p' "$work/err.$tag"
	elif [ "$i" = 0 ] && [ -s "$work/err.$tag" ]; then
		echo "  $det warm-up: exit $rc, but $(wc -l <"$work/err.$tag") lines on stderr (first 5):"
		sed -n '1,5s/^/    /p' "$work/err.$tag"
	fi
	return 0
}

log "warm-up, then $RUNS timed runs of each detector"
for det in "${dets[@]}"; do run "$det" 0; done
awk -F'\t' '$2 == 0 {printf "  warm-up %-12s %8.2f s wall %8.2f s cpu %7.1f MB rss, exit %s, %d files reported\n", $1, $3, $4, $7, $8, $11}' "$work/runs.tsv"
# Rotate the order (yingji sigbase pmf, sigbase pmf yingji, ...) so that a
# slow drift of the machine's load hits all alike.
nd=${#dets[@]}
for i in $(seq 1 "$RUNS"); do
	for j in $(seq 0 $((nd - 1))); do
		run "${dets[$(((i - 1 + j) % nd))]}" "$i"
	done
	awk -F'\t' -v i="$i" '$2 == i {printf "%s %s %.2f/%.2f s  ", (n++ ? "" : "  run " i ":"), $1, $3, $4} END {print "(wall/cpu)"}' "$work/runs.tsv"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Every timed run must report the same files as its detector's warm-up.
stable=1
for det in "${dets[@]}"; do
	unstable=0
	for i in $(seq 1 "$RUNS"); do
		cmp -s "$work/files.$det.$i" "$work/files.$det.0" || unstable=$((unstable + 1))
	done
	[ "$unstable" -eq 0 ] || { stable=0; echo "WARNING: $det: $unstable of $RUNS timed runs reported other files than its warm-up"; }
done
[ "$stable" = 1 ] && echo "every timed run reported the same files as its detector's warm-up"

# --- detection ---------------------------------------------------------------
# One "DET<TAB>path" line per reported file of the warm-up runs.
for det in "${dets[@]}"; do sed "s|^|$det\t|" "$work/files.$det.0"; done >"$work/reported.tsv"
log "detection (warm-up runs; 95% Wilson score intervals; FP/10k = false positives per 10,000 benign files)"
awk -F'\t' -v dets="${dets[*]}" -v sumfile="$work/summary.detection" "$awklib"'
	FNR == NR { if (FNR > 1) { lab[$1] = $2; g[$1] = grp($3); n[$2, g[$1]]++; n[$2, "overall"]++ }; next }
	{
		if (!($2 in lab)) { if (nu[$1]++ < 10) unl[$1] = unl[$1] " " $2; next }
		k[$1, lab[$2], g[$2]]++; k[$1, lab[$2], "overall"]++
	}
	END {
		nd = split(dets, ds, " ")
		ng = split("php jsp asp aspx other overall", gs, " ")
		printf "%-7s %-12s %-32s %-32s %7s\n", "group", "detector", "recall (malicious reported)", "FP rate (benign reported)", "FP/10k"
		for (i = 1; i <= ng; i++) {
			gg = gs[i]; nm = n["malicious", gg]; nb = n["benign", gg]
			if (nm + nb == 0) continue
			for (j = 1; j <= nd; j++) {
				d = ds[j]; km = k[d, "malicious", gg] + 0; kb = k[d, "benign", gg] + 0
				printf "%-7s %-12s %s %s %7s\n", (j == 1 ? gg : ""), d, pad(cell(km, nm, 1), 32), pad(cell(kb, nb, 2), 32), (nb ? sprintf("%.1f", 10000 * kb / nb) : "n/a")
				if (gg == "overall") sum[d] = "recall " cell(km, nm, 1) ", FP " cell(kb, nb, 2) " = " sprintf("%.1f", 10000 * kb / nb) "/10k"
			}
		}
		for (j = 1; j <= nd; j++) {
			d = ds[j]
			print d "\t" sum[d] >sumfile
			if (nu[d]) printf "note: %s reported %d file(s) that MANIFEST.tsv does not label (not counted):%s%s\n", d, nu[d], unl[d], (nu[d] > 10 ? " ..." : "")
		}
	}' "$manifest" "$work/reported.tsv"
# A warm-up that did not complete (yingji exit 2 or more, yara 1 or more, or
# killed) gives figures of a partial scan.
awk -F'\t' '$2 == 0 && $8 + 0 >= ($1 == "yingji" ? 2 : 1) {printf "WARNING: %s warm-up exited %s: its figures above come from an incomplete run\n", $1, $8}' "$work/runs.tsv" | tee "$work/failed"

# --- recall on the reviewed set ----------------------------------------------
# bench/webshell-labels.tsv lists malicious-labelled files that a review
# found harmless or unable to run (class noise, broken or neutered), each
# with its reason; the issue allows such label noise to be listed, never
# tuned to. Recall over the malicious files without them, for every
# detector alike. Classes other than those three are listed for the record
# and stay in the count.
labels=bench/webshell-labels.tsv
if [ -f "$labels" ]; then
	log "recall without the $(awk -F'\t' '$2 ~ /^(noise|broken|neutered)$/' "$labels" | wc -l) malicious files reviewed as harmless or unable to run ($labels: noise, broken, neutered)"
	awk -F'\t' -v dets="${dets[*]}" "$awklib"'
		FILENAME == ARGV[1] { if ($1 !~ /^#/ && $2 ~ /^(noise|broken|neutered)$/) out[$1] = $2; next }
		FILENAME == ARGV[2] {
			if (FNR > 1 && $2 == "malicious") {
				gg = grp($3)
				if ($1 in out) { x[gg]++; x["overall"]++; xc[out[$1]]++; seen[$1] = 1 }
				else { mal[$1] = gg; n[gg]++; n["overall"]++ }
			}
			next
		}
		($2 in mal) { k[$1, mal[$2]]++; k[$1, "overall"]++ }
		END {
			for (p in out) if (!(p in seen)) printf "WARNING: %s is not a malicious file of MANIFEST.tsv\n", p
			printf "excluded: %d noise, %d broken, %d neutered\n", xc["noise"], xc["broken"], xc["neutered"]
			nd = split(dets, ds, " ")
			ng = split("php jsp asp aspx other overall", gs, " ")
			printf "%-7s %9s %-12s %s\n", "group", "excluded", "detector", "recall (malicious reported)"
			for (i = 1; i <= ng; i++) {
				gg = gs[i]
				if (n[gg] == 0) continue
				for (j = 1; j <= nd; j++)
					printf "%-7s %9s %-12s %s\n", (j == 1 ? gg : ""), (j == 1 ? x[gg] + 0 : ""), ds[j], cell(k[ds[j], gg] + 0, n[gg], 1)
			}
		}' "$labels" "$manifest" "$work/reported.tsv"
fi

# --- reported benign files, missed malicious files ----------------------------
# rules.DET: "path<TAB>rule,rule" for the yara detectors (warm-up run).
for det in yara-sigbase yara-pmf; do
	sed -e "s|^\([^ ]*\) $work/|\1 |" -e 's|^\([^ ]*\) \./|\1 |' -e "s|^\([^ ]*\) $tree/|\1 |" "$work/out.$det.0" |
		awk '{r = $1; sub(/^[^ ]* /, ""); if (!(($0, r) in seen)) { seen[$0, r] = 1; a[$0] = a[$0] (a[$0] == "" ? "" : ",") r } } END {for (p in a) print p "\t" a[p]}' |
		sort >"$work/rules.$det"
done
: >"$work/rules.yingji"
log "benign files reported (false positives), per detector: lang path [yara rules]"
for det in "${dets[@]}"; do
	awk -F'\t' -v det="$det" '
		FILENAME == ARGV[1] { if (FNR > 1 && $2 == "benign") lang[$1] = $3; next }
		FILENAME == ARGV[2] { rules[$1] = $2; next }
		($0 in lang) { fp[++n] = sprintf("    %-5s %s%s", lang[$0], $0, ($0 in rules) ? "  [" rules[$0] "]" : "") }
		END { print det ": " n + 0 " benign files"; for (i = 1; i <= n; i++) print fp[i] }
	' "$manifest" "$work/rules.$det" "$work/files.$det.0"
done
if [ "$VERBOSE" = 1 ]; then
	log "malicious files yingji does not report: lang path [class in $labels]"
	awk -F'\t' '
		FILENAME == ARGV[1] { if ($1 !~ /^#/) class[$1] = $2; next }
		FILENAME == ARGV[2] { if (FNR > 1 && $2 == "malicious") lang[$1] = $3; next }
		{ hit[$0] = 1 }
		END { for (p in lang) if (!(p in hit)) print lang[p] "\t" p "\t" class[p] }
	' <(cat "$labels" 2>/dev/null) "$manifest" "$work/files.yingji.0" | sort |
		awk -F'\t' '{printf "    %-5s %s%s\n", $1, $2, ($3 == "" ? "" : "  [" $3 "]"); n++} END {print "yingji: " n + 0 " malicious files missed"}'
fi

# --- performance -------------------------------------------------------------
log "performance: medians of $RUNS runs (wall and CPU s; CPU = user+sys), MB/cpu-s = $mb MB / median CPU s, max peak RSS MB"
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
printf '%-12s %4s %9s %9s %9s %9s %5s\n' detector runs "wall(s)" "cpu(s)" "MB/cpu-s" "rss(MB)" exit
: >"$work/perf"
for det in "${dets[@]}"; do
	awk -F'\t' -v t="$det" '$1 == t && $2 > 0' "$work/runs.tsv" >"$work/rows"
	w=$(cut -f3 "$work/rows" | median)
	c=$(cut -f4 "$work/rows" | median)
	r=$(cut -f7 "$work/rows" | sort -n | tail -n1)
	x=$(cut -f8 "$work/rows" | sort -u | paste -sd, -)
	tp=$(awk -v m="$mb" -v c="$c" 'BEGIN {printf "%.1f", (c > 0) ? m / c : 0}')
	printf '%-12s %4s %9.2f %9.2f %9s %9.1f %5s\n' "$det" "$(wc -l <"$work/rows")" "$w" "$c" "$tp" "$r" "$x"
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$det" "$w" "$c" "$tp" "$r" "$x" >>"$work/perf"
done
echo
# A run that did not complete (yingji exit 2 or more, yara exit 1 or more, or
# killed) gives no ratio.
awk -F'\t' '
	function failed(d, x,   e, n, j) { n = split(x, e, ","); for (j = 1; j <= n; j++) if (e[j] + 0 >= (d == "yingji" ? 2 : 1)) return 1; return 0 }
	{ c[$1] = $3; if (failed($1, $6)) bad[$1] = 1 }
	END {
		n = split("yara-sigbase yara-pmf", o, " ")
		for (i = 1; i <= n; i++) {
			if (bad["yingji"] || bad[o[i]]) printf "throughput yingji/%-12s n/a: failed runs\n", o[i]
			else printf "throughput yingji/%-12s %5.2f  (> 1: yingji faster per CPU-second)\n", o[i], (c["yingji"] > 0) ? c[o[i]] / c["yingji"] : 0
		}
	}' "$work/perf"
echo "(peak RSS: of the single process, from /usr/bin/time; exit: the exit statuses of the timed runs; yingji 1 = webshells found)"

log "raw runs (run 0: warm-up, not in the medians)"
cat "$work/runs.tsv"
if [ -n "$TSV" ]; then
	cp "$work/runs.tsv" "$TSV"
	echo "raw runs copied to $TSV"
fi

# --- summary -----------------------------------------------------------------
log "summary (overall, warm-up detection; medians of $RUNS timed runs)"
awk -F'\t' '
	FILENAME == ARGV[1] { det[$1] = $2; next }
	{ printf "%-13s %s; %s s wall, %s cpu-s, %s MB/cpu-s, %s MB peak RSS\n", $1 ":", det[$1], $2, $3, $4, $5 }
' "$work/summary.detection" "$work/perf"
[ "$stable" = 1 ] || echo "WARNING: some timed runs reported other files than the warm-up (see above)"
[ ! -s "$work/failed" ] || cat "$work/failed"
