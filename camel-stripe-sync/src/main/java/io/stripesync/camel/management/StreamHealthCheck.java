package io.stripesync.camel.management;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.ScheduledPollConsumerHealthCheck;

/**
 * Camel's health check of a polling consumer (DOWN while polls fail or after a refused key), plus the warnings an
 * operator needs days ahead: the stored position is about to fall out of the 30 days of events Stripe keeps, or the
 * key's reads project beyond the account's read allocation (readAllocation). Camel's health has no warning level, so
 * the check stays UP (the consumer works) and says so in its message and in a {@value #WARNING} detail that an alert
 * can match.
 */
public final class StreamHealthCheck extends ScheduledPollConsumerHealthCheck {

    public static final String WARNING = "stripe.sync.warning";
    public static final String RETENTION_DAYS_LEFT = "stripe.sync.retention.days.left";
    public static final String READS_PROJECTED = "stripe.sync.reads.projected";

    private final StreamFigures figures;

    public StreamHealthCheck(ScheduledPollConsumer consumer, String id, StreamFigures figures) {
        super(consumer, id);
        this.figures = figures;
    }

    @Override
    public Result call(Map<String, Object> options) {
        Result result = super.call(options);
        String retention = figures.retentionWarning();
        String reads = figures.readAllocationWarning();
        String warning = retention == null ? reads : reads == null ? retention : retention + ". " + reads;
        if (result.getState() != State.UP || warning == null) {
            return result;
        }
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this).up().message(warning)
                .details(result.getDetails()).detail(WARNING, warning);
        if (retention != null) {
            builder.detail(RETENTION_DAYS_LEFT, figures.retentionDaysLeft());
        }
        if (reads != null) {
            builder.detail(READS_PROJECTED, figures.readsProjected30Days());
        }
        return builder.build();
    }
}
