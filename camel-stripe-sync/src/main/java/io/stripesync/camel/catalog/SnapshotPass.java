package io.stripesync.camel.catalog;

/**
 * An extra pass of the snapshot over a list that leaves some objects out unless a filter asks for them.
 *
 * @param param the list filter that shows the hidden objects
 * @param value a fixed value ({@code type=custom} for payment methods), or null when the values are found at start
 * @param each  where the values come from when not fixed: {@code test_clock} (one pass per test clock) or
 *              {@code test_clock_customer} (one pass per customer on a test clock)
 */
public record SnapshotPass(String param, String value, String each) {

    public static final String EACH_TEST_CLOCK = "test_clock";
    public static final String EACH_TEST_CLOCK_CUSTOMER = "test_clock_customer";

    public SnapshotPass {
        if ((value == null) == (each == null)) {
            throw new IllegalArgumentException("Snapshot pass on " + param + " needs a value or an each, not both");
        }
        if (each != null && !each.equals(EACH_TEST_CLOCK) && !each.equals(EACH_TEST_CLOCK_CUSTOMER)) {
            throw new IllegalArgumentException("Snapshot pass on " + param + ": unknown each '" + each + "'");
        }
    }
}
