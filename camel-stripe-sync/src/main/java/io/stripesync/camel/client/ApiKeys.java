package io.stripesync.camel.client;

/** Safe ways to talk about an API key: never print one, only its kind and last four characters. */
public final class ApiKeys {

    private ApiKeys() {
    }

    /** {@code sk_test_...abcd}; short or unknown keys become {@code ***}. */
    public static String mask(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return "<none>";
        }
        String prefix = knownPrefix(apiKey);
        if (prefix == null || apiKey.length() < prefix.length() + 8) {
            return "***";
        }
        return prefix + "..." + apiKey.substring(apiKey.length() - 4);
    }

    /** True for test-mode keys, which Stripe limits to 25 requests/s instead of 100. */
    public static boolean isTestMode(String apiKey) {
        return apiKey != null && (apiKey.startsWith("sk_test_") || apiKey.startsWith("rk_test_"));
    }

    /** {@code test} or {@code live} from the key's prefix; {@code unknown} when there is no key to tell. */
    public static String mode(String apiKey) {
        if (isTestMode(apiKey) || apiKey != null && apiKey.startsWith("pk_test_")) {
            return "test";
        }
        return apiKey != null && apiKey.contains("_live_") ? "live" : "unknown";
    }

    /** A secret or restricted key: publishable keys cannot read or write account data. */
    public static boolean isServerKey(String apiKey) {
        return apiKey != null && (apiKey.startsWith("sk_") || apiKey.startsWith("rk_"));
    }

    private static String knownPrefix(String apiKey) {
        for (String p : new String[] { "sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "pk_live_" }) {
            if (apiKey.startsWith(p)) {
                return p;
            }
        }
        return null;
    }
}
