package io.stripesync.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The webhook options fail early with a message naming the option: at endpoint creation for their values, at route
 * start for a combination only the route reveals (a polling route given webhook options, a webhook route without the
 * secret it needs).
 */
class WebhookOptionsTest {

    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.addComponent("stripe-sync", TestComponents.stripeSync("http://127.0.0.1:9", "sk_test_options"));
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private String endpointFailure(String uri) {
        Throwable t = catchThrowable(() -> context.getEndpoint(uri));
        assertThat(t).as("endpoint creation of %s must fail", uri).isNotNull();
        return t.getMessage();
    }

    private String routeFailure(String from) {
        Throwable t = catchThrowable(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).to("log:never");
            }
        }));
        assertThat(t).as("starting a route from %s must fail", from).isNotNull();
        Throwable root = t;
        while (root.getCause() != null && !(root instanceof IllegalArgumentException)) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @Test
    void valuesAreCheckedAtEndpointCreation() {
        assertThat(endpointFailure("stripe-sync:customer?webhookSecret=RAW(abc123)"))
                .contains("Option webhookSecret must be a webhook endpoint's signing secret, starting with whsec_")
                .doesNotContain("abc123");
        assertThat(endpointFailure("stripe-sync:customer?webhookSecret=RAW(sk_test_notasecret)"))
                .contains("it looks like an API key, which belongs in apiKey").doesNotContain("notasecret");
        assertThat(endpointFailure("stripe-sync:customer?webhookTolerance=0"))
                .contains("Option webhookTolerance must be between 1s and 24h, was 0 ms");
        assertThat(endpointFailure("stripe-sync:customer?webhookTolerance=2d"))
                .contains("Option webhookTolerance must be between 1s and 24h, was 172800000 ms");
        assertThat(endpointFailure("stripe-sync:customer?webhookTolerance=soon"))
                .contains("webhookTolerance").contains("soon");
        StripeSyncEndpoint fine = context.getEndpoint("stripe-sync:customer?webhookTolerance=10m", StripeSyncEndpoint.class);
        assertThat(fine.getConfiguration().getWebhookTolerance()).isEqualTo(600_000);
    }

    @Test
    void webhookOptionsOnAPollingRouteOrAProducerAreRefusedNotIgnored() {
        assertThat(routeFailure("stripe-sync:customer?webhookTolerance=10m&webhookDeleteOnStop=true"))
                .isEqualTo("Option webhookTolerance, webhookDeleteOnStop of stripe-sync:customer applies to"
                           + " from(\"webhook:stripe-sync:customer\") only: a polling consumer receives no webhooks");
        Throwable producer = catchThrowable(() -> context.createProducerTemplate()
                .requestBody("stripe-sync:customer?operation=list&webhookTolerance=10m", (Object) "{}"));
        assertThat(producer).hasRootCauseMessage("Option webhookTolerance of stripe-sync:customer applies to"
                                                 + " from(\"webhook:stripe-sync:customer\") only, not to a producer");
    }

    @Test
    void aWebhookRouteNeedsASecretEventsAndThePlatformAccount() {
        assertThat(routeFailure("webhook:stripe-sync:customer?webhookAutoRegister=false&webhookComponentName=platform-http"))
                .startsWith("Option webhookSecret is required for webhook:stripe-sync:customer with"
                            + " webhookAutoRegister=false");
        assertThat(routeFailure("webhook:stripe-sync:tax_code?webhookComponentName=platform-http"))
                .startsWith("Stripe emits no events for tax_code: there is nothing to receive by webhook");
        assertThat(routeFailure("webhook:stripe-sync:customer?accountId=acct_1x&webhookComponentName=platform-http"))
                .startsWith("webhook:stripe-sync:customer with accountId is not supported yet");
    }
}
