#!/bin/bash -eu
# Builds every fuzz target of fuzz/ for ClusterFuzzLite and copies into $OUT, for each target:
# the binary, its seed corpus as <target>_seed_corpus.zip (the minimised corpus and the crash
# regressions) and the shared dictionary as <target>.dict.
#
# It expects the repository in $SRC/fgs-contract, as the Dockerfile copies it. .ci/fuzz runs it
# outside Docker with SRC and OUT set to temporary folders.

cd "$SRC/fgs-contract/fuzz"

# Optimised, with debug assertions and overflow checks, under AddressSanitizer (the default).
cargo fuzz build -O --debug-assertions

triple=$(rustc -vV | sed -n 's/^host: //p')
for target in $(cargo fuzz list); do
    cp "target/$triple/release/$target" "$OUT/$target"

    seeds=()
    for folder in "corpus/$target" "regressions/$target"; do
        if [ -d "$folder" ]; then
            seeds+=("$folder")
        fi
    done
    rm -f "$OUT/${target}_seed_corpus.zip"
    # -j stores the files without folders, as ClusterFuzzLite unpacks the archive flat.
    zip -q -r -j "$OUT/${target}_seed_corpus.zip" "${seeds[@]}"

    cp dict/fgs.dict "$OUT/$target.dict"
done
