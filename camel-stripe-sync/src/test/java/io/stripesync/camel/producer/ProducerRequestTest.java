package io.stripesync.camel.producer;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.stripesync.camel.StripeSyncConstants;
import io.stripesync.camel.StripeSyncException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The exact HTTP requests the producer sends, and how Stripe's errors come back, against WireMock. */
class ProducerRequestTest {

    @RegisterExtension
    static WireMockExtension stripe = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
        template = context.createProducerTemplate();
        stripe.stubFor(post(urlEqualTo("/v1/customers"))
                .willReturn(okJson("{\"id\":\"cus_1\",\"object\":\"customer\"}").withHeader("Request-Id", "req_create")));
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private String uri(String resourceAndOptions) {
        return "stripe-sync:" + resourceAndOptions + (resourceAndOptions.contains("?") ? "&" : "?")
               + "apiKey=sk_test_wire0001&maxNetworkRetries=0&apiBase=" + stripe.baseUrl();
    }

    @Test
    void nestedParamsArraysMetadataExpandIdempotencyAndAccount() {
        Exchange result = template.request(uri("customer?operation=create&accountId=acct_1Wire&expand=subscriptions,tax"), e -> {
            e.getIn().setBody(Map.of("email", "ann@example.com",
                    "metadata", Map.of("plan", "gold"),
                    "address", Map.of("line1", "1 Main St", "city", "Paris"),
                    "preferred_locales", List.of("fr", "en")));
            e.getIn().setHeader(StripeSyncConstants.IDEMPOTENCY_KEY, "order-42");
        });
        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(StripeSyncConstants.OBJECT_ID)).isEqualTo("cus_1");
        assertThat(result.getMessage().getHeader(StripeSyncConstants.REQUEST_ID)).isEqualTo("req_create");
        stripe.verify(postRequestedFor(urlEqualTo("/v1/customers"))
                .withHeader("Authorization", equalTo("Bearer sk_test_wire0001"))
                .withHeader("Stripe-Account", equalTo("acct_1Wire"))
                .withHeader("Idempotency-Key", equalTo("order-42"))
                .withHeader("Content-Type", WireMock.containing("application/x-www-form-urlencoded"))
                .withFormParam("email", equalTo("ann@example.com"))
                .withFormParam("metadata[plan]", equalTo("gold"))
                .withFormParam("address[line1]", equalTo("1 Main St"))
                .withFormParam("address[city]", equalTo("Paris"))
                .withFormParam("preferred_locales[0]", equalTo("fr"))
                .withFormParam("preferred_locales[1]", equalTo("en"))
                .withFormParam("expand[0]", equalTo("subscriptions"))
                .withFormParam("expand[1]", equalTo("tax")));
    }

    @Test
    void retrieveAndListPutParamsInTheQueryAndSendNoIdempotencyKey() {
        stripe.stubFor(get(urlPathEqualTo("/v1/customers/cus_1")).willReturn(okJson("{\"id\":\"cus_1\",\"object\":\"customer\"}")));
        stripe.stubFor(get(urlPathEqualTo("/v1/customers")).willReturn(okJson(
                "{\"object\":\"list\",\"data\":[{\"id\":\"cus_2\",\"object\":\"customer\"}],\"has_more\":false}")));
        stripe.stubFor(delete(urlPathEqualTo("/v1/customers/cus_1")).willReturn(okJson(
                "{\"id\":\"cus_1\",\"object\":\"customer\",\"deleted\":true}")));
        template.requestBodyAndHeaders(uri("customer?operation=retrieve"), null,
                Map.of(StripeSyncConstants.OBJECT_ID, "cus_1", StripeSyncConstants.EXPAND, "default_source"));
        template.requestBody(uri("customer?operation=list"), Map.of("email", "a@b.co", "created", Map.of("gte", 100)));
        template.requestBodyAndHeader(uri("customer?operation=delete"), null, StripeSyncConstants.OBJECT_ID, "cus_1");
        stripe.verify(getRequestedFor(urlEqualTo("/v1/customers/cus_1?expand[0]=default_source"))
                .withoutHeader("Idempotency-Key").withoutHeader("Stripe-Account"));
        stripe.verify(getRequestedFor(urlPathEqualTo("/v1/customers"))
                .withQueryParam("email", equalTo("a@b.co")).withQueryParam("created[gte]", equalTo("100"))
                .withQueryParam("limit", equalTo("100")));
        stripe.verify(deleteRequestedFor(urlEqualTo("/v1/customers/cus_1")).withoutHeader("Idempotency-Key"));
    }

    @Test
    void theSameExchangeRedeliveredSendsTheSameIdempotencyKey() throws Exception {
        stripe.stubFor(post(urlEqualTo("/v1/customers")).inScenario("flaky").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}"))
                .willSetStateTo("recovered"));
        stripe.stubFor(post(urlEqualTo("/v1/customers")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"id\":\"cus_9\",\"object\":\"customer\"}")));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(StripeSyncException.class).maximumRedeliveries(2).redeliveryDelay(10);
                from("direct:create").to(uri("customer?operation=create"));
            }
        });
        template.requestBody("direct:create", Map.of("email", "x@y.z"));
        template.requestBody("direct:create", Map.of("email", "x@y.z"));
        List<LoggedRequest> posts = stripe.findAll(postRequestedFor(urlEqualTo("/v1/customers")));
        assertThat(posts).hasSize(3);
        String first = posts.get(0).getHeader("Idempotency-Key");
        assertThat(first).startsWith("camel-");
        assertThat(posts.get(1).getHeader("Idempotency-Key")).as("the redelivery").isEqualTo(first);
        assertThat(posts.get(2).getHeader("Idempotency-Key")).as("another exchange").isNotEqualTo(first);
    }

    @Test
    void twoEndpointsWithDifferentKeysEachSendTheirOwn() {
        template.requestBody("stripe-sync:customer?operation=create&maxNetworkRetries=0&apiKey=sk_test_first0001&apiBase="
                             + stripe.baseUrl(), Map.of());
        template.requestBody("stripe-sync:customer?operation=create&maxNetworkRetries=0&apiKey=sk_test_second002&apiBase="
                             + stripe.baseUrl(), Map.of());
        List<LoggedRequest> posts = stripe.findAll(postRequestedFor(urlEqualTo("/v1/customers")));
        assertThat(posts).extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer sk_test_first0001", "Bearer sk_test_second002");
    }

    @Test
    void errorsCarryStatusTypeCodeParamAndRequestId() {
        stub(400, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"parameter_missing\",\"param\":\"email\","
                  + "\"message\":\"Missing required param: email.\"}}", "req_400");
        StripeSyncException e400 = failure();
        assertThat(e400.getHttpResponseCode()).isEqualTo(400);
        assertThat(e400.getHttpResponseStatus()).isEqualTo("invalid_request_error");
        assertThat(e400.getErrorCode()).isEqualTo("parameter_missing");
        assertThat(e400.getParam()).isEqualTo("email");
        assertThat(e400.getRequestId()).isEqualTo("req_400");
        assertThat(e400.getMessage()).contains("Stripe refused create on customer").contains("Missing required param: email");

        stub(401, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid API Key provided: sk_test_****0001\"}}",
                "req_401");
        StripeSyncException e401 = failure();
        assertThat(e401.getHttpResponseCode()).isEqualTo(401);
        assertThat(e401.getRequestId()).isEqualTo("req_401");
        assertThat(e401.getMessage()).doesNotContain("sk_test_wire0001");

        stub(404, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\",\"param\":\"id\","
                  + "\"message\":\"No such customer\"}}", "req_404");
        StripeSyncException e404 = failure();
        assertThat(e404.getHttpResponseCode()).isEqualTo(404);
        assertThat(e404.getErrorCode()).isEqualTo("resource_missing");
        assertThat(e404.getParam()).isEqualTo("id");

        stub(429, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"rate_limit\",\"message\":\"Too many requests\"}}",
                "req_429");
        // rateLimitMaxWait=0: the component's backoff (which would retry it for two minutes) is off, so the 429 is
        // stripe-java's, mapped as every error is
        StripeSyncException e429 = failure("&rateLimitMaxWait=0");
        stripe.verify(1, postRequestedFor(urlEqualTo("/v1/customers")));
        assertThat(e429.getHttpResponseCode()).isEqualTo(429);
        assertThat(e429.getErrorCode()).isEqualTo("rate_limit");
        assertThat(e429.getCause()).isInstanceOf(com.stripe.exception.RateLimitException.class);
    }

    private void stub(int status, String body, String requestId) {
        stripe.resetAll();
        stripe.stubFor(post(urlEqualTo("/v1/customers")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withHeader("Request-Id", requestId).withBody(body)));
    }

    private StripeSyncException failure() {
        return failure("");
    }

    private StripeSyncException failure(String options) {
        Throwable t = catchThrowable(() -> template.requestBody(uri("customer?operation=create" + options), Map.of()));
        assertThat(t).isNotNull();
        assertThat(t.getCause()).isInstanceOf(StripeSyncException.class);
        return (StripeSyncException) t.getCause();
    }
}
