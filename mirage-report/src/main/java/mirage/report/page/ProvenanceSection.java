package mirage.report.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mirage.report.data.AnalysisInputs;
import mirage.report.data.SimulationRun;
import mirage.report.html.Html;

/** The provenance of the analysis, of each simulation and of the report itself, as nested key/value lists and raw JSON. */
final class ProvenanceSection {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ProvenanceSection() {
    }

    static void write(Page page, Map<String, Object> own) {
        page.section("provenance", "Provenance");
        JsonNode p = page.in.provenance();
        if (p != null) {
            page.body.append("<h3>The analysis (provenance.json)</h3>");
            json(page.body, p);
        }
        for (SimulationRun r : page.in.simulations()) {
            Path f = page.in.dir().resolve(r.name()).resolve(AnalysisInputs.PROVENANCE);
            if (!r.name().isEmpty() && Files.isRegularFile(f)) {
                try {
                    JsonNode n = JSON.readTree(f.toFile());
                    page.body.append("<h3>").append(Html.text(r.name() + "/provenance.json")).append("</h3>");
                    json(page.body, n);
                } catch (IOException e) {
                    page.p("notes", r.name() + "/provenance.json could not be read: " + e.getMessage());
                }
            }
        }
        page.body.append("<h3>This report (report.provenance.json)</h3>");
        json(page.body, JSON.valueToTree(own));
        page.endSection();
    }

    private static void json(StringBuilder body, JsonNode n) {
        body.append("<dl class=\"kv\">");
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            body.append("<dt>").append(Html.text(e.getKey())).append("</dt><dd>");
            value(body, e.getValue());
            body.append("</dd>");
        }
        body.append("</dl>");
        try {
            String raw = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
            body.append("<details><summary>raw JSON</summary><pre>").append(Html.text(raw)).append("</pre></details>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void value(StringBuilder body, JsonNode v) {
        if (v.isObject()) {
            if (v.isEmpty()) {
                body.append("\u2014");
                return;
            }
            body.append("<dl class=\"kv\">");
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                body.append("<dt>").append(Html.text(e.getKey())).append("</dt><dd>");
                value(body, e.getValue());
                body.append("</dd>");
            }
            body.append("</dl>");
        } else if (v.isArray()) {
            if (v.isEmpty()) {
                body.append("\u2014");
                return;
            }
            boolean scalars = true;
            for (JsonNode x : v) {
                scalars &= x.isValueNode();
            }
            if (scalars) {
                List<String> parts = new ArrayList<>();
                for (JsonNode x : v) {
                    parts.add(x.asText());
                }
                body.append(Html.text(String.join(" ", parts)));
            } else {
                body.append("<ol>");
                for (JsonNode x : v) {
                    body.append("<li>");
                    value(body, x);
                    body.append("</li>");
                }
                body.append("</ol>");
            }
        } else {
            body.append(Html.text(v.isNull() ? "null" : v.asText()));
        }
    }
}
