package mirage.io;

import mirage.core.InputException;

/**
 * Input that cannot be read on at all: truncated or corrupt compressed data. Unlike a bad line, which a lenient
 * reader records and reads past, this ends the file: readers that skip bad lines must let it through (see
 * {@link #rethrowIfFatal}), so it is one error naming the file (exit code 2) and never an endless loop of the
 * same failing read.
 */
public final class CorruptInputException extends InputException {
    private static final long serialVersionUID = 1L;

    public CorruptInputException(String file, String reason, Throwable cause) {
        super(file, 0, null, reason, cause);
    }

    /** Rethrows {@code e} when it is fatal for its file (a lenient reader then stops rather than skipping a line). */
    public static void rethrowIfFatal(InputException e) {
        if (e instanceof CorruptInputException) {
            throw e;
        }
    }
}
