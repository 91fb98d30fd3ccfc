package mirage.io.api;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * An API key read from an environment variable. It leaves this object only as the value of the
 * {@code Authorization: Bearer} header ({@link #bearer()}); {@link #toString()} never shows it, and
 * {@link #redact(String)} removes it (and the masked forms servers echo in error messages, such as
 * {@code sk-abc***xyz}) from any text mirage prints or writes.
 */
public final class ApiKey {
    /** Shown wherever the key would have appeared. */
    public static final String REDACTED = "[API key]";
    private static final ApiKey NONE = new ApiKey(null, null);

    private final String variable;
    private final String key;
    private final Pattern masked;

    private ApiKey(String variable, String key) {
        this.variable = variable;
        this.key = key;
        // a server that rejects a key often repeats its first and last characters with stars in between;
        // any word that starts with the key's first 6 characters is taken for such a form (punctuation that
        // ends the sentence is kept)
        this.masked = key == null || key.length() < 8 ? null
                : Pattern.compile(Pattern.quote(key.substring(0, 6)) + "\\S*?(?=[.,;:!?)\\]}\"']*(\\s|$))");
    }

    /** No key: requests carry no Authorization header. */
    public static ApiKey none() {
        return NONE;
    }

    /**
     * The key in environment variable {@code variable}; {@link #none()} when it is unset or blank.
     *
     * @param env the environment ({@code System.getenv()} in the application)
     */
    public static ApiKey fromEnvironment(String variable, Map<String, String> env) {
        String v = env.get(variable);
        if (v == null || v.isBlank()) {
            return new ApiKey(variable, null);
        }
        return new ApiKey(variable, v.strip());
    }

    /** A key given directly (tests). */
    public static ApiKey of(String key) {
        return new ApiKey(null, key);
    }

    public boolean present() {
        return key != null;
    }

    /** The name of the environment variable it came from (null when given directly or none). */
    public String variable() {
        return variable;
    }

    /** The header value {@code Bearer KEY}; only for the HTTP request. */
    String bearer() {
        return "Bearer " + key;
    }

    /** The text with every occurrence of the key, whole or masked, replaced by {@link #REDACTED}. */
    public String redact(String text) {
        if (text == null || key == null) {
            return text;
        }
        String s = text.replace(key, REDACTED);
        if (masked != null) {
            s = masked.matcher(s).replaceAll(java.util.regex.Matcher.quoteReplacement(REDACTED));
        }
        return s;
    }

    @Override
    public String toString() {
        return key == null ? "no API key" : "API key from " + (variable == null ? "the caller" : "$" + variable) + " " + REDACTED;
    }
}
