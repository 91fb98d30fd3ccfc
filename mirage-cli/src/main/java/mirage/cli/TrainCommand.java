package mirage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mirage train}: model families trained by mirage itself. Each experiment is a subcommand
 * ({@code arithmetic}; a sibling such as {@code vision} is added to the list below) sharing the options
 * of {@link TrainOptions} and the machinery of {@code mirage.train} (engine, checkpoints, resume,
 * progress, seeds, output folder).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a family of small models here (DJL, PyTorch engine, CPU, offline) and writes their "
                + "outputs.",
            "Every model of a family sees identical data with an identical budget, is evaluated on the same "
                + "held-out items, and its answers are written as per-sample JSONL for 'mirage score' and 'mirage "
                + "analyze'."},
        subcommands = {TrainArithmeticCommand.class, TrainVisionCommand.class})
public final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
