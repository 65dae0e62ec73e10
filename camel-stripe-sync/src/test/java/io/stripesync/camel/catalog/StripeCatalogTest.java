package io.stripesync.camel.catalog;

import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.model.EventDataClassLookup;
import com.stripe.net.ApiService;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.service.V1Services;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks the whole catalog and checks every entry against stripe-java 33.3.0 itself (model classes, services and
 * their methods, the event types it knows) and against the 2022-04 API spec facts in src/test/resources/reference.
 */
class StripeCatalogTest {

    private static final Pattern PATH = Pattern.compile("^/v1(/([a-z0-9_]+|\\{account}))+$");
    private static final Pattern EVENT_TYPE = Pattern.compile("^[a-z0-9_]+(\\.[a-z0-9_]+)+$");
    /** Event prefixes that differ from the object type; everything else must be named exactly like the object. */
    private static final Map<String, String> PREFIX_ALIASES = Map.ofEntries(
            Map.entry("customer.subscription", "subscription"), Map.entry("charge.dispute", "dispute"),
            Map.entry("charge.refund", "refund"), Map.entry("customer.tax_id", "tax_id"),
            Map.entry("issuing_card", "issuing.card"), Map.entry("issuing_cardholder", "issuing.cardholder"),
            Map.entry("issuing_authorization", "issuing.authorization"), Map.entry("issuing_dispute", "issuing.dispute"),
            Map.entry("issuing_transaction", "issuing.transaction"), Map.entry("issuing_token", "issuing.token"),
            Map.entry("issuing_personalization_design", "issuing.personalization_design"),
            Map.entry("sigma.scheduled_query_run", "scheduled_query_run"));
    /** Reference list endpoints that are previews, not stored collections. */
    private static final Set<String> REFERENCE_PREVIEWS = Set.of("/v1/invoices/upcoming/lines", "/v1/credit_notes/preview/lines");

    private static StripeCatalog catalog;
    private static Set<String> stripeJavaEventTypes;
    private static Map<String, List<Class<?>>> servicesByModel;

    @BeforeAll
    static void load() throws Exception {
        catalog = StripeCatalog.defaultCatalog();
        stripeJavaEventTypes = new HashSet<>();
        for (WebhookEndpointCreateParams.EnabledEvent e : WebhookEndpointCreateParams.EnabledEvent.values()) {
            stripeJavaEventTypes.add(e.getValue());
        }
        servicesByModel = new HashMap<>();
        collectServices(V1Services.class, new HashSet<>());
    }

    /** Every stripe-java service reachable from StripeClient.v1(), keyed by the model its list() returns. */
    private static void collectServices(Class<?> service, Set<Class<?>> seen) {
        for (Method m : service.getDeclaredMethods()) {
            Class<?> r = m.getReturnType();
            if (Modifier.isPublic(m.getModifiers()) && m.getParameterCount() == 0
                && ApiService.class.isAssignableFrom(r) && seen.add(r)) {
                for (Method lm : r.getDeclaredMethods()) {
                    if (lm.getName().equals("list") && lm.getGenericReturnType() instanceof ParameterizedType p) {
                        String model = p.getActualTypeArguments()[0].getTypeName();
                        List<Class<?>> list = servicesByModel.computeIfAbsent(model, k -> new ArrayList<>());
                        if (!list.contains(r)) {
                            list.add(r);
                        }
                    }
                }
                collectServices(r, seen);
            }
        }
    }

    @Test
    void holdsTheResourcesAndEventTypes() {
        int events = catalog.resources().stream().mapToInt(r -> r.eventTypes().size()).sum();
        long followable = catalog.resources().stream().filter(StripeResource::hasEvents).count();
        System.out.printf("catalog: %d resources (%d with events), %d event types; stripe-java knows %d event types%n",
                catalog.resources().size(), followable, events, stripeJavaEventTypes.size());
        assertThat(catalog.resources()).hasSizeGreaterThanOrEqualTo(90);
        assertThat(events).isGreaterThanOrEqualTo(200);
    }

    @Test
    void everyObjectTypeIsKnownToStripeJava() throws Exception {
        for (StripeResource r : catalog.resources()) {
            Class<?> model = Class.forName(r.modelClass());
            assertThat(EventDataClassLookup.classLookup.get(r.name()))
                    .as("EventDataClassLookup[%s]", r.name()).isEqualTo(model);
        }
    }

    @Test
    void pathsAreWellFormedAndUnique() {
        Set<String> lists = new HashSet<>();
        for (StripeResource r : catalog.resources()) {
            assertThat(r.listPath()).as(r.name()).matches(PATH);
            assertThat(lists.add(r.listPath())).as("list path of %s is unique", r.name()).isTrue();
            if (r.itemPath() != null) {
                assertThat(r.itemPath()).as(r.name()).isEqualTo(r.listPath() + "/{id}");
            } else {
                assertThat(r.operations()).as("%s has no item path, so no item operation", r.name())
                        .doesNotContain(Operation.RETRIEVE, Operation.UPDATE, Operation.DELETE);
            }
            if (r.searchPath() != null) {
                assertThat(r.searchPath()).isEqualTo(r.listPath() + "/search");
                assertThat(r.supports(Operation.SEARCH)).isTrue();
            } else {
                assertThat(r.supports(Operation.SEARCH)).as(r.name()).isFalse();
            }
            Set<String> actionNames = new HashSet<>();
            for (ResourceAction a : r.actions()) {
                assertThat(actionNames.add(a.name())).as("action %s of %s is unique", a.name(), r.name()).isTrue();
                assertThat(a.method()).isIn("GET", "POST", "DELETE");
                assertThat(a.path()).as("%s %s", r.name(), a.name()).startsWith(r.itemPath());
                assertThat(a.name()).matches("[a-z_]+");
            }
        }
    }

    @Test
    void operationsAndActionsMatchStripeJavaServices() throws Exception {
        for (StripeResource r : catalog.resources()) {
            Class<?> service = serviceOf(r);
            Set<String> methods = new TreeSet<>();
            for (Method m : service.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers())) {
                    methods.add(m.getName());
                }
            }
            for (Operation op : Operation.values()) {
                assertThat(r.supports(op)).as("%s %s vs %s", r.name(), op, service.getSimpleName())
                        .isEqualTo(methods.contains(op.wireName()));
            }
            for (ResourceAction a : r.actions()) {
                boolean found = methods.stream().map(StripeCatalogTest::snake)
                        .anyMatch(m -> m.equals(a.name()) || m.startsWith(a.name() + "_")
                                       || a.name().startsWith("delete_") && m.equals(a.name()));
                assertThat(found).as("%s action %s exists in %s %s", r.name(), a.name(), service.getSimpleName(), methods)
                        .isTrue();
            }
        }
    }

    private static Class<?> serviceOf(StripeResource r) {
        List<Class<?>> candidates = servicesByModel.get(r.modelClass());
        assertThat(candidates).as("a stripe-java service lists %s", r.modelClass()).isNotEmpty();
        // stripe-java offers a no-argument list() (or list(account)) exactly when Stripe needs no list filter
        int pathParams = r.requiresAccount() ? 1 : 0;
        int params = pathParams + (r.listRequires().isEmpty() ? 0 : 1);
        for (Class<?> c : candidates) {
            boolean unfiltered = false;
            Method filtered = null;
            for (Method m : c.getDeclaredMethods()) {
                if (!m.getName().equals("list") || pathParams == 1 && m.getParameterTypes()[0] != String.class) {
                    continue;
                }
                unfiltered |= m.getParameterCount() == pathParams;
                if (m.getParameterCount() == pathParams + 1 && m.getParameterTypes()[pathParams].getName().endsWith("ListParams")) {
                    filtered = m;
                }
            }
            if (r.listRequires().isEmpty() && unfiltered) {
                return c;
            }
            if (!r.listRequires().isEmpty() && !unfiltered && filtered != null) {
                Class<?> paramsClass = filtered.getParameterTypes()[pathParams];
                for (String required : r.listRequires()) {
                    assertThat(hasField(paramsClass, camel(required))).as("%s has %s", paramsClass.getName(), required)
                            .isTrue();
                }
                return c;
            }
        }
        throw new AssertionError("No stripe-java service lists " + r.name() + " with exactly the filters "
                                 + r.listRequires() + " among " + candidates);
    }

    private static boolean hasField(Class<?> c, String name) {
        try {
            c.getDeclaredField(name);
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    private static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return sb.toString();
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    @Test
    void eventTypesAreWellFormedKnownAndClaimedOnce() {
        Map<String, String> owner = new HashMap<>();
        for (StripeResource r : catalog.resources()) {
            for (String type : r.eventTypes()) {
                assertThat(type).matches(EVENT_TYPE);
                assertThat(stripeJavaEventTypes.contains(type) || r.eventTypesFromSpec().contains(type))
                        .as("stripe-java knows %s, or the catalog says it comes from the spec", type).isTrue();
                String previous = owner.put(type, r.name());
                assertThat(previous).as("%s claimed by %s and %s", type, previous, r.name()).isNull();
                String prefix = type.substring(0, type.lastIndexOf('.'));
                assertThat(PREFIX_ALIASES.getOrDefault(prefix, prefix)).as("owner of %s", type).isEqualTo(r.name());
                assertThat(catalog.forEventType(type)).contains(r);
            }
        }
    }

    @Test
    void eventTypesAreTheUnionOfStripeJavaAndTheSpecEachWithItsOrigin() throws Exception {
        Set<String> specTypes = new HashSet<>();
        try (var in = getClass().getResourceAsStream("/reference/stripe-api-2022-04.json")) {
            JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonArray("eventTypes").forEach(e -> specTypes.add(e.getAsString()));
        }
        Set<String> known = new TreeSet<>(stripeJavaEventTypes);
        known.addAll(specTypes);
        known.remove("*");
        Map<String, Set<String>> expected = new HashMap<>();
        Map<String, Set<String>> expectedFromSpec = new HashMap<>();
        for (String type : known) {
            String prefix = type.substring(0, type.lastIndexOf('.'));
            String owner = PREFIX_ALIASES.getOrDefault(prefix, prefix);
            if (catalog.find(owner).isPresent() && !catalog.isNotTheObject(type)) {
                expected.computeIfAbsent(owner, k -> new TreeSet<>()).add(type);
                if (!stripeJavaEventTypes.contains(type)) {
                    expectedFromSpec.computeIfAbsent(owner, k -> new TreeSet<>()).add(type);
                }
            }
        }
        for (StripeResource r : catalog.resources()) {
            assertThat(new TreeSet<>(r.eventTypes())).as(r.name()).isEqualTo(expected.getOrDefault(r.name(), Set.of()));
            assertThat(new TreeSet<>(r.eventTypesFromSpec())).as(r.name())
                    .isEqualTo(expectedFromSpec.getOrDefault(r.name(), Set.of()));
            if (r.eventWildcard() != null) {
                // the wildcard selects exactly the resource's known types: no other known type starts with its prefix
                String prefix = r.eventWildcard().substring(0, r.eventWildcard().length() - 1);
                assertThat(r.eventWildcard()).endsWith(".*");
                assertThat(known.stream().filter(t -> t.startsWith(prefix)).toList()).as(r.name())
                        .containsExactlyInAnyOrderElementsOf(r.eventTypes());
            }
        }
        assertThat(catalog.require("invoiceitem").eventTypesFromSpec()).containsExactly("invoiceitem.updated");
        assertThat(catalog.require("invoiceitem").eventWildcard()).isEqualTo("invoiceitem.*");
        assertThat(catalog.require("transfer").eventTypesFromSpec()).containsExactly("transfer.failed", "transfer.paid");
        assertThat(catalog.require("customer").eventWildcard()).as("customer.subscription.* is not a customer's").isNull();
        assertThat(catalog.require("invoice").eventWildcard()).as("invoice.upcoming is a preview").isNull();
        long wildcards = catalog.resources().stream().filter(r -> r.eventWildcard() != null).count();
        System.out.printf("event types: %d from stripe-java, %d more from the 2022-04 spec; %d resources read by wildcard%n",
                catalog.resources().stream().mapToLong(r -> r.eventTypes().size() - r.eventTypesFromSpec().size()).sum(),
                catalog.resources().stream().mapToLong(r -> r.eventTypesFromSpec().size()).sum(), wildcards);
    }

    @Test
    void eventsBelongByExactTypeNotByPrefix() {
        assertThat(catalog.forEventType("customer.subscription.updated").map(StripeResource::name)).contains("subscription");
        assertThat(catalog.forEventType("customer.subscription.trial_will_end").map(StripeResource::name))
                .contains("subscription");
        assertThat(catalog.forEventType("charge.dispute.created").map(StripeResource::name)).contains("dispute");
        assertThat(catalog.forEventType("charge.refund.updated").map(StripeResource::name)).contains("refund");
        assertThat(catalog.forEventType("issuing_card.created").map(StripeResource::name)).contains("issuing.card");
        assertThat(catalog.forEventType("invoiceitem.created").map(StripeResource::name)).contains("invoiceitem");
        assertThat(catalog.forEventType("customer.discount.created")).isEmpty();
        assertThat(catalog.forEventType("customer.source.created")).isEmpty();
        assertThat(catalog.forEventType("invoice.upcoming")).as("a preview invoice without id").isEmpty();
        assertThat(catalog.forEventType("billing.alert.triggered")).as("data.object is billing.alert_triggered").isEmpty();
        assertThat(catalog.require("customer").eventTypes())
                .containsExactlyInAnyOrder("customer.created", "customer.updated", "customer.deleted");
        assertThat(catalog.require("subscription").eventTypes()).allMatch(t -> t.startsWith("customer.subscription."))
                .contains("customer.subscription.created", "customer.subscription.deleted");
        assertThat(catalog.require("invoice").eventTypes()).contains("invoice.finalized", "invoice.paid")
                .doesNotContain("invoice.upcoming");
    }

    @Test
    void coversEveryReferenceResourceThatStripeJavaStillModels() throws Exception {
        JsonObject reference;
        try (var in = getClass().getResourceAsStream("/reference/stripe-api-2022-04.json")) {
            reference = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        Set<String> missing = new LinkedHashSet<>();
        int checked = 0;
        for (JsonElement e : reference.getAsJsonArray("listEndpoints")) {
            JsonObject endpoint = e.getAsJsonObject();
            String object = endpoint.get("object").getAsString();
            if (!EventDataClassLookup.classLookup.containsKey(object)
                || REFERENCE_PREVIEWS.contains(endpoint.get("listPath").getAsString())) {
                continue;
            }
            checked++;
            if (catalog.find(object).isEmpty()) {
                missing.add(object);
            }
        }
        assertThat(missing).as("reference resources stripe-java still models").isEmpty();
        assertThat(checked).isGreaterThan(50);
        // every reference event type still known to stripe-java lands on the resource its prefix names
        for (JsonElement e : reference.getAsJsonArray("eventTypes")) {
            String type = e.getAsString();
            String prefix = type.substring(0, type.lastIndexOf('.'));
            String object = PREFIX_ALIASES.getOrDefault(prefix, prefix);
            if (stripeJavaEventTypes.contains(type) && catalog.find(object).isPresent()
                && !type.equals("invoice.upcoming")) {
                assertThat(catalog.forEventType(type).map(StripeResource::name)).as(type).contains(object);
            }
        }
    }

    /**
     * The catalog's list and item paths, checked against Stripe's own spec (the 2022-04 reference, a source the
     * catalog generator does not read) wherever the spec lists the object: a path typed or curated wrongly shows here
     * even though the simulator, built on the catalog, would serve it.
     */
    @Test
    void pathsMatchStripesSpecWhereItListsTheObject() throws Exception {
        JsonObject reference;
        try (var in = getClass().getResourceAsStream("/reference/stripe-api-2022-04.json")) {
            reference = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        // the spec of 2022-04 lists these objects only under other, equivalent paths of the same API
        Map<String, String> aliases = Map.of(
                "/v1/accounts/{}/capabilities", "/v1/account/capabilities",   // the account's own vs a connected one's
                "/v1/accounts/{}/persons", "/v1/account/persons",
                "/v1/balance_transactions", "/v1/balance/history");           // the older name of the same list
        Map<String, Set<String>> specLists = new HashMap<>();
        Map<String, Set<String>> specItems = new HashMap<>();
        for (JsonElement e : reference.getAsJsonArray("listEndpoints")) {
            JsonObject endpoint = e.getAsJsonObject();
            String object = endpoint.get("object").getAsString();
            specLists.computeIfAbsent(object, k -> new HashSet<>()).add(shape(endpoint.get("listPath").getAsString()));
            if (endpoint.has("itemPath")) {
                specItems.computeIfAbsent(object, k -> new HashSet<>()).add(shape(endpoint.get("itemPath").getAsString()));
            }
        }
        int checked = 0;
        for (StripeResource r : catalog.resources()) {
            Set<String> lists = specLists.get(r.name());
            if (lists == null) {
                continue;
            }
            String list = shape(r.listPath());
            assertThat(lists).as("%s list path %s in Stripe's spec", r.name(), r.listPath())
                    .contains(aliases.getOrDefault(list, list));
            if (r.itemPath() != null && specItems.containsKey(r.name())) {
                String item = shape(r.itemPath());
                String aliased = aliases.entrySet().stream().filter(a -> item.startsWith(a.getKey() + "/"))
                        .map(a -> a.getValue() + item.substring(a.getKey().length())).findFirst().orElse(item);
                assertThat(specItems.get(r.name())).as("%s item path %s in Stripe's spec", r.name(), r.itemPath())
                        .contains(aliased);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(50);
    }

    /** A path with its parameters unnamed: {@code /v1/customers/{customer}} and {@code /v1/customers/{id}} agree. */
    private static String shape(String path) {
        return path.replaceAll("\\{[^}]+}", "{}");
    }

    @Test
    void suggestsClosestNames() {
        assertThat(catalog.closestNames("custmer", 1)).containsExactly("customer");
        assertThat(catalog.closestNames("subscripton", 1)).containsExactly("subscription");
        assertThat(StripeCatalog.editDistance("kitten", "sitting")).isEqualTo(3);
    }
}
