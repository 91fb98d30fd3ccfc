import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import mirage.bench.Inputs;
import mirage.core.metric.SequenceDistance;

/**
 * Edit distance per CPU second of the measuring thread (not wall time): on a machine shared with other
 * builds, CPU time is much less disturbed by the load than wall time. Same pairs as bench/compare.sh
 * (Inputs.editPairs, seed 20261123, 200,000 / 20,000 / 2,000 pairs); 6 passes, the last 3 printed.
 * Peer: bench/python/edit_cpu_time.py DIR (time.process_time around rapidfuzz cpdist, workers=1).
 *
 * <p>Run: {@code java -cp mirage-bench/target/mirage-bench.jar bench/EditDistanceCpuTime.java}
 */
public class EditDistanceCpuTime {
    public static void main(String[] args) {
        ThreadMXBean tb = ManagementFactory.getThreadMXBean();
        for (Inputs.Size size : Inputs.Size.values()) {
            int n = size == Inputs.Size.SHORT ? 200_000 : size == Inputs.Size.MEDIUM ? 20_000 : 2_000;
            Inputs.Pairs p = Inputs.editPairs(size, n, 20261123L);
            SequenceDistance sd = new SequenceDistance();
            for (int rep = 0; rep < 6; rep++) {
                long s = 0;
                long c0 = tb.getCurrentThreadCpuTime();
                for (int i = 0; i < p.count(); i++) {
                    s += sd.levenshtein(p.a().get(i), p.b().get(i));
                }
                long c1 = tb.getCurrentThreadCpuTime();
                for (int i = 0; i < p.count(); i++) {
                    s += sd.levenshtein(p.as()[i], p.bs()[i]);
                }
                long c2 = tb.getCurrentThreadCpuTime();
                if (rep >= 3) {
                    System.out.printf("%s mirage tokens %.0f pairs/cpu-s  chars %.0f pairs/cpu-s  (sum %d)%n", size.label(),
                            p.count() / ((c1 - c0) / 1e9), p.count() / ((c2 - c1) / 1e9), s / 2);
                }
            }
        }
    }
}
