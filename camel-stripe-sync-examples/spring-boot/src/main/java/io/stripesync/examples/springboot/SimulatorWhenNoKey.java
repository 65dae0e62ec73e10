package io.stripesync.examples.springboot;

import java.time.Instant;
import java.util.Map;

import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.simulator.Workload;
import org.apache.camel.Ordered;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no {@code camel.component.stripe-sync.api-key} (nor {@code STRIPE_API_KEY}), the application runs against the
 * built-in Stripe simulator, seeded with customers and changing one every {@code stripe-simulator.change-every-millis}
 * (2 s; 0 for none), so it works offline and shows changes after its snapshot. It says so at start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${camel.component.stripe-sync.api-key:}'.isEmpty()")
public class SimulatorWhenNoKey {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorWhenNoKey.class);

    @Bean(destroyMethod = "close")
    StripeSimulator stripeSimulator(@Value("${stripe-simulator.customers:500}") int customers,
                                    @Value("${stripe-simulator.change-every-millis:2000}") long changeEvery) {
        StripeSimulator simulator = StripeSimulator.start(42);
        // Stripe's clock is the wall clock, so the changes have today's dates
        simulator.clock().set(Instant.now()).ticking(true);
        simulator.seed("customer", customers, Instant.now(), i -> Map.of("email", "c" + i + "@example.com"));
        LOG.info("No camel.component.stripe-sync.api-key: running against the built-in Stripe simulator at {} ({}"
                 + " customers, {})", simulator.baseUrl(), customers, changeEvery > 0 ? "a change every " + changeEvery
                 + " ms" : "no changes");
        return simulator;
    }

    /** The simulator's changes after the snapshot (none with stripe-simulator.change-every-millis=0), stopped first. */
    @Bean(destroyMethod = "interrupt")
    @ConditionalOnExpression("${stripe-simulator.change-every-millis:2000} > 0")
    Thread stripeSimulatorChanges(StripeSimulator simulator,
                                  @Value("${stripe-simulator.change-every-millis:2000}") long changeEvery) {
        return new Workload(simulator, "customer", 42).keepBusy(changeEvery);
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
