package io.stripesync.camel.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdlePaceTest {

    private static final long MS = 1_000_000L;

    /** Runs of a 5 s scheduler over 10 minutes of nothing: which of them ask Stripe. */
    @Test
    void emptyPollsDoubleTheIntervalUpToTheMaximumAndAChangeBringsTheDelayBack() {
        IdlePace pace = new IdlePace(5000, 60_000);
        StringBuilder asked = new StringBuilder();
        int reads = 0;
        int readsAfterFirstMinute = 0;
        for (long t = 0; t <= 600_000; t += 5000) {
            if (pace.due(t * MS)) {
                pace.polled(0, t * MS);
                reads++;
                readsAfterFirstMinute += t >= 60_000 ? 1 : 0;
                if (t < 120_000) {
                    asked.append(t / 1000).append(' ');
                }
            }
        }
        assertThat(asked.toString().trim()).isEqualTo("0 5 15 35 75");
        assertThat(pace.intervalMillis()).isEqualTo(60_000);
        // after the first minute, one poll a minute: 9 in the 9 minutes that follow
        assertThat(readsAfterFirstMinute).isEqualTo(9);
        assertThat(reads).isEqualTo(13);

        pace.polled(3, 601_000 * MS);
        assertThat(pace.intervalMillis()).isEqualTo(5000);
        assertThat(pace.due(602_000 * MS)).as("at the next run after a change").isTrue();
    }

    @Test
    void aMaximumAtTheDelayMeansNoGrowth() {
        IdlePace pace = new IdlePace(5000, 0);
        for (long t = 0; t < 60_000; t += 5000) {
            assertThat(pace.due(t * MS)).isTrue();
            pace.polled(0, t * MS);
        }
        assertThat(pace.intervalMillis()).isEqualTo(5000);
    }

    @Test
    void aResetAsksAtOnce() {
        IdlePace pace = new IdlePace(1000, 8000);
        pace.polled(0, 0);
        pace.polled(0, 2000 * MS);
        assertThat(pace.due(3000 * MS)).isFalse();
        pace.reset();
        assertThat(pace.due(3000 * MS)).isTrue();
        assertThat(pace.intervalMillis()).isEqualTo(1000);
    }
}
