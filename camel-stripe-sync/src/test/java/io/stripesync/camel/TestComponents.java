package io.stripesync.camel;

/** A stripe-sync component for tests, configured as the docs advise: the key on the component, never in a URI. */
public final class TestComponents {

    private TestComponents() {
    }

    /** The state key a test-mode endpoint of {@code resource} uses against {@code apiBase}. */
    public static String stateKey(String apiBase, String resource, String stateKey) {
        return io.stripesync.camel.position.PositionStore.keyFor(
                io.stripesync.camel.position.PositionStore.space("test", apiBase), null, resource, stateKey);
    }

    /**
     * @param apiBase the simulator's or WireMock's base URL
     * @param apiKey  the key every endpoint of the component uses
     * @return a component without pacing (the test servers set their own limits)
     */
    public static StripeSyncComponent stripeSync(String apiBase, String apiKey) {
        StripeSyncComponent component = new StripeSyncComponent();
        component.getConfiguration().setApiKey(apiKey);
        component.getConfiguration().setApiBase(apiBase);
        component.getConfiguration().setMaxRequestsPerSecond(0);
        return component;
    }

    /**
     * Whether the consumer runs and its position is in this phase; false (not an exception) while there is no consumer
     * or no position yet, so a wait on it keeps waiting and a broken rule fails on the test's own assertion.
     */
    public static boolean inPhase(StripeSyncConsumer consumer, io.stripesync.camel.position.Phase phase) {
        io.stripesync.camel.position.Position position = consumer == null ? null : consumer.getPosition();
        return position != null && position.phase() == phase;
    }

    /** Moves the consumer's wall clock (round ids, the re-reads' schedule) as a test says. */
    public static void wallClock(StripeSyncConsumer consumer, java.util.function.LongSupplier clock) {
        consumer.wallClock(clock);
    }
}
