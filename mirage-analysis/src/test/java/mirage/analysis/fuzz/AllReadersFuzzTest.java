package mirage.analysis.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.Arrays;

/**
 * Every reader in one fuzz target: the first byte chooses the reader, the rest is its input. This is
 * the target CI fuzzes for a few seconds (the {@code fuzz} surefire execution of mirage-analysis, with
 * {@code JAZZER_FUZZ=1}); without that variable it replays its seed inputs
 * ({@code src/test/resources/mirage/analysis/fuzz/AllReadersFuzzTestInputs/fuzz/}) as a regression test.
 */
class AllReadersFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        FuzzTargets.Target[] t = FuzzTargets.Target.values();
        FuzzTargets.run(t[(data[0] & 0xff) % t.length], Arrays.copyOfRange(data, 1, data.length));
    }
}
