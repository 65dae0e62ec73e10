package io.stripesync.camel.catalog;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.google.gson.annotations.SerializedName;
import com.stripe.model.StripeCollection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog's facts about the real API's edges, checked against stripe-java 33.3.0, which mirrors Stripe's OpenAPI
 * spec: every nested list is a list-typed property of the model and is read from the endpoint stripe-java itself calls
 * for it; every snapshot parameter is a value the list accepts; "deleted keeps the object" only where no DELETE exists.
 */
class CatalogEdgesTest {

    private final StripeCatalog catalog = StripeCatalog.defaultCatalog();

    @Test
    void everyListTypedPropertyOfACatalogModelIsANestedListAndViceVersa() throws Exception {
        Set<String> modelled = new HashSet<>();
        for (StripeResource r : catalog.resources()) {
            for (Field f : Class.forName(r.modelClass()).getDeclaredFields()) {
                if (StripeCollection.class.isAssignableFrom(f.getType())) {
                    modelled.add(r.name() + "." + f.getAnnotation(SerializedName.class).value());
                }
            }
        }
        Set<String> catalogued = new HashSet<>();
        catalog.resources().forEach(r -> r.nestedLists().forEach(n -> catalogued.add(r.name() + "." + n.field())));
        assertThat(catalogued).isEqualTo(modelled).contains("invoice.lines", "subscription.items", "credit_note.lines",
                "checkout.session.line_items");
    }

    @Test
    void everyNestedListIsReadFromTheEndpointStripeJavaUsesForIt() throws Exception {
        StripeJavaServices services = new StripeJavaServices();
        int checked = 0;
        for (StripeResource r : catalog.resources()) {
            for (NestedList n : r.nestedLists()) {
                Class<?> item = itemClass(Class.forName(r.modelClass()), n.field());
                Set<String> paths = new HashSet<>();
                for (StripeJavaServices.ListMethod lm : services.lists()) {
                    if (lm.item() != item) {
                        continue;
                    }
                    Class<?>[] types = lm.method().getParameterTypes();
                    boolean byPath = types.length == 1 && types[0] == String.class;
                    boolean byFilter = types.length == 1 && types[0].getSimpleName().endsWith("ListParams");
                    if (byPath && n.parentParam() == null) {
                        paths.add(services.pathOf(lm, "par_123"));
                    } else if (byFilter && n.parentParam() != null
                               && StripeJavaServices.field(types[0], n.parentParam()) != null) {
                        paths.add(services.pathOf(lm, null));
                    }
                }
                assertThat(paths).as("%s.%s", r.name(), n.field())
                        .contains(n.parentParam() == null ? n.pathFor("par_123") : n.path());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(17);
    }

    @Test
    void snapshotParametersAreValuesTheListAccepts() throws Exception {
        StripeResource subscription = catalog.require("subscription");
        assertThat(subscription.snapshotParams()).isEqualTo(Map.of("status", "all"));
        for (StripeResource r : catalog.resources()) {
            for (Map.Entry<String, String> p : r.snapshotParams().entrySet()) {
                Class<?> params = listParamsClass(r);
                Field field = StripeJavaServices.field(params, p.getKey());
                assertThat(field).as("%s list has %s", r.name(), p.getKey()).isNotNull();
                Set<String> values = new HashSet<>();
                for (Object constant : field.getType().getEnumConstants()) {
                    values.add(field.getType().getField(((Enum<?>) constant).name()).getAnnotation(SerializedName.class).value());
                }
                assertThat(values).as("%s %s values", r.name(), p.getKey()).contains(p.getValue());
            }
        }
    }

    @Test
    void snapshotPassesFilterByParametersTheListTakes() throws Exception {
        StripeJavaServices services = new StripeJavaServices();
        int checked = 0;
        for (StripeResource r : catalog.resources()) {
            Class<?> params = services.listParams(r);
            for (SnapshotPass pass : r.snapshotPasses()) {
                Field field = StripeJavaServices.field(params, pass.param());
                assertThat(field).as("%s list has %s", r.name(), pass.param()).isNotNull();
                if (pass.value() != null) {
                    Set<String> values = new HashSet<>();
                    for (Object constant : field.getType().getEnumConstants()) {
                        values.add(field.getType().getField(((Enum<?>) constant).name()).getAnnotation(SerializedName.class)
                                .value());
                    }
                    assertThat(values).as("%s %s", r.name(), pass.param()).contains(pass.value());
                }
                checked++;
            }
            // Stripe's reference: a list that takes test_clock leaves the clocks' objects out without it
            boolean takesTestClock = StripeJavaServices.field(params, "test_clock") != null;
            assertThat(r.snapshotPasses().stream().anyMatch(p -> p.param().equals("test_clock")))
                    .as("%s: a pass per test clock", r.name()).isEqualTo(takesTestClock);
        }
        assertThat(checked).isEqualTo(5);
        assertThat(catalog.require("subscription_schedule").snapshotPasses()).containsExactly(
                new SnapshotPass("customer", null, SnapshotPass.EACH_TEST_CLOCK_CUSTOMER));
    }

    @Test
    void onlyAResourceWithoutDeleteKeepsItsObjectAfterItsDeletedEvent() {
        for (StripeResource r : catalog.resources()) {
            if (r.deletedEventKeepsObject()) {
                assertThat(r.supports(Operation.DELETE)).as(r.name()).isFalse();
                assertThat(r.eventTypes()).as(r.name()).anyMatch(t -> t.endsWith(".deleted"));
            }
        }
        StripeResource subscription = catalog.require("subscription");
        assertThat(subscription.changeKind("customer.subscription.deleted")).isEqualTo(ChangeKind.UPDATE);
        assertThat(subscription.changeKind("customer.subscription.created")).isEqualTo(ChangeKind.CREATE);
        assertThat(catalog.require("customer").changeKind("customer.deleted")).isEqualTo(ChangeKind.DELETE);
        assertThat(catalog.require("invoice").changeKind("invoice.deleted")).isEqualTo(ChangeKind.DELETE);
        assertThat(catalog.require("invoice").changeKind("invoice.voided")).isEqualTo(ChangeKind.UPDATE);
    }

    private static Class<?> itemClass(Class<?> model, String field) {
        for (Field f : model.getDeclaredFields()) {
            SerializedName name = f.getAnnotation(SerializedName.class);
            if (name != null && name.value().equals(field)) {
                Type t = f.getType().getGenericSuperclass();
                return (Class<?>) ((ParameterizedType) t).getActualTypeArguments()[0];
            }
        }
        throw new AssertionError(model.getSimpleName() + " has no property " + field);
    }

    private static Class<?> listParamsClass(StripeResource r) throws ClassNotFoundException {
        String model = r.modelClass();
        String pkg = model.substring("com.stripe.model".length(), model.lastIndexOf('.'));
        return Class.forName("com.stripe.param" + pkg + "." + model.substring(model.lastIndexOf('.') + 1) + "ListParams");
    }
}
