package mirage.cli;

import java.io.PrintWriter;
import mirage.core.InputException;
import mirage.io.provenance.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The top-level {@code mirage} command. Exit codes: 0 success, 2 bad input (a
 * {@link CommandLine.ParameterException}, an {@link InputException} or an
 * {@link IllegalArgumentException} from a command), 1 any other failure. Errors are one line on
 * stderr: {@code mirage <command>: <what is wrong>}.
 */
@Command(name = "mirage", mixinStandardHelpOptions = true, versionProvider = MirageCommand.Version.class,
        description = "Tells real emergent abilities of model families from artifacts of measurement.",
        subcommands = {
            DemoCommand.class,
            ScoreCommand.class,
            AnalyzeCommand.class,
            SimulateCommand.class,
            MetricsCommand.class,
            TrainCommand.class,
            ReportCommand.class,
            PlanCommand.class,
            PredictCommand.class,
            EvalCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class MirageCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The configured command line, as used by {@link Main} and by tests. Whatever stdout and stderr writers are set
     * on it, the commands print through {@link Console} (input text is untrusted: no terminal control characters).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MirageCommand());
        cl.setParameterExceptionHandler(MirageCommand::onParameterError);
        cl.setExecutionExceptionHandler(MirageCommand::onExecutionError);
        cl.setExecutionStrategy(parsed -> {
            CommandLine root = parsed.commandSpec().commandLine();
            root.setOut(Console.terminal(root.getOut()));
            root.setErr(Console.terminal(root.getErr()));
            return new CommandLine.RunLast().execute(parsed);
        });
        HelpLayout.install(cl);
        return cl;
    }

    private static int onParameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        String suggestion = "";
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            suggestion = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        err.println(Console.clean(name + ": " + oneLine(e.getMessage()) + suggestion + " (see '" + name + " --help')"));
        err.flush();
        return 2;
    }

    private static int onExecutionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        if (e instanceof InputException || e instanceof IllegalArgumentException) {
            err.println(Console.clean(name + ": " + oneLine(e.getMessage())));
            err.flush();
            return 2;
        }
        err.println(Console.clean(name + ": failed: " + oneLine(String.valueOf(e.getMessage())) + " (" + e.getClass().getSimpleName() + ")"));
        if (Boolean.getBoolean("mirage.debug")) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** Prints mirage's version. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mirage " + Provenance.version() + " (git " + Provenance.GitInfo.get().commit() + ")"};
        }
    }
}
