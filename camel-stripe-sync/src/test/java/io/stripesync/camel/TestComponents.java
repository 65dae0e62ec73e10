package io.stripesync.camel;

/** A stripe-sync component for tests, configured as the docs advise: the key on the component, never in a URI. */
public final class TestComponents {

    private TestComponents() {
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
}
