package io.stripesync.camel.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.stripesync.camel.webhook.WebhookVerifier.Reason;
import io.stripesync.camel.webhook.WebhookVerifier.Refused;
import io.stripesync.camel.simulator.WebhookSender;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each way a webhook request can fail to be Stripe's event for this endpoint, signed by the simulator's own signer. */
class WebhookVerifierTest {

    private static final String SECRET = "whsec_testSecretValue0123456789";
    private static final long NOW = 1_780_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final String EVENT = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.created\","
                                        + "\"livemode\":false,\"created\":1780000000,\"data\":{\"object\":{\"id\":\"cus_1\"}}}";

    private final WebhookVerifier platform = new WebhookVerifier(SECRET, 300, CLOCK, null, false);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Reason refusal(WebhookVerifier verifier, String body, String header) {
        Refused refused = catchThrowableOfType(Refused.class, () -> verifier.verify(bytes(body), header));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.getMessage()).doesNotContain(SECRET).doesNotContain("cus_1");
        return refused.reason();
    }

    @Test
    void aSignedEventOfThisAccountAndModeIsTaken() throws Refused {
        assertThat(platform.verify(bytes(EVENT), WebhookSender.signatureHeader(EVENT, SECRET, NOW - 10)).get("id")
                .getAsString()).isEqualTo("evt_1");
    }

    @Test
    void everyOtherRequestIsRefusedWithItsReason() {
        assertThat(refusal(platform, EVENT, null)).isEqualTo(Reason.MISSING_SIGNATURE);
        assertThat(refusal(platform, EVENT, WebhookSender.signatureHeader(EVENT, "whsec_anotherSecret", NOW)))
                .isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(refusal(platform, EVENT.replace("cus_1", "cus_2"), WebhookSender.signatureHeader(EVENT, SECRET, NOW)))
                .as("a body changed after signing").isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(refusal(platform, EVENT, "v1=abc")).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(refusal(platform, EVENT, WebhookSender.signatureHeader(EVENT, SECRET, NOW - 301)))
                .as("a valid request replayed after the tolerance").isEqualTo(Reason.STALE_TIMESTAMP);
        String garbage = "hello";
        assertThat(refusal(platform, garbage, WebhookSender.signatureHeader(garbage, SECRET, NOW)))
                .isEqualTo(Reason.NOT_AN_EVENT);
        String notEvent = "{\"id\":\"cus_1\",\"object\":\"customer\"}";
        assertThat(refusal(platform, notEvent, WebhookSender.signatureHeader(notEvent, SECRET, NOW)))
                .isEqualTo(Reason.NOT_AN_EVENT);
        String big = "{\"pad\":\"" + "x".repeat(WebhookVerifier.MAX_BODY_BYTES) + "\"}";
        assertThat(refusal(platform, big, WebhookSender.signatureHeader(big, SECRET, NOW))).isEqualTo(Reason.TOO_LARGE);
        String connected = EVENT.replace("\"object\":\"event\",", "\"object\":\"event\",\"account\":\"acct_1X\",");
        assertThat(refusal(platform, connected, WebhookSender.signatureHeader(connected, SECRET, NOW)))
                .isEqualTo(Reason.OTHER_ACCOUNT);
        assertThat(refusal(new WebhookVerifier(SECRET, 300, CLOCK, "acct_1Y", false), connected,
                WebhookSender.signatureHeader(connected, SECRET, NOW))).isEqualTo(Reason.OTHER_ACCOUNT);
        assertThat(refusal(new WebhookVerifier(SECRET, 300, CLOCK, null, true), EVENT,
                WebhookSender.signatureHeader(EVENT, SECRET, NOW))).isEqualTo(Reason.OTHER_MODE);
    }

    @Test
    void theSecretMustBeASigningSecret() {
        assertThat(catchThrowable(() -> new WebhookVerifier("sk_test_notASigningSecret", 300, CLOCK, null, false)))
                .hasMessage("The webhook signing secret must start with whsec_ (the endpoint's signing secret from"
                            + " Stripe's dashboard or API)");
    }
}
