package mirage.report.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import mirage.io.provenance.Provenance;
import mirage.report.html.Html;

/**
 * The page's frame: head (a Content-Security-Policy that allows only the page's own script, by its SHA-256, no network
 * and no other script), inline style, the header, the navigation (it wraps on narrow screens), the sections, the data
 * ({@code <script type="application/json" id="mirage-data">}) and the script ({@code report.js}).
 */
final class PageHtml {
    private PageHtml() {
    }

    static String resource(String name) {
        try (InputStream s = PageHtml.class.getResourceAsStream("/mirage/report/" + name)) {
            if (s == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSP source of an inline script: {@code sha256-BASE64}. */
    static String scriptHash(String js) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(js.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String assemble(Page page, Map<String, Object> ownProvenance, Instant started) {
        String js = resource("report.js");
        String css = resource("report.css");
        String name = page.in.dir().toAbsolutePath().normalize().getFileName() == null ? page.in.dir().toString()
                : page.in.dir().toAbsolutePath().normalize().getFileName().toString();
        String body = page.body.toString().replace("<!--notes-->", SummarySection.notes(page.notes));
        StringBuilder sb = new StringBuilder(body.length() + js.length() + css.length() + 4096);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src '")
                .append(scriptHash(js)).append("'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
                .append("<meta name=\"generator\" content=\"mirage ").append(Html.attr(Provenance.version())).append("\">\n")
                .append("<title>mirage report: ").append(Html.text(name)).append("</title>\n<style>\n").append(css)
                .append("</style>\n</head>\n<body>\n<header class=\"top\"><h1>mirage report: ").append(Html.text(name))
                .append("</h1><div class=\"meta\">").append(Html.text(page.in.dir().toAbsolutePath().normalize().toString()))
                .append(" \u00b7 written ").append(Html.text(started.truncatedTo(ChronoUnit.SECONDS).toString()))
                .append(" by mirage ").append(Html.text(Provenance.version())).append(" (git ")
                .append(Html.text(shortCommit(ownProvenance))).append(")</div></header>\n<main>\n<nav class=\"toc\">");
        sb.append("<a href=\"#summary\">Answer</a>");
        for (String[] t : page.toc) {
            sb.append("<a href=\"#").append(t[0]).append("\">").append(Html.text(t[1].replaceAll(":.*|\\s*\\(.*", ""))).append("</a>");
        }
        sb.append("</nav>\n");
        sb.append(body);
        sb.append("</main>\n<script type=\"application/json\" id=\"mirage-data\">").append(Html.scriptJson(page.data))
                .append("</script>\n<script>").append(js).append("</script>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static String shortCommit(Map<String, Object> prov) {
        Object tool = prov.get("tool");
        if (tool instanceof Map<?, ?> m && m.get("git_commit") != null) {
            String c = String.valueOf(m.get("git_commit"));
            return c.length() > 12 ? c.substring(0, 12) : c;
        }
        return "unknown";
    }
}
