package io.stripesync.camel;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The option and header tables of src-docs/stripe-sync-component.adoc are the component's metadata (stripe-sync.json,
 * written by Camel's plugin from the annotations), rendered between the "START" and "END" comments. Regenerate them with
 * {@code mvn -B -pl camel-stripe-sync test -Dtest=ComponentDocTablesTest -Dregenerate=true}.
 */
class ComponentDocTablesTest {

    private static final Path DOC = Path.of("..", "src-docs", "stripe-sync-component.adoc");
    private static final Map<String, String> SECTIONS = Map.of(
            "component options", "componentProperties", "endpoint options", "properties", "message headers", "headers");

    @Test
    void docTablesAreTheMetadata() throws Exception {
        String doc = Files.readString(DOC);
        String expected = withTables(doc);
        if (Boolean.getBoolean("regenerate")) {
            Files.writeString(DOC, expected);
            doc = expected;
        }
        assertThat(doc).as(DOC + " has tables that are not the metadata: regenerate them (see this test's comment)")
                .isEqualTo(expected);
    }

    @Test
    void theMetadataSaysWhatTheComponentDoes() throws Exception {
        JsonObject metadata = metadata();
        JsonObject delay = metadata.getAsJsonObject("properties").getAsJsonObject("delay");
        assertThat(delay.get("defaultValue").getAsLong()).as("the consumer's own delay default")
                .isEqualTo(StripeSyncEndpoint.DEFAULT_DELAY_MILLIS).isEqualTo(5000);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            StripeSyncComponent component = new StripeSyncComponent();
            component.getConfiguration().setApiKey("sk_test_doc");
            context.addComponent("stripe-sync", component);
            assertThat(context.getEndpoint("stripe-sync:customer", StripeSyncEndpoint.class).getDelay()).isEqualTo(5000);
        }
        assertThat(metadata.getAsJsonObject("componentProperties").getAsJsonObject("snapshotPagesInMemory")
                .get("defaultValue").getAsInt()).isEqualTo(StripeSyncConfiguration.DEFAULT_SNAPSHOT_PAGES_IN_MEMORY);
        String doc = Files.readString(DOC);
        assertThat(doc).contains("| `delay` | consumer, scheduler | `5000` | `long` |");
        assertThat(doc).contains("| `CamelStripeSyncOperation` | `String` |");
    }

    private static JsonObject metadata() throws Exception {
        try (var in = ComponentDocTablesTest.class.getResourceAsStream("/META-INF/io/stripesync/camel/stripe-sync.json")) {
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
            assertThat(from).as("the doc has the comment '" + start + "'").isNotNegative();
            assertThat(to).as("the doc has the comment '" + end + "'").isGreaterThan(from);
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
            String description = text(o, "description").replace("|", "\\|");
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
