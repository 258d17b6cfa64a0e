#!/bin/sh
# A CI-style check: exits 1 when a campaign had a dead afternoon (no result from 13:00 to 17:59).
#
#   examples/dead-afternoon-check.sh CAMPAIGNS [DAY] [CXQ OPTIONS...]
#   examples/dead-afternoon-check.sh camp123,camp777 2025-08-23
#   examples/dead-afternoon-check.sh camp123 yesterday -c 'open days.jsonl'   # days from a file
#
# cxq's own failures pass through with their status: 2 configuration or credentials, 3 a fetch
# failed, 4 the credentials were refused. Set CXQ to use another binary.
set -u
if [ $# -lt 1 ]; then
    echo "usage: $0 CAMPAIGNS [DAY] [CXQ OPTIONS...]" >&2
    exit 2
fi
campaigns=$1
day=${2:-yesterday}
shift
[ $# -gt 0 ] && shift
here=$(dirname "$0")
rows=$("${CXQ:-cxq}" --no-rc --format csv -D campaigns="$campaigns" -D day="$day" "$@" -f "$here/dead-afternoon.cxq") || exit $?
dead=$(printf '%s\n' "$rows" | tail -n +2 | cut -d, -f1 | paste -sd, -)
if [ -n "$dead" ]; then
    echo "dead afternoon on $day: $dead" >&2
    exit 1
fi
echo "every afternoon had results on $day: $campaigns"
