package mirage.io.api;

/**
 * A response that is not a usable answer to the request (malformed JSON, missing log-probabilities, a
 * wrong number of choices, an echo of another prompt). Not retried: a server that answers so once
 * usually answers so again.
 */
public final class ProtocolException extends RemoteFailureException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
