package io.stripesync.camel;

import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The option and header tables of src-docs/stripe-sync-component.adoc are the component's metadata, as
 * {@link ComponentDocTables} renders it (the build runs it before the tests; a test run alone, from an IDE, checks).
 */
class ComponentDocTablesTest {

    private static final Path DOC = ComponentDocTables.DOC;

    @Test
    void docTablesAreTheMetadata() throws Exception {
        String doc = Files.readString(DOC);
        assertThat(doc).as(DOC + " has tables that are not the metadata: a build (mvn -B -pl camel-stripe-sync"
                           + " process-test-classes) renders them").isEqualTo(ComponentDocTables.withTables(doc));
    }

    @Test
    void theMetadataSaysWhatTheComponentDoes() throws Exception {
        JsonObject metadata = ComponentDocTables.metadata();
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

}
