package mirage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import mirage.train.serve.CompletionServer;
import mirage.train.serve.ServedModel;
import mirage.train.serve.TrainedModels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mirage serve}: mirage's trained models behind an OpenAI-compatible completions API. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves the models 'mirage train arithmetic' trained behind the subset of OpenAI's API that "
                + "evaluation needs.",
            "POST /v1/completions (text or token-id prompts, max_tokens, temperature and seed, stop, logprobs, echo), "
                + "GET /v1/models, and vLLM's POST /tokenize, POST /detokenize, GET /tokenizer_info (so lm-evaluation-harness's "
                + "local-completions works with its default settings), on "
                + "127.0.0.1 unless --host says otherwise (there is no authentication). Model ids are FAMILY/NAME (the "
                + "bare NAME works when unique). Prompts are written in the models' own alphabet (0123456789+*=), e.g. "
                + "'12+34=': evaluate them with 'mirage eval --format plain --shots 0'. Runs until Ctrl-C (or SIGTERM).", ""})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--models", required = true, paramLabel = "DIR",
            description = "the --out folder of mirage train arithmetic, or a folder of such folders")
    Path models;

    @Option(names = "--port", defaultValue = "8000", paramLabel = "P", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only; there is no authentication)")
    String host;

    @Option(names = "--threads", paramLabel = "N", description = "requests answered at the same time (default: available processors)")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        PrintWriter o = cl.getOut();
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(cl, "--port must be in 0..65535, got " + port);
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1 || n > 256) {
            throw new CommandLine.ParameterException(cl, "--threads must be in 1..256, got " + n);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(cl, "--host: unknown address '" + host + "'");
        }
        TrainedModels.Loaded loaded = TrainedModels.load(models);
        for (String s : loaded.skipped()) {
            o.println("skipped " + s);
        }
        CompletionServer server;
        try {
            server = CompletionServer.start(loaded.models(), new InetSocketAddress(address, port), n, System.err);
        } catch (BindException e) {
            loaded.models().forEach(ServedModel::close);
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --port (0 picks a free one)");
        } catch (IOException | RuntimeException e) {
            loaded.models().forEach(ServedModel::close);
            throw e;
        }
        AtomicBoolean closed = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable shutdown = () -> {
            if (closed.compareAndSet(false, true)) {
                server.close();
                loaded.models().forEach(ServedModel::close);
                stopped.countDown();
            }
        };
        Thread hook = new Thread(shutdown, "mirage-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        for (ServedModel m : loaded.models()) {
            o.printf(Locale.ROOT, "  %-28s %s, %,d parameters, %s format%n", m.id(), m.facts().get("task"),
                    ((Number) m.facts().get("params")).longValue(), m.facts().get("format"));
        }
        if (!address.isLoopbackAddress()) {
            o.println("warning: listening on " + host + ": anyone who can reach this machine can use the models (no authentication)");
        }
        o.printf(Locale.ROOT, "serving %d model%s at %s (POST /completions, GET /models); Ctrl-C to stop%n",
                loaded.models().size(), loaded.models().size() == 1 ? "" : "s", server.baseUrl());
        o.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running
            }
        }
        o.printf(Locale.ROOT, "stopped after %d requests (%d completions, %d errors)%n", server.requests(), server.completions(),
                server.errors());
        o.flush();
        return 0;
    }
}
