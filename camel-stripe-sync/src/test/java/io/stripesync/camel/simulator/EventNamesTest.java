package io.stripesync.camel.simulator;

import java.util.ArrayList;
import java.util.List;

import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.catalog.StripeResource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog checked against the simulator's own knowledge of Stripe's event names: every lifecycle event the
 * simulator emits for a resource (as Stripe names it) is one the catalog asks Stripe for.
 */
class EventNamesTest {

    @Test
    void everyLifecycleEventStripeEmitsIsInTheCatalogOfItsResource() {
        List<String> checked = new ArrayList<>();
        for (StripeResource r : StripeCatalog.defaultCatalog().resources()) {
            for (String suffix : new String[] { "created", "updated", "deleted" }) {
                String type = EventNames.of(r.name(), suffix);
                if (type != null) {
                    assertThat(r.eventTypes()).as("the catalog of %s asks for %s", r.name(), type).contains(type);
                    checked.add(type);
                }
            }
        }
        assertThat(checked).hasSizeGreaterThan(80).contains("customer.subscription.deleted", "charge.dispute.created",
                "issuing_card.created", "invoiceitem.updated", "customer.tax_id.created");
    }

    @Test
    void namesComeFromStripeNotFromTheResourceName() {
        assertThat(EventNames.of("subscription", "created")).isEqualTo("customer.subscription.created");
        assertThat(EventNames.of("issuing.cardholder", "updated")).isEqualTo("issuing_cardholder.updated");
        assertThat(EventNames.of("file_link", "created")).as("Stripe emits no file_link events").isNull();
        assertThat(EventNames.of("customer", "tagged")).isNull();
    }
}
