# Settings shared by tests/fuzz/run.sh (make fuzz) and the short runs of
# tests/run_all.sh (make test).  Sourced.

# Longest input the fuzzer makes per target.  A record is at most 480 bytes
# and line assembly keeps 960 (RL_LINE_KEEP): 1536 bytes hold an overlong
# line or a few records after the built-in multi-boot prelude, and keep
# each run short (the model's cost grows with the input) and the corpus
# small.  The CPUID dump seed is 2126 bytes; a dump of a few CPUs fits.
fuzz_max_len() {
	case "$1" in
	fuzz_dump) echo 3072 ;;
	*) echo 1536 ;;
	esac
}

# A smaller ASan quarantine: freed blocks are reused sooner, so each run
# touches fewer fresh pages (page faults and zeroing were a tenth of the
# time with the default 256 MB).  Use-after-free is still caught within it.
FUZZ_ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16}

# Bytes of tests/fuzz/corpus/<target>/ kept in the tree: a few hundred KB
# at most in all.
FUZZ_TARGET_BUDGET=$((100 * 1024))
