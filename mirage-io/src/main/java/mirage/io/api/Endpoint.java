package mirage.io.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The base URL of an OpenAI-compatible server, as OpenAI clients take it ({@code base_url}):
 * {@code http://127.0.0.1:8000/v1}. Given {@code http://host:port} (no path), {@code /v1} is added;
 * given a URL ending in {@code /completions}, that suffix is removed. Requests go to
 * {@code BASE/completions} and {@code BASE/models}; a query string (e.g. {@code ?api-version=...}) is
 * kept on every request. Credentials in the URL ({@code user:pass@host}) are refused: keys belong in
 * the environment variable named by {@code --api-key-env}.
 */
public final class Endpoint {
    private final String scheme;
    private final String authority;
    private final String path;
    private final String query;

    private Endpoint(String scheme, String authority, String path, String query) {
        this.scheme = scheme;
        this.authority = authority;
        this.path = path;
        this.query = query;
    }

    /**
     * @throws IllegalArgumentException for anything but an absolute http(s) URL with a host and without user info
     */
    public static Endpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("endpoint is empty; give the server's base URL, e.g. http://127.0.0.1:8000/v1");
        }
        URI u;
        try {
            u = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint '" + shown(text) + "' is not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("endpoint '" + shown(text) + "' must start with http:// or https://");
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint must not contain credentials (user:password@); put the API key "
                    + "in an environment variable and name it with --api-key-env");
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("endpoint '" + shown(text) + "' has no host");
        }
        if (u.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint '" + shown(text) + "' must not have a #fragment");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/completions")) {
            path = path.substring(0, path.length() - "/completions".length());
        }
        if (path.isEmpty()) {
            path = "/v1";
        }
        return new Endpoint(scheme, u.getRawAuthority(), path, u.getRawQuery());
    }

    private static String shown(String text) {
        String s = text.strip();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    public URI completions() {
        return uri("/completions");
    }

    public URI models() {
        return uri("/models");
    }

    private URI uri(String suffix) {
        return URI.create(scheme + "://" + authority + path + suffix + (query == null ? "" : "?" + query));
    }

    /** The base URL without its query string (which may hold a token): what logs and provenance show. */
    public String display() {
        return scheme + "://" + authority + path + (query == null ? "" : "?...");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && e.completions().equals(completions());
    }

    @Override
    public int hashCode() {
        return completions().hashCode();
    }

    @Override
    public String toString() {
        return display();
    }
}
