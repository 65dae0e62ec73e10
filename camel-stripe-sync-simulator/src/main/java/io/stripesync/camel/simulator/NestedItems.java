package io.stripesync.camel.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parameters for items of embedded lists, for seeding and tests: invoice lines and subscription items. */
public final class NestedItems {

    private NestedItems() {
    }

    /** {@code n} invoice (or credit note) lines, amounts 1..n. */
    public static List<Map<String, Object>> lines(int n) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(Map.of("amount", i + 1, "description", "line " + i));
        }
        return lines;
    }

    /** {@code n} subscription items, one per price. */
    public static List<Map<String, Object>> items(int n) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(Map.of("price", "price_" + i, "quantity", 1));
        }
        return items;
    }
}
