package mirage.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mirage.cli.AnalyzeCommand;
import picocli.CommandLine;

/**
 * The main class of {@code mirage-spark-app.jar}, the jar {@code spark-submit} runs:
 * {@code spark-submit --class mirage.spark.SparkMain mirage-spark-app.jar analyze INPUT... --out DIR}. It runs
 * {@code mirage analyze} alone (the jar has no training code), with {@code --engine spark} unless another engine is
 * named; the master is spark-submit's unless {@code --master} is given.
 */
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (!a.isEmpty() && a.get(0).equals("analyze")) {
            a.remove(0);
        }
        boolean engine = a.stream().anyMatch(x -> x.equals("--engine") || x.startsWith("--engine="));
        if (!engine) {
            a.add(0, "--engine=spark");
        }
        return new CommandLine(new AnalyzeCommand()).execute(a.toArray(new String[0]));
    }
}
