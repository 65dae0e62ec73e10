package io.stripesync.camel.management;

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
import io.stripesync.camel.source.PushedEvent;
import io.stripesync.camel.webhook.WebhookVerifier;
import org.apache.camel.CamelContext;

/**
 * The consumer's JMX figures as Micrometer meters, on the application's own MeterRegistry (Spring Boot's, Quarkus's,
 * or one bound in the Camel registry), so they reach whatever monitoring the application already exports to. Only
 * loaded when Micrometer is on the classpath: it is an optional dependency.
 */
public final class StreamMeters {

    /** camel-micrometer's name for the registry, used when the Camel registry holds several. */
    public static final String REGISTRY_NAME = "metricsRegistry";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    private StreamMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @return the meters registered for the stream, or null when the application has no MeterRegistry */
    public static StreamMeters register(CamelContext context, String routeId, String resource, StreamFigures figures) {
        MeterRegistry registry = registry(context);
        if (registry == null) {
            return null;
        }
        StreamMeters meters = new StreamMeters(registry);
        Tags tags = Tags.of("route", String.valueOf(routeId), "resource", resource);
        for (ChangeType type : ChangeType.values()) {
            meters.counter("stripe.sync.records", "Records the route processed, by operation", tags.and("operation",
                    type.name().toLowerCase(Locale.ROOT)), figures, f -> f.processed(type), null);
        }
        meters.gauge("stripe.sync.snapshot.active", "1 while the consumer takes a snapshot, 0 while it follows changes",
                tags, figures, f -> "SNAPSHOT".equals(f.phase()) ? 1 : 0, null);
        meters.gauge("stripe.sync.snapshot.open.slices", "Snapshot slices still to be listed", tags, figures,
                StreamFigures::openSnapshotSlices, null);
        meters.gauge("stripe.sync.cdc.lag", "From the newest change processed to now (none before the first change)",
                tags, figures, f -> f.cdcLagSeconds() < 0 ? Double.NaN : f.cdcLagSeconds(), "seconds");
        meters.gauge("stripe.sync.retention.days.left", "Days before the stored position falls out of Stripe's 30-day"
                                                        + " event window", tags, figures,
                f -> f.retentionDaysLeft() < 0 ? Double.NaN : f.retentionDaysLeft(), "days");
        meters.counter("stripe.sync.rate.limiter.wait", "Time the key's requests waited for the shared rate limiter",
                tags, figures, f -> f.rateLimiterWaitMillis() / 1000.0, "seconds");
        meters.counter("stripe.sync.responses", "Stripe's 429 answers to the key and account, every attempt", tags.and(
                "status", "429"), figures, StreamFigures::tooManyRequests, null);
        for (String reason : RATE_LIMITED_REASONS) {
            meters.counter("stripe.sync.rate.limited", "Stripe's 429 answers to the key and account by reason, every"
                                                       + " attempt", tags.and("reason", reason), figures,
                    f -> f.tooManyRequests(reason), null);
        }
        meters.counter("stripe.sync.reads", "Read requests of the key and account: what Stripe's read allocation counts",
                tags, figures, f -> f.reads().total(), null);
        meters.gauge("stripe.sync.reads.projected", "Read requests in 30 days at the rate of the last hour", tags,
                figures, StreamFigures::readsProjected30Days, null);
        meters.counter("stripe.sync.responses", "Stripe's 5xx answers to the key and account, every attempt", tags.and(
                "status", "5xx"), figures, StreamFigures::serverErrors, null);
        for (PushedEvent.Verdict verdict : PushedEvent.Verdict.values()) {
            meters.counter("stripe.sync.webhook.requests", "Webhook requests taken, by what became of their event",
                    tags.and("outcome", verdict.name().toLowerCase(Locale.ROOT)), figures,
                    f -> f.webhooks().verdicts(verdict), null);
        }
        meters.counter("stripe.sync.webhook.requests", "Webhook requests whose event the route failed on (answered 5xx)",
                tags.and("outcome", "failed"), figures, f -> f.webhooks().failedTotal(), null);
        for (WebhookVerifier.Reason reason : WebhookVerifier.Reason.values()) {
            meters.counter("stripe.sync.webhook.refused", "Webhook requests refused (answered 400), by reason",
                    tags.and("reason", reason.name().toLowerCase(Locale.ROOT)), figures,
                    f -> f.webhooks().refusedFor(reason), null);
        }
        return meters;
    }

    /** Stripe's reasons for a rate-limited answer, and the lock timeout it asks to retry. */
    public static final List<String> RATE_LIMITED_REASONS = List.of("global-rate", "endpoint-rate", "global-concurrency",
            "endpoint-concurrency", "resource-specific", ResponseCounts.LOCK_TIMEOUT);

    /** The only MeterRegistry in the Camel registry (Spring's and Quarkus's beans are in it), else camel-micrometer's. */
    private static MeterRegistry registry(CamelContext context) {
        Set<MeterRegistry> found = context.getRegistry().findByType(MeterRegistry.class);
        if (found.size() == 1) {
            return found.iterator().next();
        }
        return context.getRegistry().lookupByNameAndType(REGISTRY_NAME, MeterRegistry.class);
    }

    private void gauge(String name, String description, Tags tags, StreamFigures figures,
            ToDoubleFunction<StreamFigures> value, String unit) {
        meters.add(Gauge.builder(name, figures, value).description(description).tags(tags).baseUnit(unit)
                .register(registry));
    }

    private void counter(String name, String description, Tags tags, StreamFigures figures,
            ToDoubleFunction<StreamFigures> value, String unit) {
        meters.add(FunctionCounter.builder(name, figures, value).description(description).tags(tags).baseUnit(unit)
                .register(registry));
    }

    /** A stopped consumer's meters go: a restarted route registers fresh ones (its counts start again). */
    public void remove() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
