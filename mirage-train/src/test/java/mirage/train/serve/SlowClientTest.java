package mirage.train.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: {@code mirage serve} is not frozen by slow clients. Connections that send headers and half a body
 * (or half the headers) and then stall do not stop other clients from being answered, and a request that is
 * not received within the request time limit is cut off. No model is needed: {@code /health} and
 * {@code /v1/models} go through the same connection handling as completions.
 */
class SlowClientTest {

    /** Opens a connection that sends the headers of a POST and half of its body, then nothing more. */
    static Socket stall(int port, boolean headersOnly) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        OutputStream o = s.getOutputStream();
        if (headersOnly) {
            o.write("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Ty".getBytes(StandardCharsets.US_ASCII));
        } else {
            o.write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    + "{\"model\":").getBytes(StandardCharsets.US_ASCII));
        }
        o.flush();
        return s;
    }

    @Test
    void slowClientsDoNotStopOthersFromBeingServed() throws Exception {
        // one request at a time (--threads 1): before issue 17 the pool that reads requests had that size too
        CompletionServer server = CompletionServer.start(List.of(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1,
                new PrintStream(new ByteArrayOutputStream()));
        List<Socket> slow = new ArrayList<>();
        try {
            int port = server.address().getPort();
            for (int i = 0; i < 4; i++) {
                slow.add(stall(port, i % 2 == 1));
            }
            Thread.sleep(300);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            long t0 = System.nanoTime();
            for (String path : new String[] {"/health", "/v1/models"}) {
                HttpResponse<String> r = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).get(15, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
            }
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds to answer while 4 clients stall").isLessThan(10);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
            server.close();
        }
    }

    /**
     * The time limit on receiving a request ({@link CompletionServer#REQUEST_SECONDS}, here 1 s through
     * {@code -Dmirage.serve.requestSeconds}) closes a stalled connection. In a child JVM: the JDK reads the limit
     * once per process.
     */
    @Test
    void aStalledRequestIsCutOffAfterTheTimeLimit() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-Dmirage.serve.requestSeconds=1", "-cp", System.getProperty("java.class.path"), ServeNothing.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the child's port").isNotNull().startsWith("port ");
            int port = Integer.parseInt(line.substring(5).trim());
            for (boolean headersOnly : new boolean[] {false, true}) {
                try (Socket s = stall(port, headersOnly)) {
                    s.setSoTimeout(10_000);
                    long t0 = System.nanoTime();
                    InputStream in = s.getInputStream();
                    int got;
                    try {
                        got = in.read();
                        while (got >= 0) {
                            got = in.read();
                        }
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("the stalled connection was still open after 10 s", e);
                    } catch (java.net.SocketException e) {
                        got = -1; // reset by the server: closed too
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    assertThat(got).isEqualTo(-1);
                    assertThat(seconds).as("closed after").isLessThan(5);
                }
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A server without models for the child JVM: prints its port and runs until killed. */
    public static final class ServeNothing {
        public static void main(String[] args) throws Exception {
            CompletionServer s = CompletionServer.start(List.of(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1,
                    System.err);
            System.out.println("port " + s.address().getPort());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
