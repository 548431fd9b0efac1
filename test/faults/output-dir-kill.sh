#!/usr/bin/env bash
# Kills the real `kcodemod series TREE -o OUT --mbox MBOX` with SIGKILL at its system calls (strace
# fault injection) and checks after each kill: OUT holds the complete earlier or the complete new
# series, MBOX the complete earlier or new mbox, and the next run succeeds and leaves nothing behind
# (the killed run's lock, staging directory and commit store are swept). Each kill's next run
# writes the earlier series again, so it is also the next kill's starting point.
#
# Where it kills (found by a probe run under `strace -y`, which names the file of each call):
# - every rename, unlink, rmdir, mkdir and fsync of kcodemod's own thread that touches OUT's
#   directory: the staging directory made, each of its files synced once written, the exchange's
#   fallback renames, the mbox landing, the earlier series removed, the lock removed. These come in
#   the same order and number in every run, so the Nth is the same call each time;
# - the exchange itself: the renameat2 of the helper process that makes it (no other process of a
#   run calls renameat2);
# - the write of the lock (strace -P picks it out by its name);
# - in the temporary commit store: its first and last unlink and rmdir (the others leave the same
#   state: a half-removed store for the next run to sweep).
# Not every write: ~700 writes of a run are event-loop wake-ups (8-byte eventfd writes) before the
# output is touched, whose number varies from run to run, so "the Nth write" is not the same call
# twice; the writes into the staging directory are represented by the fsync after each of them
# (a kill at either leaves an incomplete staging directory beside an untouched output). A run takes
# ~2 s; the set above keeps the script to a few minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v strace >/dev/null || { echo "strace is not installed (apt-get install strace)" >&2; exit 1; }
[ -f dist/src/cli/main.js ] || npm run build >/dev/null

work=$(mktemp -d /tmp/kcodemod-faults-XXXXXX)
trap 'rm -rf "$work"' EXIT
tree="$work/tree"
cp -a examples "$tree"
git_fixed() { GIT_AUTHOR_NAME=Fixture GIT_AUTHOR_EMAIL=fixture@example.org GIT_AUTHOR_DATE=2025-06-01T12:00:00Z \
	GIT_COMMITTER_NAME=Fixture GIT_COMMITTER_EMAIL=fixture@example.org GIT_COMMITTER_DATE=2025-06-01T12:00:00Z \
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 git -C "$tree" "$@"; }
git_fixed init --quiet --initial-branch=main
git_fixed add -f -A
git_fixed commit --quiet -m base

out="$work/out/outgoing"
mbox="$work/out/series.mbox"
# The run's own TMPDIR: its commit store is seen there, and must be gone after the next run.
export TMPDIR="$work/tmp" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 KCODEMOD_SIGNATURE=2.39.5 NO_COLOR=1 LC_ALL=C
mkdir -p "$TMPDIR" "$work/out"
OLD=2026-01-01T00:00:00Z
NEW=2026-02-02T00:00:00Z
# --no-cache: every run makes the same system calls (a warm cache would skip some), and none
# writes to the user's ~/.cache.
series_args() { echo "series pci-intx $tree -o $out --mbox $mbox --no-maintainers --no-cache --date $1"; }
series() { # DATE: a run that must succeed
	# shellcheck disable=SC2046
	node bin/kcodemod.js $(series_args "$1") --from 'Ada Example <ada@example.org>' >/dev/null 2>"$work/stderr" ||
		{ echo "a series run failed:" >&2; cat "$work/stderr" >&2; return 1; }
}
# The directory's state: every file (with .kcodemod/) and its bytes, in one line.
state() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-40); }

series "$OLD"
old_dir=$(state "$out")
old_mbox=$(sha1sum <"$mbox")
series "$NEW"
new_dir=$(state "$out")
new_mbox=$(sha1sum <"$mbox")
[ "$old_dir" != "$new_dir" ] && [ "$old_mbox" != "$new_mbox" ] || { echo "the earlier and the new series are the same" >&2; exit 1; }
series "$OLD"

# The probe: kcodemod's own thread (no -f), every call of the kinds above, with file names.
calls=rename,renameat,unlink,unlinkat,rmdir,mkdir,fsync
# shellcheck disable=SC2046
strace -y -qq -o "$work/probe" -e trace=$calls node bin/kcodemod.js $(series_args "$NEW") --from 'Ada Example <ada@example.org>' >/dev/null 2>&1
[ "$(state "$out")" = "$new_dir" ] || { echo "the probe run did not write the new series" >&2; exit 1; }
series "$OLD"
# "NAME N [STRACE OPTIONS]" for each call to kill at: the Nth call of NAME (in the probe).
awk -v outdir="$work/out/" -v tmpdir="$TMPDIR/" '
	/^---|^\+\+\+/ { next }
	{
		name = substr($0, 1, index($0, "(") - 1)
		n = ++count[name]
		if (index($0, outdir)) print name, n
		else if (index($0, tmpdir) && (name == "unlink" || name == "rmdir")) { if (!first[name]) first[name] = n; last[name] = n }
	}
	END { for (name in first) { print name, first[name]; if (last[name] != first[name]) print name, last[name] } }' "$work/probe" >"$work/targets"
printf '%s\n' "renameat2 1 -f" "write 1 -P $work/out/.outgoing.kcodemod-lock" >>"$work/targets"
[ "$(grep -c . "$work/targets")" -gt 20 ] || { echo "the probe found too few calls to kill at:" >&2; cat "$work/targets" >&2; exit 1; }

kills=0
completed=0
while read -r name n follow; do
	status=0
	# (Waited for in braces: bash's own "Killed" line goes to /dev/null.)
	# shellcheck disable=SC2046,SC2086
	{
		strace $follow -qq -o /dev/null -e trace="$name" -e "inject=$name:signal=KILL:when=$n" \
			node bin/kcodemod.js $(series_args "$NEW") --from 'Ada Example <ada@example.org>' >/dev/null 2>"$work/stderr" &
		wait $!
	} 2>/dev/null || status=$?
	where="kill at $name #$n${follow:+ ($follow)}"
	[ -d "$out" ] || { echo "$where: the output directory is gone" >&2; ls -la "$work/out" >&2; exit 1; }
	now=$(state "$out")
	if [ "$now" != "$old_dir" ] && [ "$now" != "$new_dir" ]; then
		echo "$where: the output directory is neither the earlier nor the new series" >&2
		find "$work/out" >&2
		exit 1
	fi
	mbox_now=$(sha1sum <"$mbox")
	if [ "$mbox_now" != "$old_mbox" ] && [ "$mbox_now" != "$new_mbox" ]; then
		echo "$where: the mbox is neither the earlier nor the new one" >&2
		exit 1
	fi
	if [ "$status" -eq 0 ]; then
		completed=$((completed + 1))
		echo "$where: the run completed (the call was not reached)" >&2
		[ "$now" = "$new_dir" ] && [ "$mbox_now" = "$new_mbox" ] || { echo "$where: a run that succeeded did not write the new series" >&2; exit 1; }
	else
		kills=$((kills + 1))
	fi
	# The next run takes over the killed one's lock and sweeps its temporaries.
	series "$OLD" || { echo "$where: the run after it failed" >&2; exit 1; }
	[ "$(state "$out")" = "$old_dir" ] && [ "$(sha1sum <"$mbox")" = "$old_mbox" ] || { echo "$where: the run after it did not write its series" >&2; exit 1; }
	left=$(ls -A "$work/out" | grep -v -x -e outgoing -e series.mbox || true)
	[ -z "$left" ] || { echo "$where: left beside the output after the next run: $left" >&2; exit 1; }
	[ -z "$(ls -A "$TMPDIR")" ] || { echo "$where: left in TMPDIR after the next run: $(ls -A "$TMPDIR")" >&2; exit 1; }
done <"$work/targets"
[ "$kills" -gt 0 ] || { echo "no run was killed: strace injection did not work" >&2; exit 1; }
echo "kcodemod series: killed at $kills system calls ($(cut -d' ' -f1 "$work/targets" | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}'), $completed not reached), always the complete earlier or new series and mbox, and the next run succeeded and left nothing"
