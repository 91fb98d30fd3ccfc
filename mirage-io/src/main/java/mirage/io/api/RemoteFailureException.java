package mirage.io.api;

import java.io.IOException;

/**
 * A server could not be used: unreachable, timing out or answering 429/5xx after every retry, or
 * answering something that is not a usable completion (malformed JSON, no log-probabilities, the wrong
 * number of choices, an echo of another item). The message is one line, without the API key. The
 * command line turns it into exit code 1.
 */
public class RemoteFailureException extends IOException {
    private static final long serialVersionUID = 1L;

    public RemoteFailureException(String message) {
        super(message);
    }
}
