package io.stripesync.camel.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The subset of Stripe's search query language the simulator understands: clauses {@code field:'value'} and
 * {@code metadata['key']:'value'} (single or double quotes) joined by {@code AND}. Anything else is answered with a
 * 400, as Stripe does for a query it cannot parse.
 */
final class SearchQuery {

    private static final Pattern CLAUSE = Pattern.compile(
            "^(?:metadata\\[(['\"])(?<key>[^'\"]+)\\1\\]|(?<field>[a-z_]+)):(['\"])(?<value>[^'\"]*)\\4$");

    private record Clause(String metadataKey, String field, String value) {
        boolean matches(JsonObject object) {
            JsonElement actual;
            if (metadataKey != null) {
                JsonElement metadata = object.get("metadata");
                actual = metadata != null && metadata.isJsonObject() ? metadata.getAsJsonObject().get(metadataKey) : null;
            } else {
                actual = object.get(field);
            }
            return actual != null && actual.isJsonPrimitive() && actual.getAsString().equals(value);
        }
    }

    private final List<Clause> clauses;

    private SearchQuery(List<Clause> clauses) {
        this.clauses = clauses;
    }

    static SearchQuery parse(String query) {
        if (query == null || query.isBlank()) {
            throw StripeApiError.invalidRequest("query", "Missing required param: query.");
        }
        List<Clause> clauses = new ArrayList<>();
        for (String part : query.trim().split("\\s+AND\\s+")) {
            Matcher m = CLAUSE.matcher(part.trim());
            if (!m.matches()) {
                throw StripeApiError.invalidRequest("query",
                        "Invalid search query: could not parse '" + part.trim() + "'");
            }
            clauses.add(new Clause(m.group("key"), m.group("field"), m.group("value")));
        }
        return new SearchQuery(clauses);
    }

    boolean matches(JsonObject object) {
        for (Clause c : clauses) {
            if (!c.matches(object)) {
                return false;
            }
        }
        return true;
    }
}
