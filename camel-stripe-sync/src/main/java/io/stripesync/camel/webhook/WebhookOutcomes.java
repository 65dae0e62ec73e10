package io.stripesync.camel.webhook;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.stripesync.camel.source.PushedEvent;

/** What became of the webhook requests a consumer received: counted for management and meters. */
public final class WebhookOutcomes {

    private final LongAdder received = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder unfollowed = new LongAdder();
    private final Map<WebhookVerifier.Reason, LongAdder> refused = new EnumMap<>(WebhookVerifier.Reason.class);
    private final Map<PushedEvent.Verdict, LongAdder> verdicts = new EnumMap<>(PushedEvent.Verdict.class);

    public WebhookOutcomes() {
        for (WebhookVerifier.Reason reason : WebhookVerifier.Reason.values()) {
            refused.put(reason, new LongAdder());
        }
        for (PushedEvent.Verdict verdict : PushedEvent.Verdict.values()) {
            verdicts.put(verdict, new LongAdder());
        }
    }

    /** A request came in. */
    public void received() {
        received.increment();
    }

    /** A Connect endpoint's event of an account the stream does not follow: acknowledged, not delivered. */
    public void unfollowed() {
        unfollowed.increment();
    }

    public long unfollowedTotal() {
        return unfollowed.sum();
    }

    /** A request's event could not be taken (the route failed, or its position could not be saved). */
    public void failed() {
        failed.increment();
    }

    public long receivedTotal() {
        return received.sum();
    }

    public long failedTotal() {
        return failed.sum();
    }

    public void refused(WebhookVerifier.Reason reason) {
        refused.get(reason).increment();
    }

    public void verdict(PushedEvent.Verdict verdict) {
        verdicts.get(verdict).increment();
    }

    public long refusedFor(WebhookVerifier.Reason reason) {
        return refused.get(reason).sum();
    }

    public long refusedTotal() {
        return refused.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long verdicts(PushedEvent.Verdict verdict) {
        return verdicts.get(verdict).sum();
    }
}
