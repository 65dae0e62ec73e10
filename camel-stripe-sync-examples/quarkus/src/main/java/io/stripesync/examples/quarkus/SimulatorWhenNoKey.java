package io.stripesync.examples.quarkus;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.ShutdownEvent;
import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.simulator.Workload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With no {@code camel.component.stripe-sync.api-key} (nor {@code STRIPE_API_KEY}), the application runs against the
 * built-in Stripe simulator, seeded with customers and changing one every {@code stripe-simulator.change-every-millis}
 * (2 s; 0 for none), so it works offline and shows changes after its snapshot; it says so at start. With a key, the
 * component is Camel's own, configured from application.properties.
 */
@ApplicationScoped
public class SimulatorWhenNoKey {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorWhenNoKey.class);

    private StripeSimulator simulator;
    private Thread changes;

    @Produces
    @Singleton
    @Named("stripe-sync")
    StripeSyncComponent stripeSync(@ConfigProperty(name = "camel.component.stripe-sync.api-key") Optional<String> key,
                                   @ConfigProperty(name = "stripe-simulator.customers", defaultValue = "500") int customers,
                                   @ConfigProperty(name = "stripe-simulator.change-every-millis", defaultValue = "2000")
                                   long changeEvery) {
        StripeSyncComponent component = new StripeSyncComponent();
        if (key.filter(k -> !k.isBlank()).isEmpty()) {
            simulator = StripeSimulator.start(42);
            // Stripe's clock is the wall clock, so the changes have today's dates
            simulator.clock().set(Instant.now()).ticking(true);
            simulator.seed("customer", customers, Instant.now(), i -> Map.of("email", "c" + i + "@example.com"));
            if (changeEvery > 0) {
                changes = new Workload(simulator, "customer", 42).keepBusy(changeEvery);
            }
            LOG.info("No camel.component.stripe-sync.api-key: running against the built-in Stripe simulator at {} ({}"
                     + " customers, {})", simulator.baseUrl(), customers, changeEvery > 0 ? "a change every "
                     + changeEvery + " ms" : "no changes");
            component.getConfiguration().setApiBase(simulator.baseUrl());
            component.getConfiguration().setApiKey("sk_test_simulator");
            // a new simulator each run: a position kept from the last one would point into an account that is gone
            component.getConfiguration().setStateRepository(new MemoryStateRepository());
        }
        return component;
    }

    /** The simulator, when the application runs against it. */
    public Optional<StripeSimulator> simulator() {
        return Optional.ofNullable(simulator);
    }

    void stop(@Observes ShutdownEvent event) {
        if (changes != null) {
            changes.interrupt();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
