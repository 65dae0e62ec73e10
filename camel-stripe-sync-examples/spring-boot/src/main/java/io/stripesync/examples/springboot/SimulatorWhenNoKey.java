package io.stripesync.examples.springboot;

import java.time.Instant;
import java.util.Map;

import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.Ordered;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no {@code camel.component.stripe-sync.api-key} (nor {@code STRIPE_API_KEY}), the application runs against the
 * built-in Stripe simulator, seeded with customers, so it works offline.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${camel.component.stripe-sync.api-key:}'.isEmpty()")
public class SimulatorWhenNoKey {

    @Bean(destroyMethod = "close")
    StripeSimulator stripeSimulator(@Value("${stripe-simulator.customers:500}") int customers) {
        StripeSimulator simulator = StripeSimulator.start(42);
        simulator.seed("customer", customers, Instant.now(), i -> Map.of("email", "c" + i + "@example.com"));
        return simulator;
    }

    /** Points the component at the simulator, as camel.component.stripe-sync.api-base would. */
    @Bean
    ComponentCustomizer stripeSyncOnTheSimulator(StripeSimulator simulator) {
        // after the options of application.yml, so it wins
        return ComponentCustomizer.builder(StripeSyncComponent.class).withOrder(Ordered.LOWEST).build(component -> {
            component.getConfiguration().setApiBase(simulator.baseUrl());
            component.getConfiguration().setApiKey("sk_test_simulator");
            // a new simulator each run: a position kept from the last one would point into an account that is gone
            component.getConfiguration().setStateRepository(new MemoryStateRepository());
        });
    }
}
