package io.stripesync.camel.simulator;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test's simulator: a {@link StripeSimulator} field so marked is started before each test (before the test's own
 * {@code @BeforeEach} methods, which may seed it) and closed after it (after its {@code @AfterEach} methods).
 *
 * <pre>
 * &#64;Simulated(seed = 31)
 * StripeSimulator sim;
 * </pre>
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SimulatorExtension.class)
public @interface Simulated {

    /** The seed of the simulator's ids and choices: the same calls give the same ids. */
    long seed();
}
