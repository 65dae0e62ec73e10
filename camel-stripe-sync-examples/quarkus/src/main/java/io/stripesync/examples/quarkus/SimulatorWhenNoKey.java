package io.stripesync.examples.quarkus;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.ShutdownEvent;
import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.simulator.StripeSimulator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With no {@code camel.component.stripe-sync.api-key} (nor {@code STRIPE_API_KEY}), the application runs against the
 * built-in Stripe simulator, seeded with customers, so it works offline. With a key, the component is Camel's own,
 * configured from application.properties.
 */
@ApplicationScoped
public class SimulatorWhenNoKey {

    private StripeSimulator simulator;

    @Produces
    @Singleton
    @Named("stripe-sync")
    StripeSyncComponent stripeSync(@ConfigProperty(name = "camel.component.stripe-sync.api-key") Optional<String> key,
                                   @ConfigProperty(name = "stripe-simulator.customers", defaultValue = "500") int customers) {
        StripeSyncComponent component = new StripeSyncComponent();
        if (key.filter(k -> !k.isBlank()).isEmpty()) {
            simulator = StripeSimulator.start(42);
            simulator.seed("customer", customers, Instant.now(), i -> Map.of("email", "c" + i + "@example.com"));
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
        if (simulator != null) {
            simulator.close();
        }
    }
}
