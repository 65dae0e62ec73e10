package io.stripesync.camel.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes Stripe's form encoding ({@code metadata[plan]=gold}, {@code items[0][price]=p}, {@code types[]=a}) into
 * nested maps and lists. JDK URLDecoder does the percent-decoding; only the bracket nesting is ours, since no library
 * on the classpath parses Rack-style nested parameters.
 */
final class FormDecoder {

    private FormDecoder() {
    }

    static Map<String, Object> decode(String encoded) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return root;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            put(root, parseKey(key), value);
        }
        return normalize(root);
    }

    /** {@code a[b][0]} -> [a, b, 0]; {@code a[]} -> [a, ""]. */
    private static List<String> parseKey(String key) {
        List<String> parts = new ArrayList<>();
        int bracket = key.indexOf('[');
        if (bracket < 0) {
            parts.add(key);
            return parts;
        }
        parts.add(key.substring(0, bracket));
        int i = bracket;
        while (i < key.length() && key.charAt(i) == '[') {
            int close = key.indexOf(']', i);
            if (close < 0) {
                throw StripeApiError.invalidRequest(key, "Invalid parameter name: " + key);
            }
            parts.add(key.substring(i + 1, close));
            i = close + 1;
        }
        return parts;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> path, String value) {
        Map<String, Object> node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            String part = i > 0 && isIndex(path.get(i)) ? String.format("%09d", Integer.parseInt(path.get(i))) : path.get(i);
            String next = path.get(i + 1);
            if (next.isEmpty()) {
                // a[] : append to an index-keyed map, turned into a list by normalize()
                Object existing = node.computeIfAbsent(part, k -> new TreeMap<String, Object>());
                if (!(existing instanceof Map)) {
                    throw StripeApiError.invalidRequest(part, "Invalid array: " + part);
                }
                Map<String, Object> arr = (Map<String, Object>) existing;
                String index = String.format("%09d", arr.size());
                if (i + 1 == path.size() - 1) {
                    arr.put(index, value);
                    return;
                }
                Map<String, Object> child = new LinkedHashMap<>();
                arr.put(index, child);
                node = child;
                i++;
                continue;
            }
            Object existing = node.get(part);
            if (!(existing instanceof Map)) {
                existing = isIndex(next) ? new TreeMap<String, Object>() : new LinkedHashMap<String, Object>();
                node.put(part, existing);
            }
            node = (Map<String, Object>) existing;
        }
        String last = path.get(path.size() - 1);
        node.put(path.size() > 1 && isIndex(last) ? String.format("%09d", Integer.parseInt(last)) : last, value);
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 6) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Maps whose keys are all indexes become lists, in index order. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalize(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            out.put(e.getKey(), normalizeValue(e.getValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object normalizeValue(Object value) {
        if (!(value instanceof Map)) {
            return value;
        }
        Map<String, Object> m = (Map<String, Object>) value;
        boolean allIndexes = !m.isEmpty() && m.keySet().stream().allMatch(k -> k.length() == 9 && isDigits(k));
        if (allIndexes) {
            List<Object> list = new ArrayList<>();
            new TreeMap<>(m).values().forEach(v -> list.add(normalizeValue(v)));
            return list;
        }
        return normalize(m);
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
