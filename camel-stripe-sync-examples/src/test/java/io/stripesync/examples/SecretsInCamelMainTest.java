package io.stripesync.examples;

import io.stripesync.camel.LogCapture;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * camel-main with everything at DEBUG, the component's secrets set as application properties the way the docs show,
 * literally and as placeholders. Camel masks a component's secret options (their {@code secret} metadata) in its
 * summary of the properties it applied, and ours are masked there; no line of the component's, nor of Camel's other
 * loggers, shows a secret. Three of Camel's own DEBUG loggers print any component's secrets in clear: camel-main's
 * ({@code org.apache.camel.main}: every property it loads and sets, with its value), the properties component's
 * ({@code org.apache.camel.component.properties}) and the context's ({@code
 * org.apache.camel.impl.engine.DefaultCamelContextExtension}): every placeholder with what it resolved to. The docs
 * say to keep those at INFO; this test tells when Camel changes any of them.
 */
class SecretsInCamelMainTest {

    private static final String LITERAL = "literal-proxy-secret-7781";
    private static final String KEY = "sk_test_resolved_from_placeholder_5521";
    private static final String PROXY_PASSWORD = "resolved-proxy-secret-6634";

    @Test
    void noSecretAtDebugButInTheThreeCamelLoggersTheDocsName() throws Exception {
        System.setProperty("secrets.test.key", KEY);
        System.setProperty("secrets.test.proxy", PROXY_PASSWORD);
        try (StripeSimulator sim = StripeSimulator.start(77);
             LogCapture camel = new LogCapture("org.apache.camel", Level.DEBUG);
             LogCapture ours = new LogCapture("io.stripesync", Level.DEBUG);
             LogCapture main = new LogCapture("org.apache.camel.main", Level.DEBUG);
             LogCapture placeholders = new LogCapture("org.apache.camel.component.properties", Level.DEBUG);
             LogCapture resolved = new LogCapture("org.apache.camel.impl.engine.DefaultCamelContextExtension",
                     Level.DEBUG)) {
            run(sim, "{{sys:secrets.test.key}}", "{{sys:secrets.test.proxy}}");
            run(sim, "{{sys:secrets.test.key}}", LITERAL);

            assertThat(main.text()).as("Camel's summary masks our secret options")
                    .contains("camel.component.stripe-sync.apiKey = xxxxxx")
                    .contains("camel.component.stripe-sync.proxyPassword = xxxxxx");
            assertThat(camel.text() + ours.text()).as("every other logger at DEBUG").isNotEmpty()
                    .doesNotContain(KEY).doesNotContain(PROXY_PASSWORD).doesNotContain(LITERAL);
            // Camel's two loggers that print them (Camel 4.18): when this fails, Camel masks them, and the docs'
            // exception can go
            assertThat(main.text()).as("camel-main prints the literal value it sets")
                    .contains("Configured property: camel.component.stripe-sync.proxyPassword=" + LITERAL);
            assertThat(placeholders.text() + resolved.text()).as("the properties component and the context print what a"
                                                                  + " placeholder resolved to")
                    .contains("-> " + KEY).contains("-> " + PROXY_PASSWORD);
        } finally {
            System.clearProperty("secrets.test.key");
            System.clearProperty("secrets.test.proxy");
        }
    }

    private static void run(StripeSimulator sim, String key, String proxyPassword) throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.component.stripe-sync.api-key", key);
        main.addInitialProperty("camel.component.stripe-sync.api-base", sim.baseUrl());
        main.addInitialProperty("camel.component.stripe-sync.proxy-host", "127.0.0.1");
        main.addInitialProperty("camel.component.stripe-sync.proxy-port", "3128");
        main.addInitialProperty("camel.component.stripe-sync.proxy-username", "sync");
        main.addInitialProperty("camel.component.stripe-sync.proxy-password", proxyPassword);
        main.start();
        main.stop();
    }
}
