package io.stripesync.examples;

/**
 * Entry point of the README's first command. The streaming demo arrives with the consumer; until then it says
 * what the build produced and how to use it.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) {
        System.out.println("""
                camel-stripe-sync 0.1.0-SNAPSHOT is built and installed in your local Maven repository.

                Use it from a route:
                    from("timer:go?repeatCount=1").to("stripe-sync:customer?operation=list")   (producer: coming next)
                    from("stripe-sync:customer").log("${header.CamelStripeSyncOperation} ${header.CamelStripeSyncObjectId}")

                The component needs an API key: apiKey=sk_test_... on the endpoint or
                camel.component.stripe-sync.api-key for all endpoints. The Stripe simulator in the
                camel-stripe-sync test-jar (io.stripesync.camel.simulator.StripeSimulator) serves the same API
                offline; point apiBase at it.

                The streaming demo (snapshot + CDC from the simulator, or from your account when STRIPE_API_KEY
                is set) will run from this same command once the consumer lands.
                """);
    }
}
