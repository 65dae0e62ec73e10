package io.stripesync.camel.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;

/**
 * Decides whether a webhook request is an event Stripe sent to this endpoint: its {@code Stripe-Signature} checked
 * with stripe-java under the endpoint secret, its timestamp within the tolerance (a replay of a captured request
 * after that is refused), its body a Stripe event of this endpoint's account and mode. A refusal names its reason and
 * never the secret or the body.
 */
public final class WebhookVerifier {

    public static final long DEFAULT_TOLERANCE_SECONDS = 300;
    /** Stripe's event payloads are far smaller; anything bigger is not one of them. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    /** Why a request is not taken: each is answered 400 and counted. */
    public enum Reason {
        MISSING_SIGNATURE,
        BAD_SIGNATURE,
        STALE_TIMESTAMP,
        TOO_LARGE,
        NOT_AN_EVENT,
        THIN_EVENT,
        OTHER_ACCOUNT,
        OTHER_MODE
    }

    /** A refused request. */
    public static final class Refused extends Exception {
        private final Reason reason;
        private final String detail;

        Refused(Reason reason, String detail) {
            super(reason + ": " + detail);
            this.reason = reason;
            this.detail = detail;
        }

        public Reason reason() {
            return reason;
        }

        /** What the refusal rests on, without the reason's name. */
        public String detail() {
            return detail;
        }
    }

    private final String secret;
    private final long toleranceSeconds;
    private final Clock clock;
    private final String accountId;
    private final Boolean livemode;
    /** A Connect endpoint's verifier: every connected account's events, none of the platform's own. */
    private final boolean connect;

    /**
     * @param accountId the Connect account whose events the endpoint takes, or null for the platform's
     * @param livemode  whether the endpoint's key is a live one; null when not known (a StripeClient bean): not checked
     */
    public WebhookVerifier(String secret, long toleranceSeconds, Clock clock, String accountId, Boolean livemode) {
        this(secret, toleranceSeconds, clock, accountId, livemode, false);
    }

    /** The verifier of a Connect webhook endpoint: events of any connected account (each names its account). */
    public static WebhookVerifier forConnect(String secret, long toleranceSeconds, Clock clock, Boolean livemode) {
        return new WebhookVerifier(secret, toleranceSeconds, clock, null, livemode, true);
    }

    private WebhookVerifier(String secret, long toleranceSeconds, Clock clock, String accountId, Boolean livemode,
                            boolean connect) {
        this.connect = connect;
        if (secret == null || !secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("The webhook signing secret must start with whsec_ (the endpoint's"
                                               + " signing secret from Stripe's dashboard or API)");
        }
        this.secret = secret;
        this.toleranceSeconds = toleranceSeconds;
        this.clock = clock;
        this.accountId = accountId;
        this.livemode = livemode;
    }

    /** @return the event, parsed */
    public JsonObject verify(byte[] body, String signatureHeader) throws Refused {
        if (body.length > MAX_BODY_BYTES) {
            throw new Refused(Reason.TOO_LARGE, body.length + " bytes, more than " + MAX_BODY_BYTES);
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new Refused(Reason.MISSING_SIGNATURE, "no Stripe-Signature header");
        }
        long signedAt = timestamp(signatureHeader);
        long now = clock.millis() / 1000;
        if (Math.abs(now - signedAt) > toleranceSeconds) {
            throw new Refused(Reason.STALE_TIMESTAMP, "signed at " + signedAt + ", " + (now - signedAt)
                                                      + " s from now; the tolerance is " + toleranceSeconds + " s");
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        try {
            // the timestamp was checked above, against this endpoint's clock
            Webhook.Signature.verifyHeader(payload, signatureHeader, secret, 0);
        } catch (SignatureVerificationException e) {
            throw new Refused(Reason.BAD_SIGNATURE, "no v1 signature of the body under the endpoint secret");
        }
        JsonObject event = event(payload);
        String account = event.has("account") && !event.get("account").isJsonNull()
                ? event.get("account").getAsString() : null;
        if (connect) {
            if (account == null) {
                throw new Refused(Reason.OTHER_ACCOUNT, "event " + event.get("id").getAsString() + " of the platform,"
                                                        + " this Connect endpoint takes connected accounts'");
            }
        } else if (accountId == null ? account != null : !accountId.equals(account)) {
            throw new Refused(Reason.OTHER_ACCOUNT, "event " + event.get("id").getAsString() + " of "
                                                    + (account == null ? "the platform" : account) + ", this endpoint takes "
                                                    + (accountId == null ? "the platform's" : accountId + "'s"));
        }
        if (livemode != null && (!event.has("livemode") || event.get("livemode").getAsBoolean() != livemode)) {
            throw new Refused(Reason.OTHER_MODE, "event " + event.get("id").getAsString() + " is not "
                                                 + (livemode ? "live" : "test") + " mode, as the API key is");
        }
        return event;
    }

    private static long timestamp(String header) throws Refused {
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                try {
                    return Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new Refused(Reason.BAD_SIGNATURE, "the Stripe-Signature header has no timestamp");
    }

    private static JsonObject event(String payload) throws Refused {
        try {
            JsonElement parsed = JsonParser.parseString(payload);
            if (parsed.isJsonObject()) {
                JsonObject event = parsed.getAsJsonObject();
                if (event.has("object") && "v2.core.event".equals(event.get("object").getAsString())) {
                    // a notification with the changed object's id only, sent by an event destination; it has no
                    // /v1/events counterpart to keep one position with, so it is not taken
                    throw new Refused(Reason.THIN_EVENT, "a thin event (v2.core.event); only snapshot events, which"
                                                         + " carry their object, are accepted: send this resource's"
                                                         + " events to a webhook endpoint with snapshot payloads");
                }
                if (event.has("object") && "event".equals(event.get("object").getAsString()) && event.has("id")
                    && event.get("id").getAsString().startsWith("evt_") && event.has("type") && event.has("created")
                    && event.has("data") && event.get("data").isJsonObject()
                    && event.getAsJsonObject("data").has("object")
                    && event.getAsJsonObject("data").get("object").isJsonObject()) {
                    return event;
                }
            }
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            // falls through: not an event
        }
        throw new Refused(Reason.NOT_AN_EVENT, "the body is not a Stripe event");
    }
}
