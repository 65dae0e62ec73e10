package io.stripesync.camel;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated stripe-sync.json (what Camel tooling, JBang and Karavan read) lists every option, documented. */
class StripeSyncMetadataTest {

    private static final List<String> OPTIONS = List.of("resourceName", "apiKey", "apiBase", "accountId", "stripeClient",
            "snapshot", "batchSize", "stateRepository", "stateKey", "bodyType", "proxyHost", "proxyPort", "proxyUsername",
            "proxyPassword", "connectTimeout", "readTimeout", "maxNetworkRetries", "maxRequestsPerSecond", "eventLookback",
            "stateFile", "maxMessagesPerPoll", "onEventsExpired", "operation", "action", "expand", "streamList",
            "completeNestedLists", "rehydrate", "eventFilter");

    @Test
    void everyOptionIsDescribedAndSecretsAreMarked() throws Exception {
        JsonObject json;
        try (var in = getClass().getResourceAsStream("/META-INF/io/stripesync/camel/stripe-sync.json")) {
            assertThat(in).as("generated metadata on the classpath").isNotNull();
            json = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        assertThat(json.getAsJsonObject("component").get("scheme").getAsString()).isEqualTo("stripe-sync");
        assertThat(json.getAsJsonObject("component").get("syntax").getAsString()).isEqualTo("stripe-sync:resourceName");
        JsonObject endpoint = json.getAsJsonObject("properties");
        JsonObject component = json.getAsJsonObject("componentProperties");
        for (String option : OPTIONS) {
            assertThat(endpoint.has(option)).as("endpoint option %s", option).isTrue();
            assertThat(endpoint.getAsJsonObject(option).get("description").getAsString()).as(option).hasSizeGreaterThan(20);
            if (!option.equals("resourceName")) {
                assertThat(component.has(option)).as("component option %s", option).isTrue();
            }
        }
        assertThat(endpoint.getAsJsonObject("resourceName").get("required").getAsBoolean()).isTrue();
        assertThat(endpoint.getAsJsonObject("apiKey").get("secret").getAsBoolean()).isTrue();
        assertThat(endpoint.getAsJsonObject("proxyPassword").get("secret").getAsBoolean()).isTrue();
        assertThat(endpoint.getAsJsonObject("batchSize").get("defaultValue").getAsInt()).isEqualTo(100);
        assertThat(endpoint.getAsJsonObject("apiBase").get("defaultValue").getAsString()).isEqualTo("https://api.stripe.com");
        assertThat(endpoint.getAsJsonObject("bodyType").getAsJsonArray("enum").toString()).isEqualTo("[\"object\",\"json\",\"map\"]");
        assertThat(endpoint.getAsJsonObject("operation").getAsJsonArray("enum").toString())
                .isEqualTo("[\"create\",\"retrieve\",\"update\",\"delete\",\"list\",\"search\",\"action\",\"resnapshot\"]");
        assertThat(endpoint.getAsJsonObject("snapshotMode").getAsJsonArray("enum").toString())
                .isEqualTo("[\"initial\",\"never\",\"always\",\"when_needed\"]");
        assertThat(endpoint.getAsJsonObject("onEventsExpired").get("defaultValue").getAsString()).isEqualTo("resnapshot");
        assertThat(endpoint.getAsJsonObject("rehydrate").getAsJsonArray("enum").toString())
                .isEqualTo("[\"auto\",\"always\",\"never\"]");
        assertThat(endpoint.getAsJsonObject("rehydrate").get("defaultValue").getAsString()).isEqualTo("auto");
        assertThat(endpoint.getAsJsonObject("eventFilter").getAsJsonArray("enum").toString())
                .isEqualTo("[\"auto\",\"exact\",\"all\"]");
        assertThat(endpoint.getAsJsonObject("completeNestedLists").get("defaultValue").getAsBoolean()).isTrue();
        assertThat(json.getAsJsonObject("headers").keySet()).contains("CamelStripeSyncOperation", "CamelStripeSyncObjectId",
                "CamelStripeSyncPreviousAttributes", "CamelStripeSyncAccount", "CamelStripeSyncSnapshotStart",
                "CamelStripeSyncIdempotencyKey", "CamelStripeSyncRequestId", "CamelStripeSyncLimit", "CamelStripeSyncQuery",
                "CamelStripeSyncExpand", "CamelStripeSyncAction", "CamelStripeSyncApiVersion");
    }
}
