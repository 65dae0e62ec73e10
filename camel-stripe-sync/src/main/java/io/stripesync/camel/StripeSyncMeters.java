package io.stripesync.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.stripesync.camel.client.ResponseCounts;
import io.stripesync.camel.source.ChangeType;
import org.apache.camel.CamelContext;

/**
 * The consumer's JMX figures as Micrometer meters, on the application's own MeterRegistry (Spring Boot's, Quarkus's,
 * or one bound in the Camel registry), so they reach whatever monitoring the application already exports to. Only
 * loaded when Micrometer is on the classpath: it is an optional dependency.
 */
final class StripeSyncMeters {

    /** camel-micrometer's name for the registry, used when the Camel registry holds several. */
    static final String REGISTRY_NAME = "metricsRegistry";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    private StripeSyncMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @return the meters registered for the consumer, or null when the application has no MeterRegistry */
    static StripeSyncMeters register(CamelContext context, StripeSyncConsumer consumer) {
        MeterRegistry registry = registry(context);
        if (registry == null) {
            return null;
        }
        StripeSyncMeters meters = new StripeSyncMeters(registry);
        Tags tags = Tags.of("route", String.valueOf(consumer.getRouteId()), "resource",
                ((StripeSyncEndpoint) consumer.getEndpoint()).getResource().name());
        for (ChangeType type : ChangeType.values()) {
            meters.counter("stripe.sync.records", "Records the route processed, by operation", tags.and("operation",
                    type.name().toLowerCase(Locale.ROOT)), consumer, c -> c.processedRecords(type), null);
        }
        meters.gauge("stripe.sync.snapshot.active", "1 while the consumer takes a snapshot, 0 while it follows changes",
                tags, consumer, c -> "SNAPSHOT".equals(c.getPhase()) ? 1 : 0, null);
        meters.gauge("stripe.sync.snapshot.open.slices", "Snapshot slices still to be listed", tags, consumer,
                StripeSyncConsumer::getOpenSnapshotSlices, null);
        meters.gauge("stripe.sync.cdc.lag", "From the newest change processed to now (none before the first change)",
                tags, consumer, c -> c.getCdcLagSeconds() < 0 ? Double.NaN : c.getCdcLagSeconds(), "seconds");
        meters.gauge("stripe.sync.retention.days.left", "Days before the stored position falls out of Stripe's 30-day"
                                                        + " event window", tags, consumer,
                c -> c.getRetentionDaysLeft() < 0 ? Double.NaN : c.getRetentionDaysLeft(), "days");
        meters.counter("stripe.sync.rate.limiter.wait", "Time the key's requests waited for the shared rate limiter",
                tags, consumer, c -> c.getRateLimiterWaitMillis() / 1000.0, "seconds");
        meters.counter("stripe.sync.responses", "Stripe's 429 answers to the key and account, every attempt", tags.and(
                "status", "429"), consumer, StripeSyncConsumer::getTooManyRequestsAnswers, null);
        for (String reason : RATE_LIMITED_REASONS) {
            meters.counter("stripe.sync.rate.limited", "Stripe's 429 answers to the key and account by reason, every"
                                                       + " attempt", tags.and("reason", reason), consumer,
                    c -> c.tooManyRequests(reason), null);
        }
        meters.counter("stripe.sync.reads", "Read requests of the key and account: what Stripe's read allocation counts",
                tags, consumer, StripeSyncConsumer::getReadRequests, null);
        meters.gauge("stripe.sync.reads.projected", "Read requests in 30 days at the rate of the last hour", tags,
                consumer, StripeSyncConsumer::getReadsProjected30Days, null);
        meters.counter("stripe.sync.responses", "Stripe's 5xx answers to the key and account, every attempt", tags.and(
                "status", "5xx"), consumer, StripeSyncConsumer::getServerErrorAnswers, null);
        for (io.stripesync.camel.source.PushedEvent.Verdict verdict : io.stripesync.camel.source.PushedEvent.Verdict.values()) {
            meters.counter("stripe.sync.webhook.requests", "Webhook requests taken, by what became of their event",
                    tags.and("outcome", verdict.name().toLowerCase(Locale.ROOT)), consumer,
                    c -> c.webhookOutcomes().verdicts(verdict), null);
        }
        meters.counter("stripe.sync.webhook.requests", "Webhook requests whose event the route failed on (answered 5xx)",
                tags.and("outcome", "failed"), consumer, c -> c.getWebhookFailures(), null);
        for (io.stripesync.camel.webhook.WebhookVerifier.Reason reason : io.stripesync.camel.webhook.WebhookVerifier.Reason.values()) {
            meters.counter("stripe.sync.webhook.refused", "Webhook requests refused (answered 400), by reason",
                    tags.and("reason", reason.name().toLowerCase(Locale.ROOT)), consumer,
                    c -> c.webhookOutcomes().refusedFor(reason), null);
        }
        return meters;
    }

    /** Stripe's reasons for a rate-limited answer, and the lock timeout it asks to retry. */
    static final List<String> RATE_LIMITED_REASONS = List.of("global-rate", "endpoint-rate", "global-concurrency",
            "endpoint-concurrency", "resource-specific", ResponseCounts.LOCK_TIMEOUT);

    /** The only MeterRegistry in the Camel registry (Spring's and Quarkus's beans are in it), else camel-micrometer's. */
    private static MeterRegistry registry(CamelContext context) {
        Set<MeterRegistry> found = context.getRegistry().findByType(MeterRegistry.class);
        if (found.size() == 1) {
            return found.iterator().next();
        }
        return context.getRegistry().lookupByNameAndType(REGISTRY_NAME, MeterRegistry.class);
    }

    private void gauge(String name, String description, Tags tags, StripeSyncConsumer consumer,
            ToDoubleFunction<StripeSyncConsumer> value, String unit) {
        meters.add(Gauge.builder(name, consumer, value).description(description).tags(tags).baseUnit(unit)
                .register(registry));
    }

    private void counter(String name, String description, Tags tags, StripeSyncConsumer consumer,
            ToDoubleFunction<StripeSyncConsumer> value, String unit) {
        meters.add(FunctionCounter.builder(name, consumer, value).description(description).tags(tags).baseUnit(unit)
                .register(registry));
    }

    /** A stopped consumer's meters go: a restarted route registers fresh ones (its counts start again). */
    void remove() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
