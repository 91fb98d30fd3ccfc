package mirage.analysis.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Damaged input for every stream reader ({@link DamagedInput}: byte-order marks, repeated lines, huge lines,
 * truncated or corrupt gzip), alone, for long local runs (README, "Development"). Without JAZZER_FUZZ it replays its
 * seed inputs as a regression test.
 */
class DamagedInputFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void fuzz(byte[] data) throws IOException {
        FuzzTargets.run(FuzzTargets.Target.DAMAGED, data);
    }
}
