package io.stripesync.camel.source;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import io.stripesync.camel.catalog.Operation;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.StripeGateway;

/**
 * Reads a change's object again, at the stream's API version (its gateway's) and as it is now. Used for events rendered
 * at another API version, and for events that may not be their object's newest (same-second ties, late-visible events): a record
 * carrying the current state is right whatever order it reaches the route in. Deletions keep their payload, which is
 * all Stripe has left; an object found gone turns its record into a deletion.
 */
public final class Rehydration {

    private final StripeGateway gateway;
    private final RehydrateMode mode;
    private final String itemPath;
    /** Where several objects are read at once; null reads them one after the other. */
    private Executor readers;

    public Rehydration(StripeGateway gateway, StripeResource resource, String account, RehydrateMode mode) {
        this.gateway = gateway;
        this.mode = mode;
        boolean retrievable = resource.itemPath() != null && resource.supports(Operation.RETRIEVE);
        this.itemPath = retrievable ? resource.itemPath().replace("{account}", account == null ? "" : account) : null;
    }

    /**
     * Reads the objects of one poll at once on these threads (under the shared rate limiter): a poll or a backlog
     * window where many objects changed more than once in a second waits one answer, not one per object.
     */
    public Rehydration readingWith(Executor readers) {
        this.readers = readers;
        return this;
    }

    public RehydrateMode mode() {
        return mode;
    }

    /** Whether the record is to carry the object as read now rather than its payload. */
    public boolean wanted(ChangeRecord record, boolean orderUncertain) {
        if (itemPath == null || mode == RehydrateMode.never || record.type() == ChangeType.DELETE) {
            return false;
        }
        return mode == RehydrateMode.always || orderUncertain
               || !gateway.version().equals(record.apiVersion());
    }

    /** Each of these objects as Stripe has it now, read once (empty when gone), by id. */
    public Map<String, Optional<JsonObject>> readAll(Collection<String> ids) throws StripeException {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        Map<String, Optional<JsonObject>> read = new HashMap<>();
        if (readers == null || distinct.size() < 2) {
            for (String id : distinct) {
                read.put(id, Optional.ofNullable(retrieve(id)));
            }
            return read;
        }
        List<ParallelReads.Read<Optional<JsonObject>>> reads = new ArrayList<>();
        distinct.forEach(id -> reads.add(() -> Optional.ofNullable(retrieve(id))));
        List<Optional<JsonObject>> answers = ParallelReads.all(reads, readers);
        for (int i = 0; i < distinct.size(); i++) {
            read.put(distinct.get(i), answers.get(i));
        }
        return read;
    }

    /**
     * The record with its object as Stripe has it now; a deletion when Stripe no longer has it.
     *
     * @param read the objects read by {@link #readAll(Collection)}, this record's among them
     */
    public ChangeRecord apply(ChangeRecord record, Map<String, Optional<JsonObject>> read) {
        return read.get(record.objectId()).map(o -> record.withObject(o, gateway.version()))
                .orElseGet(record::asDeletion);
    }

    private JsonObject retrieve(String id) throws StripeException {
        try {
            JsonObject object = gateway.get(itemPath.replace("{id}", java.net.URLEncoder.encode(id,
                    StandardCharsets.UTF_8)), null);
            JsonElement deleted = object.get("deleted");
            return deleted != null && deleted.isJsonPrimitive() && deleted.getAsBoolean() ? null : object;
        } catch (InvalidRequestException e) {
            if (e.getStatusCode() != null && e.getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
