package mirage.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import mirage.train.Progress;
import picocli.CommandLine.Option;

/** Options every {@code mirage train} subcommand shares (a picocli mixin). */
public final class TrainOptions {
    @Option(names = "--seed", defaultValue = "0", description = "root seed of data, split, test set and initial weights (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: mirage-out/train-<experiment>)")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out after an interruption: finished models are kept, "
            + "an interrupted model continues from its last checkpoint; the results equal those of an uninterrupted run")
    boolean resume;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "PyTorch intra-op threads (default 0: by model size, 1 thread for small models)")
    int threads;

    @Option(names = "--jobs", paramLabel = "N",
            description = "models trained at the same time (single-thread models only; default: the number of processors, "
                    + "at most 4); the results do not depend on it")
    Integer jobs;

    @Option(names = "--checkpoint-every", defaultValue = "200", paramLabel = "STEPS",
            description = "steps between checkpoints within a model (default: ${DEFAULT-VALUE})")
    long checkpointEvery;

    @Option(names = {"-q", "--quiet"}, description = "no progress bars")
    boolean quiet;

    Progress progress(PrintStream err) {
        return quiet ? Progress.NONE : Progress.auto(err);
    }

    int jobs() {
        return jobs != null ? jobs : mirage.train.ModelScheduler.defaultParallel();
    }

    void validate(picocli.CommandLine cl) {
        if (jobs != null && (jobs < 1 || jobs > 64)) {
            throw new picocli.CommandLine.ParameterException(cl, "--jobs must be in 1..64, got " + jobs);
        }
        if (threads < 0) {
            throw new picocli.CommandLine.ParameterException(cl, "--threads must be 0 (by model size) or positive, got " + threads);
        }
        if (checkpointEvery < 1) {
            throw new picocli.CommandLine.ParameterException(cl, "--checkpoint-every must be at least 1, got " + checkpointEvery);
        }
    }
}
