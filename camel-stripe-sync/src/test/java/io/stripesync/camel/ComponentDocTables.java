package io.stripesync.camel;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Renders the option and header tables of src-docs/stripe-sync-component.adoc from the component's metadata
 * (stripe-sync.json, written by Camel's plugin from the annotations), between the "START" and "END" comments. The
 * build runs it after the tests are compiled (exec-maven-plugin, phase process-test-classes), so the page always shows
 * what the metadata says; {@link ComponentDocTablesTest} checks it.
 */
public final class ComponentDocTables {

    static final Path DOC = Path.of("..", "src-docs", "stripe-sync-component.adoc");
    private static final Map<String, String> SECTIONS = Map.of(
            "component options", "componentProperties", "endpoint options", "properties", "message headers", "headers");

    private ComponentDocTables() {
    }

    /** Rewrites the page's tables when they are not the metadata's. */
    public static void main(String[] args) throws Exception {
        Path doc = args.length > 0 ? Path.of(args[0]) : DOC;
        String text = Files.readString(doc);
        String generated = withTables(text);
        if (!generated.equals(text)) {
            Files.writeString(doc, generated);
        }
    }

    static JsonObject metadata() throws Exception {
        try (var in = ComponentDocTables.class.getResourceAsStream("/META-INF/io/stripesync/camel/stripe-sync.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    /** The document with each generated section replaced by the table the metadata makes. */
    static String withTables(String doc) throws Exception {
        JsonObject metadata = metadata();
        String result = doc;
        for (Map.Entry<String, String> section : SECTIONS.entrySet()) {
            String start = "// " + section.getKey() + ": START";
            String end = "// " + section.getKey() + ": END";
            int from = result.indexOf(start);
            int to = result.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalStateException("the page has no '" + start + "' ... '" + end + "' comments");
            }
            int bodyStart = result.indexOf('\n', from) + 1;
            result = result.substring(0, bodyStart) + table(metadata.getAsJsonObject(section.getValue()),
                    section.getValue().equals("headers")) + result.substring(to);
        }
        return result;
    }

    private static String table(JsonObject entries, boolean headers) {
        StringBuilder t = new StringBuilder();
        if (headers) {
            t.append("[width=\"100%\",cols=\"2,1,5\",options=\"header\"]\n|===\n| Header | Type | Description\n");
        } else {
            t.append("[width=\"100%\",cols=\"2,1,1,1,5\",options=\"header\"]\n|===\n| Option | Group | Default | Type | Description\n");
        }
        for (Map.Entry<String, JsonElement> e : entries.entrySet()) {
            JsonObject o = e.getValue().getAsJsonObject();
            String description = text(o, "description").replace("|", "\\|").replace("*", "{asterisk}");
            if (headers) {
                t.append("| `").append(e.getKey()).append("` | `").append(text(o, "javaType")).append("` | ")
                        .append(description).append('\n');
                continue;
            }
            String kind = text(o, "kind").equals("path") ? " (path)" : "";
            String required = o.has("required") && o.get("required").getAsBoolean() ? "*Required.* " : "";
            String secret = o.has("secret") && o.get("secret").getAsBoolean() ? " (secret)" : "";
            String group = text(o, "label").isEmpty() ? text(o, "group") : text(o, "label").replace(",", ", ");
            String defaultValue = o.has("defaultValue") ? "`" + o.get("defaultValue").getAsString() + "`" : "";
            // without packages: StateRepository<String, String>, not the fully qualified names
            String type = text(o, "javaType").replaceAll("\\b[a-z][a-z0-9_]*\\.", "");
            t.append("| `").append(e.getKey()).append('`').append(kind).append(secret).append(" | ").append(group)
                    .append(" | ").append(defaultValue).append(" | `").append(type).append("` | ").append(required)
                    .append(description).append('\n');
        }
        return t.append("|===\n").toString();
    }

    private static String text(JsonObject o, String field) {
        return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : "";
    }
}
