package io.stripesync.camel;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.support.ScheduledPollConsumerHealthCheck;

/**
 * Camel's health check of a polling consumer (DOWN while polls fail or after a refused key), plus the warnings an
 * operator needs days ahead: the stored position is about to fall out of the 30 days of events Stripe keeps, or the
 * key's reads project beyond the account's read allocation (readAllocation). Camel's
 * health has no warning level, so the check stays UP (the consumer works) and says so in its message and in a
 * {@value #WARNING} detail that an alert can match.
 */
final class StripeSyncHealthCheck extends ScheduledPollConsumerHealthCheck {

    /** Below this many days of headroom the check warns. */
    static final double WARN_BELOW_DAYS = 3;
    static final String WARNING = "stripe.sync.warning";
    static final String RETENTION_DAYS_LEFT = "stripe.sync.retention.days.left";
    static final String READS_PROJECTED = "stripe.sync.reads.projected";

    private final StripeSyncConsumer consumer;

    StripeSyncHealthCheck(StripeSyncConsumer consumer, String id) {
        super(consumer, id);
        this.consumer = consumer;
    }

    @Override
    public Result call(Map<String, Object> options) {
        Result result = super.call(options);
        double daysLeft = consumer.getRetentionDaysLeft();
        String retention = retentionWarning(daysLeft, consumer.stateKey());
        String reads = consumer.readAllocationWarning();
        String warning = retention == null ? reads : reads == null ? retention : retention + ". " + reads;
        if (result.getState() != State.UP || warning == null) {
            return result;
        }
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this).up().message(warning)
                .details(result.getDetails()).detail(WARNING, warning);
        if (retention != null) {
            builder.detail(RETENTION_DAYS_LEFT, daysLeft);
        }
        if (reads != null) {
            builder.detail(READS_PROJECTED, consumer.getReadsProjected30Days());
        }
        return builder.build();
    }

    /** The warning for this much headroom, or null when there is enough (or no position to measure yet). */
    static String retentionWarning(double daysLeft, String stateKey) {
        if (daysLeft < 0 || daysLeft >= WARN_BELOW_DAYS) {
            return null;
        }
        return "The position under state key " + stateKey + " leaves Stripe's 30-day event window in " + daysLeft
               + " days: keep the route running (it moves the position as changes come) or the events after it are lost"
               + " and onEventsExpired decides what follows";
    }
}
