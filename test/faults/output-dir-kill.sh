#!/usr/bin/env bash
# Kills a series write with SIGKILL at its Nth rename, renameat2, unlink, unlinkat and write (strace
# syscall injection, every process of the run), for N = 1, 2, ... until a run completes, and checks
# after each kill: the output directory holds the complete old or the complete new series, the mbox
# is the complete old or new one, and the next run (unkilled) succeeds and leaves nothing beside them.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v strace >/dev/null || { echo "strace is not installed (apt-get install strace)" >&2; exit 1; }
[ -f dist/src/render/output-dir.js ] || npm run build >/dev/null

work=$(mktemp -d /tmp/kcodemod-faults-XXXXXX)
trap 'rm -rf "$work"' EXIT
make_series() { # DIR TAG COUNT
	mkdir -p "$1"
	printf 'cover %s\n' "$2" >"$1/0000-cover-letter.patch"
	for i in $(seq 1 "$3"); do printf '%s patch %d\n%0800d\n' "$2" "$i" 0 >"$1/$(printf %04d "$i")-$2-$i.patch"; done
}
make_series "$work/old-src" old 3
make_series "$work/new-src" new 5

# The directory's state: every file (with .kcodemod/) and its bytes, in one line.
state() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-40); }
fresh_old() {
	rm -rf "$work/out" && mkdir "$work/out"
	node test/faults/write-series.mjs "$work/old-src" "$work/out/outgoing" "$work/out/series.mbox"
}
fresh_old
old_dir=$(state "$work/out/outgoing")
old_mbox=$(sha1sum <"$work/out/series.mbox")
node test/faults/write-series.mjs "$work/new-src" "$work/out/outgoing" "$work/out/series.mbox"
new_dir=$(state "$work/out/outgoing")
new_mbox=$(sha1sum <"$work/out/series.mbox")
[ "$old_dir" != "$new_dir" ] || { echo "old and new series are the same" >&2; exit 1; }

n=0
kills=0
while :; do
	n=$((n + 1))
	fresh_old
	status=0
	# (In a subshell: bash's own "Killed" line goes to /dev/null.)
	(strace -f -qq -o /dev/null -e trace=rename,renameat,renameat2,unlink,unlinkat,write \
		-e "inject=rename,renameat,renameat2,unlink,unlinkat,write:signal=KILL:when=$n" \
		node test/faults/write-series.mjs "$work/new-src" "$work/out/outgoing" "$work/out/series.mbox" 2>"$work/stderr") 2>/dev/null || status=$?
	[ -d "$work/out/outgoing" ] || { echo "N=$n: the output directory is gone" >&2; ls -la "$work/out" >&2; exit 1; }
	now=$(state "$work/out/outgoing")
	if [ "$now" != "$old_dir" ] && [ "$now" != "$new_dir" ]; then
		echo "N=$n: the output directory is neither the old nor the new series" >&2
		find "$work/out" >&2
		exit 1
	fi
	mbox=$(sha1sum <"$work/out/series.mbox")
	if [ "$mbox" != "$old_mbox" ] && [ "$mbox" != "$new_mbox" ]; then
		echo "N=$n: the mbox is neither the old nor the new one" >&2
		exit 1
	fi
	if [ "$status" -eq 0 ]; then
		[ "$now" = "$new_dir" ] && [ "$mbox" = "$new_mbox" ] || { echo "N=$n: a run that succeeded did not write the new series" >&2; exit 1; }
		break
	fi
	kills=$((kills + 1))
	# The next run takes over the lock of the killed one and sweeps its temporaries.
	node test/faults/write-series.mjs "$work/new-src" "$work/out/outgoing" "$work/out/series.mbox" ||
		{ echo "N=$n: the run after the kill failed" >&2; exit 1; }
	[ "$(state "$work/out/outgoing")" = "$new_dir" ] || { echo "N=$n: the run after the kill did not write the new series" >&2; exit 1; }
	left=$(ls -A "$work/out" | grep -v -x -e outgoing -e series.mbox || true)
	[ -z "$left" ] || { echo "N=$n: left beside the output after the next run: $left" >&2; exit 1; }
done
echo "output directory: killed at $kills syscalls (rename, unlink, write, in every process), always the complete old or new series"
