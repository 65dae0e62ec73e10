package io.stripesync.examples;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the demo prints: a line per exchange without a trailing blank, and a closing summary. */
class DemoOutputTest {

    private static String line(CamelContext context, String operation, String eventType) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setHeader("CamelStripeSyncOperation", operation);
        exchange.getIn().setHeader("CamelStripeSyncObjectId", "cus_1");
        exchange.getIn().setHeader("CamelStripeSyncEventType", eventType);
        return context.resolveLanguage("simple").createExpression(CustomerStreamRoute.LINE).evaluate(exchange, String.class);
    }

    @Test
    void aSnapshotLineEndsWithTheIdAndAChangeLineNamesItsEvent() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            assertThat(line(context, "snapshot", null)).isEqualTo("snapshot cus_1");
            assertThat(line(context, "update", "customer.updated")).isEqualTo("update cus_1 customer.updated");
        }
        // the YAML route prints the same line
        String yaml = new String(DemoOutputTest.class.getResourceAsStream("/routes/customers.camel.yaml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(yaml).contains("message: \"" + CustomerStreamRoute.LINE + "\"");
    }

    @Test
    void theSummaryCountsSnapshotRecordsAndChangesByOperation() {
        ExchangeCounts counts = new ExchangeCounts();
        assertThat(counts.summary(3)).isEqualTo("Streamed for 3 s: 0 snapshot records, then 0 changes.");
        for (int i = 0; i < 5; i++) {
            counts.record("snapshot");
        }
        counts.record("update");
        counts.record("create");
        counts.record("update");
        assertThat(counts.summary(30)).isEqualTo(
                "Streamed for 30 s: 5 snapshot records, then 3 changes (create 1, update 2).");
    }
}
