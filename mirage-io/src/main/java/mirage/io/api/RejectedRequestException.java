package mirage.io.api;

import mirage.core.InputException;

/**
 * The server refused a request with a client error (400, 401, 403, 404, 422, ...): retrying cannot
 * help, the options must change (the model name, the key, the prompt format). Bad input, exit code 2.
 */
public final class RejectedRequestException extends InputException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public RejectedRequestException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
