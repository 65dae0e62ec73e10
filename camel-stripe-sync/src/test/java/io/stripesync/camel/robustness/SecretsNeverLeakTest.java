package io.stripesync.camel.robustness;

import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs a consumer and producers through faults (5xx, 429, refused keys, an unreachable proxy, Stripe errors) with every
 * logger at DEBUG, and checks that neither the API key nor the proxy password shows up in any log line, exception,
 * endpoint toString() or route description.
 */
@Tag("slow")
class SecretsNeverLeakTest {

    private static final String KEY = "sk_test_51SeCrEtVaLuE9988776655";
    private static final String REFUSED_KEY = "sk_test_51ReFuSeDkEy1122334455";
    private static final String PROXY_PASSWORD = "pr0xy-Pa55w0rd-secret";

    @Test
    void keysAndPasswordsStayOutOfLogsErrorsAndDumps() throws Exception {
        StringWriter captured = new StringWriter();
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        Configuration config = logs.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName("capture").setTarget(captured)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c %m %ex%n").build()).build();
        appender.start();
        config.addAppender(appender);
        List<LoggerConfig> changed = new ArrayList<>(config.getLoggers().values());
        changed.add(config.getRootLogger());
        Map<LoggerConfig, Level> levels = new java.util.HashMap<>();
        Map<LoggerConfig, Map<String, org.apache.logging.log4j.core.Appender>> consoles = new java.util.HashMap<>();
        for (LoggerConfig lc : changed) {
            levels.put(lc, lc.getLevel());
            // the DEBUG flood goes to the capture only, not to the build's console
            consoles.put(lc, new java.util.HashMap<>(lc.getAppenders()));
            lc.getAppenders().keySet().forEach(lc::removeAppender);
            lc.addAppender(appender, Level.ALL, null);
            lc.setLevel(Level.DEBUG);
        }
        logs.updateLoggers();
        // the JDK's HTTP client logs every request header at FINE through java.util.logging, which Spring Boot bridges
        // into its log: nothing may reach it either
        List<String> julRecords = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger jdkHttp = java.util.logging.Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection");
        java.util.logging.Level jdkHttpLevel = jdkHttp.getLevel();
        java.util.logging.Handler julCapture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                julRecords.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        julCapture.setLevel(java.util.logging.Level.ALL);
        jdkHttp.setLevel(java.util.logging.Level.ALL);
        jdkHttp.addHandler(julCapture);
        List<String> surfaces = new ArrayList<>();
        try (StripeSimulator sim = StripeSimulator.start(111);
             io.stripesync.camel.client.ProxyServer proxy = io.stripesync.camel.client.ProxyServer.start(
                     io.stripesync.camel.client.ProxyServer.Auth.BASIC, "me", PROXY_PASSWORD, null, null)) {
            sim.seed("customer", 50, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
            sim.faults().failNext(3, 503);
            sim.faults().rejectApiKey(REFUSED_KEY);
            CamelContext context = new DefaultCamelContext();
            context.getRegistry().bind("positions", new MemoryStateRepository());
            // the key set once on the component, as camel.component.stripe-sync.api-key does. (A {{placeholder}} inside the
            // URI would be logged resolved by Camel core itself at DEBUG: DefaultPropertiesParser, "Resolved text".)
            org.apache.camel.support.PropertyBindingSupport.build().bind(context,
                    context.getComponent("stripe-sync"), "apiKey", KEY);
            // two more components for the refused key and the proxy password, configured the same recommended way
            io.stripesync.camel.StripeSyncComponent refused = new io.stripesync.camel.StripeSyncComponent();
            refused.getConfiguration().setApiKey(REFUSED_KEY);
            context.addComponent("stripe-refused", refused);
            io.stripesync.camel.StripeSyncComponent proxied = new io.stripesync.camel.StripeSyncComponent();
            proxied.getConfiguration().setApiKey(KEY);
            proxied.getConfiguration().setProxyHost("127.0.0.1");
            proxied.getConfiguration().setProxyPort(1);
            proxied.getConfiguration().setProxyUsername("me");
            proxied.getConfiguration().setProxyPassword(PROXY_PASSWORD);
            context.addComponent("stripe-proxied", proxied);
            // and one that reaches the simulator through a proxy asking for Basic credentials (Apache HttpClient path)
            io.stripesync.camel.StripeSyncComponent viaProxy = new io.stripesync.camel.StripeSyncComponent();
            viaProxy.getConfiguration().setApiKey(KEY);
            viaProxy.getConfiguration().setProxyHost("127.0.0.1");
            viaProxy.getConfiguration().setProxyPort(proxy.port());
            viaProxy.getConfiguration().setProxyUsername("me");
            viaProxy.getConfiguration().setProxyPassword(PROXY_PASSWORD);
            context.addComponent("stripe-via-proxy", viaProxy);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    onException(Exception.class).handled(true).process(e -> surfaces.add(
                            String.valueOf(e.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class))));
                    from("stripe-sync:customer?apiBase=" + sim.baseUrl()
                         + "&batchSize=10&initialDelay=0&delay=20&maxNetworkRetries=0&stateRepository=#positions")
                            .routeId("sync").to("log:synced?level=DEBUG&showHeaders=true");
                    from("stripe-refused:invoice?apiBase=" + sim.baseUrl()
                         + "&initialDelay=0&delay=20&stateRepository=#positions").routeId("refused").to("log:never");
                    from("direct:create").to("stripe-sync:customer?operation=create&apiBase=" + sim.baseUrl());
                    from("direct:refused").to("stripe-refused:customer?operation=create&apiBase=" + sim.baseUrl());
                    from("direct:viaProxy").to("stripe-via-proxy:customer?operation=create&apiBase=" + sim.baseUrl());
                    from("direct:proxy").to("stripe-proxied:customer?operation=create&apiBase=" + sim.baseUrl()
                                            + "&maxNetworkRetries=0&connectTimeout=500");
                }
            });
            context.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                StripeSyncConsumer c = (StripeSyncConsumer) context.getRoute("sync").getConsumer();
                return c.getPosition() != null && c.getPosition().phase() == io.stripesync.camel.position.Phase.CDC;
            });
            sim.faults().rateLimit(2);
            for (int i = 0; i < 5; i++) {
                context.createProducerTemplate().sendBody("direct:create", Map.of("email", i + "@x.io", "id", "bad id " + i));
            }
            sim.faults().rateLimit(0);
            context.createProducerTemplate().sendBody("direct:refused", Map.of());
            context.createProducerTemplate().sendBody("direct:proxy", Map.of());
            context.createProducerTemplate().sendBody("direct:viaProxy", Map.of("email", "proxied@x.io"));
            assertThat(proxy.seen()).extracting(io.stripesync.camel.client.ProxyServer.Seen::user).contains("me");
            Thread.sleep(300);
            for (Endpoint e : context.getEndpoints()) {
                surfaces.add(e.toString());
                surfaces.add(e.getEndpointBaseUri());
            }
            for (Route r : context.getRoutes()) {
                surfaces.add(r.toString());
                surfaces.add(String.valueOf(r.getConsumer()));
            }
            // Camel's route dump (what camel.main.dump-routes and the developer console print)
            org.apache.camel.model.RoutesDefinition routes = new org.apache.camel.model.RoutesDefinition();
            routes.setRoutes(((ModelCamelContext) context).getRouteDefinitions());
            String dump = org.apache.camel.support.PluginHelper.getModelToYAMLDumper(context).dumpModelAsYaml(context, routes,
                    true, false, false, false);
            surfaces.add(dump);
            assertThat(dump).contains("stripe-refused:invoice");
            context.stop();
        } finally {
            jdkHttp.removeHandler(julCapture);
            jdkHttp.setLevel(jdkHttpLevel);
            for (Map.Entry<LoggerConfig, Level> e : levels.entrySet()) {
                e.getKey().removeAppender("capture");
                consoles.get(e.getKey()).values().forEach(a -> e.getKey().addAppender(a, null, null));
                e.getKey().setLevel(e.getValue());
            }
            // out of every logger config too (also those made while the test ran), so no later test logs into it
            if (config instanceof org.apache.logging.log4j.core.config.AbstractConfiguration c) {
                c.removeAppender("capture");
            }
            logs.updateLoggers();
            appender.stop();
        }
        String log = captured.toString() + String.join("\n", julRecords);
        System.out.printf("secrets: %,d characters of DEBUG log and %d other surfaces checked%n", log.length(), surfaces.size());
        assertThat(log).as("the run was logged at DEBUG").contains("DEBUG").contains("stripe-sync");
        assertThat(log).as("the refused key is named masked").contains("sk_test_...4455");
        // Apache HttpClient (behind the proxy) ran with its loggers at DEBUG, its header and wire loggers included
        assertThat(log).contains("DEBUG org.apache.hc.client5.http.impl.classic");
        assertThat(surfaces).as("errors were raised and caught").anyMatch(s -> s.contains("StripeSyncException"));
        String basic = java.util.Base64.getEncoder().encodeToString(("me:" + PROXY_PASSWORD).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        for (String secret : List.of(KEY, REFUSED_KEY, PROXY_PASSWORD, KEY.substring(8), REFUSED_KEY.substring(8), basic)) {
            assertThat(log).doesNotContain(secret);
            assertThat(surfaces).noneMatch(s -> s.contains(secret));
        }
    }
}
