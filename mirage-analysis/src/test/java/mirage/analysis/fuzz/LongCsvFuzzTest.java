package mirage.analysis.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzzes one reader alone, for long local runs (README, "Development"):
 * {@code JAZZER_FUZZ=1 mvn -pl mirage-io -am test -Dtest=LongCsvFuzzTest}. Without JAZZER_FUZZ it replays
 * its seed inputs as a regression test.
 */
class LongCsvFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void fuzz(byte[] data) throws IOException {
        FuzzTargets.run(FuzzTargets.Target.LONG_CSV, data);
    }
}
