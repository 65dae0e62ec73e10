package io.stripesync.camel;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.stripesync.camel.client.WebhookVerifier;
import io.stripesync.camel.source.PushedEvent;

/** What became of the webhook requests a consumer received: counted for management and meters. */
final class WebhookFigures {

    final LongAdder received = new LongAdder();
    final LongAdder failed = new LongAdder();
    private final Map<WebhookVerifier.Reason, LongAdder> refused = new EnumMap<>(WebhookVerifier.Reason.class);
    private final Map<PushedEvent.Verdict, LongAdder> verdicts = new EnumMap<>(PushedEvent.Verdict.class);

    WebhookFigures() {
        for (WebhookVerifier.Reason reason : WebhookVerifier.Reason.values()) {
            refused.put(reason, new LongAdder());
        }
        for (PushedEvent.Verdict verdict : PushedEvent.Verdict.values()) {
            verdicts.put(verdict, new LongAdder());
        }
    }

    void refused(WebhookVerifier.Reason reason) {
        refused.get(reason).increment();
    }

    void verdict(PushedEvent.Verdict verdict) {
        verdicts.get(verdict).increment();
    }

    long refusedFor(WebhookVerifier.Reason reason) {
        return refused.get(reason).sum();
    }

    long refusedTotal() {
        return refused.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long verdicts(PushedEvent.Verdict verdict) {
        return verdicts.get(verdict).sum();
    }
}
