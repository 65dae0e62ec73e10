package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import io.stripesync.camel.catalog.SnapshotPass;
import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.ListPages;
import io.stripesync.camel.client.StripeGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which extra passes a snapshot needs for objects its list hides unless asked: in test mode, customers, subscriptions
 * and quotes on a test clock (one pass per clock, {@code test_clock=...}) and subscription schedules of customers on a
 * test clock (one pass per such customer); custom payment methods ({@code type=custom}). Decided when a snapshot
 * starts; objects on a clock made later are created after the CDC start, so their events bring them.
 */
public final class SnapshotPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPlanner.class);

    private final StripeGateway gateway;
    private final StripeResource resource;
    private final boolean testMode;

    /** @param testMode whether the key can see test clocks (test keys, or a supplied client whose mode is unknown) */
    public SnapshotPlanner(StripeGateway gateway, StripeResource resource, boolean testMode) {
        this.gateway = gateway;
        this.resource = resource;
        this.testMode = testMode;
    }

    /** The filters of the extra passes, each a whole pass over the list; empty when the list hides nothing. */
    public List<Map<String, String>> passes() throws StripeException {
        List<Map<String, String>> passes = new ArrayList<>();
        for (SnapshotPass pass : resource.snapshotPasses()) {
            if (pass.value() != null) {
                passes.add(Map.of(pass.param(), pass.value()));
                continue;
            }
            if (!testMode) {
                continue;
            }
            List<String> clocks = ids(StripeCatalog.defaultCatalog().require("test_helpers.test_clock").listPath(), Map.of());
            if (pass.each().equals(SnapshotPass.EACH_TEST_CLOCK)) {
                clocks.forEach(clock -> passes.add(Map.of(pass.param(), clock)));
            } else {
                for (String clock : clocks) {
                    ids(StripeCatalog.defaultCatalog().require("customer").listPath(), Map.of("test_clock", clock))
                            .forEach(customer -> passes.add(Map.of(pass.param(), customer)));
                }
            }
        }
        return passes;
    }

    private List<String> ids(String path, Map<String, Object> filter) throws StripeException {
        List<String> ids = new ArrayList<>();
        ListPages pages = new ListPages(gateway, path, new LinkedHashMap<>(filter), null, false, 0);
        try {
            for (JsonObject o = pages.nextOrNull(); o != null; o = pages.nextOrNull()) {
                ids.add(o.get("id").getAsString());
            }
        } catch (InvalidRequestException | PermissionException e) {
            // a live client asking for test clocks (400/404), or a restricted key without that permission (403)
            LOG.warn("The snapshot of {} cannot list {} (HTTP {}): objects the list hides without {} are not in it",
                    resource.name(), path, e.getStatusCode(), filter.isEmpty() ? "a test clock" : filter.keySet());
        }
        return ids;
    }
}
