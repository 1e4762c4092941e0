# The GPU machine's limits, in one place: sourced by ci/gpu-prepare.sh (what may travel) and
# ci/gpu-check.sh (what may run and come back). The machine is lent by the device tool, which
# sets the first four; the last two are this project's choice within them. Change a value here
# when the tool's limits change, and the scripts follow.

# The working tree (tracked files and untracked ones git does not ignore) plus the carried paths
# (.gpu) travel to the machine: at most 64 MiB in all. gpu-prepare.sh fails above it.
GPU_CARRY_LIMIT_BYTES=$((64 * 1048576))

# Files brought back from $OUT: at most 8. gpu-check.sh writes two (gpu-check.log and
# results.tgz, which holds everything else) and warns if $OUT holds more than this.
GPU_OUT_FILES_LIMIT=8

# Device time per session: 15 minutes, every start, run, idle wait and hand-back together; a
# machine does not start with under 4 minutes left.
GPU_SESSION_SECONDS=$((15 * 60))

# One command (a run call's timeout_s): at most 10 minutes.
GPU_COMMAND_LIMIT_SECONDS=$((10 * 60))

# The check's device call: run(command="OUT=$OUT ci/gpu-check.sh", carry=[".gpu"],
# timeout_s=540), a minute above GPU_CHECK_BUDGET for packing the results and the steps' last
# seconds. With the machine's start (minutes) it takes most of a session: a second full run of
# the check does not fit in the same session.
GPU_CHECK_CALL_TIMEOUT_S=540

# gpu-check.sh keeps to this many seconds (each step capped, none started with under 20 s
# left); the environment can lower it: GPU_CHECK_BUDGET=300 ci/gpu-check.sh.
GPU_CHECK_BUDGET=${GPU_CHECK_BUDGET:-480}
